package dev.grasp.embedding.amg;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.grasp.embedding.eval.ClusteringMetrics;
import dev.grasp.embedding.eval.EdgeSplit;
import dev.grasp.graph.Graph;
import dev.grasp.graph.util.ScalaSeq;
import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Chooses the attribute weight of an attributed clustering from the data, by held-out likelihood: a tenth of the
 * graph's edges and a tenth of the vertices' attribute values are hidden, the rest is clustered at each weight of a
 * grid (multiples of the graph's scale, {@link #choose}), and the weight whose clusters best predict the hidden edges
 * and values together is kept.
 *
 * <p>The split: node pairs {u, v} joined by an edge are hidden with probability {@link #HELD_OUT} ({@link EdgeSplit}:
 * seeded, both directions together, every non-isolated node keeps one pair); each (id, attribute, value) row is hidden
 * with probability {@link #HELD_OUT} by a seeded hash of (id, attribute, value). Every vertex stays in the training
 * graph.
 *
 * <p>The score of a clustering c, in bits (log₂ likelihood ratios against the clustering-free model; higher is
 * better):
 * <ul>
 *   <li>edges: a degree-corrected block model fitted to the training edges (undirected simple view): a hidden pair
 *       {u, v} of clusters r, s scores log₂((m_rs + α·e_rs) / ((1 + α)·e_rs)), where m_rs counts training edge ends
 *       between r and s (both orientations, so Σ_s m_rs = D_r, the volume of r), e_rs = D_r·D_s / 2m is what the
 *       configuration model (the clustering-free model) expects, and α = {@link #EDGE_PRIOR} pseudo-edges shrink
 *       toward it;</li>
 *   <li>attribute values: each cluster's rate of each (attribute, value), shrunk toward the global rate: a hidden
 *       row (v, a) scores log₂(((n_c(a) + β·p(a)) / (|c| + β)) / p(a)), where c is v's cluster, n_c(a) the training
 *       rows of value a in c, p(a) = (n(a) + ½) / (N + 1) the global rate over N vertices and β =
 *       {@link #VALUE_PRIOR}.</li>
 * </ul>
 * Both are sums of per-item log-likelihood ratios of models whose expected totals match the clustering-free model's,
 * so adding them weighs edges against values by how much each kind of hidden data the clusters explain; neither needs
 * labels. The first weight of highest total wins (ties go to the smaller weight, the grid ascending).
 *
 * <p>Cost: one clustering per grid weight on the training data, plus a few aggregations per weight (cluster volumes,
 * block counts, value counts) whose results — k×k block counts and integer count triples — are summed in the driver in
 * a fixed order, so the choice is the same for any partitioning.
 */
public final class AttributeWeightSearch {

  /**
   * The weights tried, as multiples of the graph's scale (see {@link #scale}), ascending: from structure only to
   * attribute edges weighing three times the structure (docs/amg-clustering.md, "Choosing the attribute weight").
   */
  public static final double[] FACTORS = {0.0, 0.1, 0.3, 1.0, 3.0};
  /** Fraction of edge pairs and of attribute rows hidden. */
  public static final double HELD_OUT = 0.1;
  /** α: pseudo-edges per block pulling the block model toward the configuration model. */
  public static final double EDGE_PRIOR = 1.0;
  /** β: pseudo-vertices per cluster pulling its value rates toward the global rates. */
  public static final double VALUE_PRIOR = 10.0;
  private static final long SALT_VALUES = 0x61747472L;

  private AttributeWeightSearch() {}

  /** Clusters a training graph with training attributes (null at weight 0) at a weight: {@code id, cluster}. */
  @FunctionalInterface
  public interface Clusterer {
    Dataset<Row> cluster(Graph train, Dataset<Row> attributes, double weight);
  }

  /**
   * One grid weight's score.
   *
   * @param weight the attribute weight
   * @param edgeBits log₂ likelihood ratio of the hidden edge pairs
   * @param valueBits log₂ likelihood ratio of the hidden attribute rows
   */
  public record Score(double weight, double edgeBits, double valueBits) {
    public double totalBits() {
      return edgeBits + valueBits;
    }
  }

  /**
   * The weight kept, the grid's scores, and the size of the hidden data.
   *
   * @param weight the weight of highest total score
   * @param scale the graph's scale: the weight at which a vertex's attribute edges weigh as much as its structural
   *     edges on average
   * @param scores one per grid weight, in grid order
   * @param heldOutPairs hidden edge pairs
   * @param heldOutValues hidden attribute rows
   */
  public record Choice(double weight, double scale, List<Score> scores, long heldOutPairs, long heldOutValues) {}

  /**
   * Scores the weights {@code factors} (ascending, ≥ 0) × the scale on a held-out split of {@code g} and
   * {@code attributes} ({@code id, attribute, value}) and returns the best. The scale, 2 · (training pairs) /
   * (training attribute rows), is the mean structural degree over the mean attribute rows per vertex: at weight
   * factor × scale a vertex's attribute edges weigh factor times its structural edges on average, so the grid means
   * the same balance on graphs with 3 words per vertex or 90.
   */
  public static Choice choose(Graph g, Dataset<Row> attributes, long seed, double[] factors, Clusterer clusterer) {
    if (factors.length == 0) {
      throw new IllegalArgumentException("the attribute weight grid is empty");
    }
    for (int i = 0; i < factors.length; i++) {
      if (!(factors[i] >= 0) || Double.isInfinite(factors[i]) || i > 0 && factors[i] <= factors[i - 1]) {
        throw new IllegalArgumentException("attribute weight factors must be finite, >= 0 and ascending, got "
            + Arrays.toString(factors));
      }
    }
    EdgeSplit.Split split = EdgeSplit.split(g, HELD_OUT, 1.0, seed);
    Graph train = split.train();
    Dataset<Row> hiddenPairs = split.positives().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> rows = attributes.select(col(Graph.ID), col(AugmentedGraph.ATTRIBUTE), col(AugmentedGraph.VALUE))
        .withColumn("h", Seeds.uniform(Seeds.hash(seed, SALT_VALUES), col(Graph.ID),
            xxhash64(col(AugmentedGraph.ATTRIBUTE), col(AugmentedGraph.VALUE))))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> trainRows = rows.filter(col("h").geq(HELD_OUT)).drop("h");
    // the hidden rows with their values' training counts n(a), which no clustering changes: joined once
    Dataset<Row> hiddenRows = withValueCounts(rows.filter(col("h").lt(HELD_OUT)).drop("h"), trainRows)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> trainPairs = train.edges()
        .select(least(col(Graph.SRC), col(Graph.DST)).as(EdgeSplit.U),
            greatest(col(Graph.SRC), col(Graph.DST)).as(EdgeSplit.V))
        .filter(col(EdgeSplit.U).notEqual(col(EdgeSplit.V))).distinct()
        .persist(StorageLevel.MEMORY_AND_DISK());
    long vertices = g.vertices().count();
    List<Score> scores = new ArrayList<>();
    try {
      long pairCount = trainPairs.count();
      Row rowSplit = rows.agg(sum(when(col("h").geq(HELD_OUT), 1L).otherwise(0L)),
          sum(when(col("h").lt(HELD_OUT), 1L).otherwise(0L))).first();
      long rowCount = rowSplit.isNullAt(0) ? 0 : rowSplit.getLong(0);
      long hiddenRowCount = rowSplit.isNullAt(1) ? 0 : rowSplit.getLong(1);
      if (pairCount == 0 || rowCount == 0) {
        throw new IllegalArgumentException("choosing the attribute weight needs edges and attribute rows; the "
            + "training split has " + pairCount + " edge pairs and " + rowCount + " attribute rows");
      }
      double scale = roundTo3(2.0 * pairCount / rowCount);
      double[] grid = new double[factors.length];
      for (int i = 0; i < grid.length; i++) {
        grid[i] = roundTo3(factors[i] * scale);
      }
      for (double w : grid) {
        Dataset<Row> clusters = clusterer.cluster(train, w > 0 ? trainRows : null, w)
            .select(col(Graph.ID), col(ClusteringMetrics.CLUSTER).cast("long").as(ClusteringMetrics.CLUSTER))
            .persist(StorageLevel.MEMORY_AND_DISK());
        scores.add(new Score(w, edgeBits(trainPairs, hiddenPairs, clusters),
            valueBits(trainRows, hiddenRows, clusters, vertices)));
        clusters.unpersist();
      }
      int best = 0;
      for (int i = 1; i < scores.size(); i++) {
        if (scores.get(i).totalBits() > scores.get(best).totalBits()) {
          best = i;
        }
      }
      return new Choice(grid[best], scale, scores, hiddenPairs.count(), hiddenRowCount);
    } finally {
      hiddenPairs.unpersist();
      hiddenRows.unpersist();
      rows.unpersist();
      trainPairs.unpersist();
    }
  }

  /** Σ over hidden pairs of the block model's log₂ ratio against the configuration model (class comment). */
  static double edgeBits(Dataset<Row> trainPairs, Dataset<Row> hiddenPairs, Dataset<Row> clusters) {
    Dataset<Row> cu = clusters.select(col(Graph.ID).as(EdgeSplit.U), col(ClusteringMetrics.CLUSTER).as("r"));
    Dataset<Row> cv = clusters.select(col(Graph.ID).as(EdgeSplit.V), col(ClusteringMetrics.CLUSTER).as("s"));
    TreeMap<Long, Long> ends = new TreeMap<>(); // (r, s) packed → training edge ends between r and s
    TreeMap<Long, Long> volume = new TreeMap<>();
    for (Row b : blockCounts(trainPairs, cu, cv)) {
      long r = b.getLong(0);
      long s = b.getLong(1);
      long n = b.getLong(2);
      ends.merge(key(r, s), n, Long::sum);
      ends.merge(key(s, r), n, Long::sum);
      volume.merge(r, n, Long::sum);
      volume.merge(s, n, Long::sum);
    }
    double twoM = volume.values().stream().mapToLong(Long::longValue).sum();
    double bits = 0;
    for (Row b : blockCounts(hiddenPairs, cu, cv)) {
      long r = b.getLong(0);
      long s = b.getLong(1);
      double expected = volume.getOrDefault(r, 0L) * (double) volume.getOrDefault(s, 0L) / twoM;
      if (expected > 0) {
        double m = ends.getOrDefault(key(r, s), 0L);
        bits += b.getLong(2) * log2((m + EDGE_PRIOR * expected) / ((1 + EDGE_PRIOR) * expected));
      }
    }
    return bits;
  }

  /** Pairs counted by (cluster of u, cluster of v), sorted so the driver's sums go in a fixed order. */
  private static List<Row> blockCounts(Dataset<Row> pairs, Dataset<Row> cu, Dataset<Row> cv) {
    return pairs.join(cu, EdgeSplit.U).join(cv, EdgeSplit.V).groupBy("r", "s").agg(count(lit(1)).as("n"))
        .orderBy("r", "s").collectAsList();
  }

  /** {@code hiddenRows} with {@code n}: the training rows of the same (attribute, value), 0 when none. */
  static Dataset<Row> withValueCounts(Dataset<Row> hiddenRows, Dataset<Row> trainRows) {
    Dataset<Row> global = trainRows.groupBy(AugmentedGraph.ATTRIBUTE, AugmentedGraph.VALUE)
        .agg(count(lit(1)).as("n"));
    return hiddenRows.join(global, ScalaSeq.of(AugmentedGraph.ATTRIBUTE, AugmentedGraph.VALUE), "left")
        .select(col(Graph.ID), col(AugmentedGraph.ATTRIBUTE), col(AugmentedGraph.VALUE),
            coalesce(col("n"), lit(0L)).as("n"));
  }

  /**
   * Σ over hidden attribute rows ({@link #withValueCounts}) of the cluster's shrunk value rate's log₂ ratio to the
   * global rate.
   */
  static double valueBits(Dataset<Row> trainRows, Dataset<Row> hiddenRows, Dataset<Row> clusters, long vertices) {
    Dataset<Row> sizes = clusters.groupBy(ClusteringMetrics.CLUSTER).agg(count(lit(1)).as("size"));
    Dataset<Row> perCluster = trainRows.join(clusters, Graph.ID)
        .groupBy(ClusteringMetrics.CLUSTER, AugmentedGraph.ATTRIBUTE, AugmentedGraph.VALUE)
        .agg(count(lit(1)).as("nc"));
    List<Row> triples = hiddenRows.join(clusters, Graph.ID)
        .join(perCluster, ScalaSeq.of(ClusteringMetrics.CLUSTER, AugmentedGraph.ATTRIBUTE, AugmentedGraph.VALUE),
            "left")
        .join(sizes, ClusteringMetrics.CLUSTER)
        .groupBy(coalesce(col("nc"), lit(0L)).as("nc"), col("n"), col("size"))
        .agg(count(lit(1)).as("rows"))
        .orderBy("nc", "n", "size").collectAsList();
    double bits = 0;
    for (Row t : triples) {
      double p = (t.getLong(1) + 0.5) / (vertices + 1.0);
      double pc = (t.getLong(0) + VALUE_PRIOR * p) / (t.getLong(2) + VALUE_PRIOR);
      bits += t.getLong(3) * log2(pc / p);
    }
    return bits;
  }

  /** x to 3 significant digits (weights read back from the report as printed). */
  static double roundTo3(double x) {
    return x == 0 ? 0 : new java.math.BigDecimal(x).round(new java.math.MathContext(3)).doubleValue();
  }

  /** A cluster pair as one key (cluster numbers are below 2^31). */
  private static long key(long r, long s) {
    return r << 32 | s;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
