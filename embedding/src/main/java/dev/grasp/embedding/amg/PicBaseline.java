package dev.grasp.embedding.amg;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.grasp.embedding.eval.ClusteringMetrics;
import dev.grasp.graph.Graph;
import dev.grasp.graph.util.ScalaSeq;
import org.apache.spark.ml.clustering.PowerIterationClustering;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Spark MLlib baseline: {@link PowerIterationClustering} on the undirected view of a graph, or on its augmented
 * graph when attributes are given (value vertices are dropped from the output). Vertices PIC does not see (no edge)
 * get cluster 0.
 *
 * <p>The edges are hash-partitioned by (src, dst) into ⌈m / {@value #EDGES_PER_PARTITION}⌉ partitions (at least the
 * default parallelism) before PIC sees them: GraphX builds each edge partition in memory, so a partition must be
 * bounded (a 16M-edge Parquet input arrives in a couple of file splits and ran out of a 1 GiB heap), and hashing by
 * the edge makes each partition's edges — hence every sum PIC takes — independent of the input's partitioning.
 *
 * <p>Output: {@code id long, cluster int}. Cost: one count of the edges, then {@code maxIter} power iterations, O(m)
 * each, plus PIC's k-means on one dimension. Reference: Lin, Cohen, "Power Iteration Clustering", ICML 2010.
 */
public final class PicBaseline {

  /** Input edges per partition handed to PIC (each becomes two GraphX edges). */
  static final long EDGES_PER_PARTITION = 500_000L;

  private PicBaseline() {}

  /**
   * Runs PIC with {@code k} clusters; {@code initMode} "degree" (the better one in measurements here) or "random";
   * {@code attributes} may be null (structure only).
   */
  public static Dataset<Row> run(Graph g, Dataset<Row> attributes, double attributeWeight, int k, int maxIter,
      String initMode, boolean useEdgeWeights) {
    AugmentedGraph aug = AugmentedGraph.of(g, attributes, attributeWeight, useEdgeWeights);
    Dataset<Row> edges = aug.edges().filter(col(Graph.WEIGHT).gt(0))
        .select(col(Graph.SRC), col(Graph.DST), col(Graph.WEIGHT));
    edges = edges.repartition(partitions(edges), col(Graph.SRC), col(Graph.DST));
    Dataset<Row> a = new PowerIterationClustering().setK(k).setMaxIter(maxIter).setInitMode(initMode)
        .setWeightCol(Graph.WEIGHT).setSrcCol(Graph.SRC).setDstCol(Graph.DST)
        .assignClusters(edges);
    return g.vertices().select(Graph.ID).join(a, ScalaSeq.of(Graph.ID), "left")
        .select(col(Graph.ID), coalesce(col(ClusteringMetrics.CLUSTER), lit(0)).as(ClusteringMetrics.CLUSTER));
  }

  /** ⌈m / {@link #EDGES_PER_PARTITION}⌉, at least the default parallelism. */
  static int partitions(Dataset<Row> edges) {
    long m = edges.count();
    long bySize = (m + EDGES_PER_PARTITION - 1) / EDGES_PER_PARTITION;
    return (int) Math.max(edges.sparkSession().sparkContext().defaultParallelism(), bySize);
  }
}
