package dev.grasp.embedding.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.Graph;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Quality measures of a vertex clustering: modularity and SA-Cluster density on the graph, NMI and ARI against
 * ground-truth labels, SA-Cluster attribute entropy.
 *
 * <p>Inputs: clusters {@code id, cluster}; labels {@code id, label}; attributes in long format
 * {@code id, attribute, value}. Graphs are read as their undirected simple view ({@link #undirectedEdges}): self-loops
 * dropped, {@code u→v} and {@code v→u} one pair. Cost: a join of the edges with the clusters and one aggregation
 * each; NMI/ARI/entropy collect a contingency table of (classes × clusters) or (values × clusters) rows.
 *
 * <p>References: Newman, Girvan, Phys. Rev. E 69 (2004) (modularity); Strehl, Ghosh, JMLR 3 (2002) (NMI, arithmetic
 * normalisation as in scikit-learn); Hubert, Arabie, J. Classif. 2 (1985) (ARI); Zhou, Cheng, Yu, VLDB 2009
 * (SA-Cluster density and entropy).
 */
public final class ClusteringMetrics {

  public static final String CLUSTER = "cluster";
  public static final String LABEL = "label";

  private ClusteringMetrics() {}

  /** All five measures of one clustering. */
  public record Report(double nmi, double ari, double modularity, double density, double entropy) {}

  /**
   * The undirected simple view of a graph: one row per unordered pair {@code src < dst} (self-loops dropped); weight
   * is the largest weight of the pair's edges when {@code weighted}, else 1.
   *
   * <p>Schema: {@code src long, dst long, weight double}.
   */
  public static Dataset<Row> undirectedEdges(Graph g, boolean weighted) {
    Column w = weighted ? g.weightOrOne() : lit(1.0);
    return g.edges()
        .filter(col(Graph.SRC).notEqual(col(Graph.DST)))
        .select(least(col(Graph.SRC), col(Graph.DST)).as(Graph.SRC),
            greatest(col(Graph.SRC), col(Graph.DST)).as(Graph.DST), w.cast(DataTypes.DoubleType).as(Graph.WEIGHT))
        .groupBy(Graph.SRC, Graph.DST)
        .agg(max(Graph.WEIGHT).as(Graph.WEIGHT));
  }

  /**
   * Newman–Girvan modularity Q = Σ_c [L_c/m − (D_c/2m)²] on the undirected view; vertices without a cluster count as
   * singletons; 0 for a graph without edges.
   */
  public static double modularity(Graph g, Dataset<Row> clusters, boolean weighted) {
    Dataset<Row> e = undirectedEdges(g, weighted);
    Dataset<Row> c = clusterTable(clusters);
    Dataset<Row> ends = e.select(col(Graph.SRC).as(Graph.ID), col(Graph.WEIGHT))
        .union(e.select(col(Graph.DST).as(Graph.ID), col(Graph.WEIGHT)));
    Dataset<Row> degree = ends.groupBy(Graph.ID).agg(sum(Graph.WEIGHT).as("d"));
    // A vertex without a cluster is its own community: key (null, id) cannot meet a real cluster key.
    Dataset<Row> keyed = degree.join(c, degree.col(Graph.ID).equalTo(c.col("cid")), "left")
        .select(col("d"), col("c").as("k1"), when(col("c").isNull(), col(Graph.ID)).as("k2"));
    Row tot = keyed.groupBy("k1", "k2").agg(sum("d").as("dc"))
        .agg(sum(col("dc").multiply(col("dc"))).as("sq"), sum("dc").as("two_m")).first();
    if (tot.isNullAt(1) || tot.getDouble(1) == 0.0) {
      return 0.0;
    }
    double twoM = tot.getDouble(1);
    double sq = tot.getDouble(0);
    double intra = intraWeight(e, c);
    return intra / (twoM / 2.0) - sq / (twoM * twoM);
  }

  /**
   * {@link #modularity(Graph, Dataset, boolean)} of an unweighted graph held in the driver, every vertex in a cluster
   * ({@code clusterOf[position]}, positions as in {@code g}): the same integer counts, so the same bits.
   */
  public static double modularity(dev.grasp.graph.stats.LocalGraph g, int[] clusterOf) {
    return SimpleView.of(g, clusterOf).modularity(clusterOf);
  }

  /**
   * The undirected simple view of a graph held in the driver, counted for a clustering: {@code m} pairs, the
   * {@code intra} ones whose ends share a cluster, and every vertex's degree in the view.
   */
  private record SimpleView(long m, long intra, long[] degree) {

    static SimpleView of(dev.grasp.graph.stats.LocalGraph g, int[] clusterOf) {
      long[] simple = g.undirectedPairs();
      long[] degree = new long[g.vertices()];
      long intra = 0;
      for (long p : simple) {
        int a = dev.grasp.graph.util.PackedPairs.first(p);
        int b = dev.grasp.graph.util.PackedPairs.second(p);
        degree[a]++;
        degree[b]++;
        if (clusterOf[a] == clusterOf[b]) {
          intra++;
        }
      }
      return new SimpleView(simple.length, intra, degree);
    }

    /** Q from integer counts: each sum below is exact in doubles, so its order does not matter. */
    double modularity(int[] clusterOf) {
      Map<Integer, Long> dc = new HashMap<>();
      for (int v = 0; v < degree.length; v++) {
        if (degree[v] > 0) {
          dc.merge(clusterOf[v], degree[v], Long::sum);
        }
      }
      double twoM = 0.0;
      double sq = 0.0;
      for (long c : dc.values()) {
        twoM += c;
        sq += (double) c * c;
      }
      if (twoM == 0.0) {
        return 0.0;
      }
      return intra / (twoM / 2.0) - sq / (twoM * twoM);
    }
  }

  /**
   * {@link #evaluate} without attributes for tables held in the driver: the graph {@code g} (unweighted), each node's
   * labels, and the clusters {@code clusterIds[i] → clusterValues[i]} (distinct ids; ids that are no vertex of
   * {@code g} count for NMI/ARI only, vertices without a cluster are singletons). The same bits as the Spark measures.
   */
  public static Report evaluateInDriver(dev.grasp.graph.stats.LocalGraph g, Map<Long, java.util.Set<String>> labels,
      long[] clusterIds, long[] clusterValues) {
    Map<Long, Integer> position = new HashMap<>(g.vertices() * 2);
    for (int v = 0; v < g.vertices(); v++) {
      position.put(g.id(v), v);
    }
    int[] clusterOf = new int[g.vertices()];
    java.util.Arrays.fill(clusterOf, Integer.MIN_VALUE);
    Map<Long, Integer> index = new HashMap<>();
    Map<List<String>, Long> cells = new HashMap<>();
    for (int i = 0; i < clusterIds.length; i++) {
      Integer v = position.get(clusterIds[i]);
      if (v != null) {
        clusterOf[v] = index.computeIfAbsent(clusterValues[i], k -> index.size());
      }
      java.util.Set<String> ls = labels.get(clusterIds[i]);
      if (ls != null) {
        for (String l : ls) {
          cells.merge(Arrays.asList(l, Long.toString(clusterValues[i])), 1L, Long::sum);
        }
      }
    }
    int singleton = index.size();
    for (int v = 0; v < clusterOf.length; v++) {
      if (clusterOf[v] == Integer.MIN_VALUE) {
        clusterOf[v] = singleton++;
      }
    }
    SimpleView view = SimpleView.of(g, clusterOf);
    Contingency t = Contingency.of(cells);
    return new Report(nmi(t), ari(t), view.modularity(clusterOf), view.m() == 0 ? 0.0
        : (double) view.intra() / view.m(), Double.NaN);
  }

  /** SA-Cluster density: the fraction of undirected (unweighted) edges whose two ends share a cluster. */
  public static double density(Graph g, Dataset<Row> clusters) {
    Dataset<Row> e = undirectedEdges(g, false);
    long m = e.count();
    if (m == 0) {
      return 0.0;
    }
    return intraWeight(e, clusterTable(clusters)) / m;
  }

  /** Normalised mutual information 2·I(U;V)/(H(U)+H(V)) over the vertices present in both tables (1 if both are constant). */
  public static double nmi(Dataset<Row> labels, Dataset<Row> clusters) {
    return nmi(contingency(labels, clusters));
  }

  private static double nmi(Contingency t) {
    double n = t.n;
    if (n == 0) {
      return 0.0;
    }
    double hu = entropyOf(t.rowSums.values(), n);
    double hv = entropyOf(t.colSums.values(), n);
    double mi = 0.0;
    for (Map.Entry<List<String>, Long> cell : t.cells.entrySet()) {
      double nij = cell.getValue();
      double ai = t.rowSums.get(cell.getKey().get(0));
      double bj = t.colSums.get(cell.getKey().get(1));
      mi += nij / n * Math.log(n * nij / (ai * bj));
    }
    if (hu + hv == 0.0) {
      return 1.0;
    }
    return Math.max(0.0, 2.0 * mi / (hu + hv));
  }

  /** Adjusted Rand index over the vertices present in both tables (1 for identical trivial partitions). */
  public static double ari(Dataset<Row> labels, Dataset<Row> clusters) {
    return ari(contingency(labels, clusters));
  }

  private static double ari(Contingency t) {
    double index = 0.0;
    for (long nij : t.cells.values()) {
      index += pairs(nij);
    }
    double a = 0.0;
    for (long ai : t.rowSums.values()) {
      a += pairs(ai);
    }
    double b = 0.0;
    for (long bj : t.colSums.values()) {
      b += pairs(bj);
    }
    double all = pairs(t.n);
    if (all == 0.0) {
      return 1.0;
    }
    double expected = a * b / all;
    double maxIndex = (a + b) / 2.0;
    if (maxIndex == expected) {
      return 1.0;
    }
    return (index - expected) / (maxIndex - expected);
  }

  /**
   * SA-Cluster entropy: Σ_a (1/m) Σ_c (|V_c|/|V|) · H(values of a in V_c), base 2, over the clustered vertices and the
   * m distinct attributes. A vertex without a value for an attribute counts under the value "absent" (so a binary
   * word attribute that lists only present words is a two-valued attribute); a vertex with several values of one
   * attribute counts once per value, and the absent count is clamped at 0 then.
   */
  public static double entropy(Dataset<Row> attributes, Dataset<Row> clusters) {
    Dataset<Row> c = clusterTable(clusters).cache();
    try {
      Map<String, Long> clusterSize = new HashMap<>();
      long total = 0;
      for (Row r : c.groupBy("c").agg(count(lit(1)).as("n")).collectAsList()) {
        clusterSize.put(r.getString(0), r.getLong(1));
        total += r.getLong(1);
      }
      Dataset<Row> a = attributes.select(col(Graph.ID).cast(DataTypes.LongType).as("aid"),
              col("attribute").cast(DataTypes.StringType).as("a"), col("value").cast(DataTypes.StringType).as("v"))
          .distinct();
      List<Row> cells = a.join(c, col("aid").equalTo(col("cid")))
          .groupBy("a", "c", "v").agg(count(lit(1)).as("n")).collectAsList();
      List<String> attrs = a.select("a").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
      if (total == 0 || attrs.isEmpty()) {
        return 0.0;
      }
      Map<List<String>, double[]> perAc = new HashMap<>();
      Map<List<String>, Long> present = new HashMap<>();
      for (Row r : cells) {
        List<String> key = Arrays.asList(r.getString(0), r.getString(1));
        double cs = clusterSize.get(r.getString(1));
        double p = r.getLong(3) / cs;
        perAc.computeIfAbsent(key, k -> new double[1])[0] -= p * log2(p);
        present.merge(key, r.getLong(3), Long::sum);
      }
      double sum = 0.0;
      for (String attr : attrs) {
        for (Map.Entry<String, Long> cl : clusterSize.entrySet()) {
          List<String> key = Arrays.asList(attr, cl.getKey());
          double h = perAc.containsKey(key) ? perAc.get(key)[0] : 0.0;
          long absent = Math.max(0L, cl.getValue() - present.getOrDefault(key, 0L));
          if (absent > 0) {
            double p = absent / (double) cl.getValue();
            h -= p * log2(p);
          }
          sum += cl.getValue() / (double) total * h;
        }
      }
      return sum / attrs.size();
    } finally {
      c.unpersist();
    }
  }

  /** All measures; {@code attributes} may be null (entropy is then NaN). */
  public static Report evaluate(Graph g, Dataset<Row> attributes, Dataset<Row> labels, Dataset<Row> clusters,
      boolean weighted) {
    return new Report(nmi(labels, clusters), ari(labels, clusters), modularity(g, clusters, weighted),
        density(g, clusters), attributes == null ? Double.NaN : entropy(attributes, clusters));
  }

  private static double intraWeight(Dataset<Row> e, Dataset<Row> c) {
    Dataset<Row> cs = c.select(col("cid").as("s"), col("c").as("cs"));
    Dataset<Row> cd = c.select(col("cid").as("t"), col("c").as("cd"));
    Row r = e.join(cs, col(Graph.SRC).equalTo(col("s")))
        .join(cd, col(Graph.DST).equalTo(col("t")))
        .filter(col("cs").equalTo(col("cd")))
        .agg(sum(Graph.WEIGHT)).first();
    return r.isNullAt(0) ? 0.0 : r.getDouble(0);
  }

  private static Dataset<Row> clusterTable(Dataset<Row> clusters) {
    requireColumns(clusters, "clusters", Graph.ID, CLUSTER);
    return clusters.select(col(Graph.ID).cast(DataTypes.LongType).as("cid"),
        col(CLUSTER).cast(DataTypes.StringType).as("c"));
  }

  private static void requireColumns(Dataset<Row> df, String what, String... names) {
    List<String> have = Arrays.asList(df.columns());
    for (String n : names) {
      if (!have.contains(n)) {
        throw new IllegalArgumentException(what + " must have a column `" + n + "`; found " + have);
      }
    }
  }

  /**
   * Label × cluster counts, kept sorted (cells by label then cluster, sums by key) so that the floating-point sums over
   * them run in one order whatever order the counts were collected in.
   */
  private record Contingency(Map<List<String>, Long> cells, Map<String, Long> rowSums, Map<String, Long> colSums,
      long n) {

    static Contingency of(Map<List<String>, Long> counts) {
      Map<List<String>, Long> cells = new java.util.TreeMap<>((x, y) -> {
        int c = x.get(0).compareTo(y.get(0));
        return c != 0 ? c : x.get(1).compareTo(y.get(1));
      });
      cells.putAll(counts);
      Map<String, Long> rows = new java.util.TreeMap<>();
      Map<String, Long> cols = new java.util.TreeMap<>();
      long n = 0;
      for (Map.Entry<List<String>, Long> e : cells.entrySet()) {
        rows.merge(e.getKey().get(0), e.getValue(), Long::sum);
        cols.merge(e.getKey().get(1), e.getValue(), Long::sum);
        n += e.getValue();
      }
      return new Contingency(cells, rows, cols, n);
    }
  }

  private static Contingency contingency(Dataset<Row> labels, Dataset<Row> clusters) {
    requireColumns(labels, "labels", Graph.ID, LABEL);
    Dataset<Row> l = labels.select(col(Graph.ID).cast(DataTypes.LongType).as("lid"),
        col(LABEL).cast(DataTypes.StringType).as("l"));
    Dataset<Row> c = clusterTable(clusters);
    Map<List<String>, Long> cells = new HashMap<>();
    for (Row r : l.join(c, col("lid").equalTo(col("cid"))).groupBy("l", "c").agg(count(lit(1))).collectAsList()) {
      if (r.isNullAt(0) || r.isNullAt(1)) {
        throw new IllegalArgumentException("labels and clusters must not hold null labels or clusters; found "
            + r.get(0) + " / " + r.get(1));
      }
      cells.put(Arrays.asList(r.getString(0), r.getString(1)), r.getLong(2));
    }
    return Contingency.of(cells);
  }

  private static double entropyOf(java.util.Collection<Long> counts, double n) {
    double h = 0.0;
    for (long k : counts) {
      double p = k / n;
      h -= p * Math.log(p);
    }
    return h;
  }

  private static double pairs(double x) {
    return x * (x - 1) / 2.0;
  }

  private static double log2(double p) {
    return Math.log(p) / Math.log(2.0);
  }
}
