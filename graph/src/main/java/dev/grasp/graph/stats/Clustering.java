package dev.grasp.graph.stats;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.Graph;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Clustering coefficients on the undirected simple view of a directed graph (self-loops dropped, u→v and v→u merged,
 * duplicates removed), with networkx's conventions: the local coefficient of a vertex of degree d with t triangles is
 * 2t / (d(d − 1)), and 0 when d &lt; 2; the average clustering averages it over all vertices (isolated ones
 * included); the global clustering (transitivity) is 3·triangles / connected triples, triples = Σ d(d − 1)/2.
 *
 * <p>Output of {@link #local}: {@code id: long, degree: long, triangles: long, clustering: double}.
 *
 * <p>Triangles are listed with DataFrame joins on the degree-ordered orientation (Schank &amp; Wagner 2005; Suri &amp;
 * Vassilvitskii, "Counting triangles and the curse of the last reducer", WWW 2011): each undirected edge points from
 * its lower-ranked to its higher-ranked endpoint, rank = (degree, id); a triangle is found exactly once, as the wedge
 * at its lowest-ranked vertex closed by the oriented edge between the other two. Every out-degree in this orientation
 * is at most √(2|E|), so hubs cost O(|E|^1.5) wedges in total instead of Σ d² — this is why it scales to millions of
 * edges on two cores, where GraphX's TriangleCount would materialise full neighbour sets of hubs.
 */
public final class Clustering {

  public static final String DEGREE = "degree";
  public static final String TRIANGLES = "triangles";
  public static final String CLUSTERING = "clustering";

  /** Wedges per semi-join partition: about 100 MB of sort buffer per task (three longs and a pointer per row). */
  static final double WEDGES_PER_PARTITION = 2_000_000;
  private static final long MAX_WEDGE_PARTITIONS = 100_000;

  /**
   * Summary figures.
   *
   * @param triangles number of triangles of the undirected simple view
   * @param average average local clustering over all vertices
   * @param global transitivity, 3·triangles / connected triples (0 when there are no triples)
   */
  public record Summary(long triangles, double average, double global) {}

  private Clustering() {}

  /**
   * The undirected simple view of {@code g}: one row per unordered pair {u, v}, u ≠ v, with at least one edge
   * between them: {@code src: long, dst: long}, src &lt; dst.
   */
  public static Dataset<Row> undirectedSimpleEdges(Graph g) {
    return g.edges()
        .filter(col(Graph.SRC).notEqual(col(Graph.DST)))
        .select(least(col(Graph.SRC), col(Graph.DST)).as(Graph.SRC),
            greatest(col(Graph.SRC), col(Graph.DST)).as(Graph.DST))
        .distinct();
  }

  /**
   * Per-vertex degree (undirected simple), triangle count and local clustering coefficient. Not entirely lazy: one
   * Spark job counts the wedges first, to size the semi-join's partitions ({@link #wedgePartitions}).
   */
  public static Dataset<Row> local(Graph g) {
    return local(g, WEDGES_PER_PARTITION);
  }

  /** {@link #local(Graph)} with a given number of wedges per semi-join partition (tests force many partitions). */
  static Dataset<Row> local(Graph g, double wedgesPerPartition) {
    g.vertices().sparkSession().sparkContext().setJobDescription("grasp: triangle listing");
    Dataset<Row> und = undirectedSimpleEdges(g);
    Dataset<Row> deg = und.select(col(Graph.SRC).as(Graph.ID))
        .union(und.select(col(Graph.DST).as(Graph.ID)))
        .groupBy(Graph.ID).agg(count(lit(1)).as(DEGREE));

    Dataset<Row> withDeg = und
        .join(deg.select(col(Graph.ID).as(Graph.SRC), col(DEGREE).as("ds")), Graph.SRC)
        .join(deg.select(col(Graph.ID).as(Graph.DST), col(DEGREE).as("dd")), Graph.DST);
    Column srcLow = col("ds").lt(col("dd"))
        .or(col("ds").equalTo(col("dd")).and(col(Graph.SRC).lt(col(Graph.DST))));
    // u is the lower-ranked endpoint, v the higher one; dv is carried to rank pairs of out-neighbours.
    Dataset<Row> oriented = withDeg.select(
        when(srcLow, col(Graph.SRC)).otherwise(col(Graph.DST)).as("u"),
        when(srcLow, col(Graph.DST)).otherwise(col(Graph.SRC)).as("v"),
        when(srcLow, col("dd")).otherwise(col("ds")).as("dv"));

    Dataset<Row> x = oriented.select(col("u"), col("v").as("v1"), col("dv").as("d1"));
    Dataset<Row> y = oriented.select(col("u").as("u2"), col("v").as("v2"), col("dv").as("d2"));
    // The wedges outnumber the edges by far on skewed graphs (R-MAT, 16M edges), and the semi-join sorts them. With
    // the session's few shuffle partitions (16 in local mode) each sort task would spill hundreds of files whose
    // merge buffers alone exhaust a 1 GiB heap, so the wedges and closing edges are co-partitioned into enough
    // partitions to hold about WEDGES_PER_PARTITION wedges each (counted exactly from the oriented out-degrees).
    int parts = wedgePartitions(oriented, und.sparkSession().sessionState().conf().numShufflePartitions(),
        wedgesPerPartition);
    Dataset<Row> wedges = x.join(y, col("u").equalTo(col("u2")))
        .filter(col("d1").lt(col("d2")).or(col("d1").equalTo(col("d2")).and(col("v1").lt(col("v2")))))
        .select(col("u"), col("v1"), col("v2"))
        .repartition(parts, col("v1"), col("v2"));
    Dataset<Row> closing = oriented.select(col("u").as("c1"), col("v").as("c2"))
        .repartition(parts, col("c1"), col("c2"));
    Dataset<Row> triangles = wedges.join(closing,
        col("v1").equalTo(col("c1")).and(col("v2").equalTo(col("c2"))), "left_semi");
    // The triangle corners are summed per vertex in the same data-sized partitioning (by vertex), not in the
    // session's few partitions: there a few reduce tasks (fewer still after adaptive coalescing) each hashed
    // partial sums of hundreds of thousands of vertices from every semi-join task, and at 16M edges in 1 GiB the
    // hash aggregate's spill merge ran out of heap (docs/reliability.md). Hash-partitioned by id, the count needs no
    // further exchange and each task's map holds about |V| / parts vertices.
    Dataset<Row> perVertex = triangles.select(explode(array(col("u"), col("v1"), col("v2"))).as(Graph.ID))
        .repartition(parts, col(Graph.ID))
        .groupBy(Graph.ID).agg(count(lit(1)).as(TRIANGLES));

    Column d = col(DEGREE);
    return g.vertices().select(Graph.ID)
        .join(deg, Graph.ID, "full_outer")
        .join(perVertex, Graph.ID, "left_outer")
        .select(col(Graph.ID),
            coalesce(d, lit(0L)).as(DEGREE),
            coalesce(col(TRIANGLES), lit(0L)).as(TRIANGLES))
        .withColumn(CLUSTERING, when(d.geq(2),
            col(TRIANGLES).multiply(2.0).divide(d.multiply(d.minus(1)))).otherwise(lit(0.0)));
  }

  /**
   * Shuffle partitions for the wedge/closing-edge semi-join: at least the session's, and enough for about
   * {@link #WEDGES_PER_PARTITION} wedges each. The wedge count Σ_u d⁺(u)(d⁺(u) − 1)/2 over the oriented out-degrees
   * is one aggregation over the oriented edges.
   */
  static int wedgePartitions(Dataset<Row> oriented, int sessionPartitions, double wedgesPerPartition) {
    Column d = col("n");
    Row r = oriented.groupBy("u").agg(count(lit(1)).as("n"))
        .agg(coalesce(sum(d.multiply(d.minus(1)).divide(2)), lit(0.0))).first();
    double wedges = r.getDouble(0);
    long wanted = (long) Math.ceil(wedges / wedgesPerPartition);
    return (int) Math.max(sessionPartitions, Math.min(wanted, MAX_WEDGE_PARTITIONS));
  }

  /** Triangles, average and global clustering of a {@link #local} table. */
  public static Summary summary(Dataset<Row> local) {
    Column d = col(DEGREE);
    Row r = local.agg(
        coalesce(sum(col(TRIANGLES)), lit(0L)),
        coalesce(sum(col(CLUSTERING)), lit(0.0)),
        count(lit(1)),
        coalesce(sum(d.multiply(d.minus(1)).divide(2)), lit(0.0))).first();
    long triangleCorners = r.getLong(0);
    long n = r.getLong(2);
    double triples = r.getDouble(3);
    long triangles = triangleCorners / 3;
    double average = n == 0 ? 0.0 : r.getDouble(1) / n;
    double global = triples == 0 ? 0.0 : 3.0 * triangles / triples;
    return new Summary(triangles, average, global);
  }

  /** {@link #summary} of {@link #local}{@code (g)}. */
  public static Summary of(Graph g) {
    Dataset<Row> local = local(g).cache();
    try {
      return summary(local);
    } finally {
      local.unpersist(false);
    }
  }
}
