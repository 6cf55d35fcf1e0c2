package dev.grasp.embedding.amg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.embedding.eval.ClusteringMetrics;
import dev.grasp.graph.Graph;
import dev.grasp.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class AmgClusteringTest {

  static AmgParams fast(int k) {
    return AmgParams.defaults(k).withMaxHierarchies(6).withIterationsPerHierarchy(3).withRestarts(3);
  }

  @Test
  void recoversClearPlantedBlocksAndSmoothVectorsAreSmooth() {
    PlantedGraphs.Planted p = PlantedGraphs.sbm(3, 20, 0.5, 0.02, 1.0, 0, 5L);
    AmgClustering.Result r = AmgClustering.with(fast(3)).run(p.graph());
    assertEquals(60, r.assignments().count());
    double nmi = ClusteringMetrics.nmi(p.labels(), r.assignments());
    assertTrue(nmi > 0.9, "NMI " + nmi);
    assertTrue(r.modularity() > 0.4, "modularity " + r.modularity());
    assertEquals(6, r.convergence().length);
  }

  @Test
  void attributesAtWeightRecoverBlocksFromAmbiguousStructure() {
    // Structure alone is weak (pIn 0.12 vs pOut 0.06); one attribute agrees with the block 90% of the time.
    PlantedGraphs.Planted p = PlantedGraphs.sbm(3, 20, 0.12, 0.06, 0.9, 1, 9L);
    AmgClustering.Result structure = AmgClustering.with(fast(3)).run(p.graph());
    AmgClustering.Result attributed = AmgClustering.with(fast(3).withAttributeWeight(1.0))
        .run(p.graph(), p.attributes());
    double s = ClusteringMetrics.nmi(p.labels(), structure.assignments());
    double a = ClusteringMetrics.nmi(p.labels(), attributed.assignments());
    assertTrue(a > s + 0.1 && a > 0.5, "attributed NMI " + a + " vs structure-only " + s);
  }

  @Test
  void disconnectedGraphsWithIsolatedVerticesAndTinyComponentsWork() {
    PlantedGraphs.Planted big = PlantedGraphs.sbm(2, 15, 0.6, 0.0, 1.0, 0, 3L);
    Dataset<Row> extraEdges = TestSpark.get().sql("select 100L as src, 101L as dst union all select 200L, 201L");
    Dataset<Row> extraVertices = TestSpark.get().sql("select 100L as id union all select 101L union all select 200L"
        + " union all select 201L union all select 300L union all select 301L");
    Graph g = Graph.of(big.graph().vertices().union(extraVertices), big.graph().edges().union(extraEdges));
    // The default 10 k-means restarts: with 3, every restart can end in the local optimum that splits one planted
    // component (measured: it depends on the k-means++ draws), and modularity can only choose among the restarts.
    AmgClustering.Result r = AmgClustering.with(fast(2).withRestarts(10)).run(g);
    assertEquals(36, r.assignments().count());
    List<Row> purity = r.assignments().filter("id < 30")
        .selectExpr("cast(id / 15 as int) as block", "cluster").distinct().collectAsList();
    assertEquals(2, purity.size(), "each planted component must be one cluster: " + purity);
    assertEquals(36, r.embedding().count());
  }

  /**
   * The session-less driver run (runInDriver on the graph's arrays) gives the Spark path's clusters, embedding,
   * modularities and Ritz values bit for bit, on a graph with two planted components, a tiny component, isolated
   * vertices, a self-loop and an edge given in both directions.
   */
  @Test
  void driverRunGivesTheSparkPathsBits() {
    PlantedGraphs.Planted big = PlantedGraphs.sbm(2, 15, 0.6, 0.0, 1.0, 0, 3L);
    var spark = TestSpark.get();
    Dataset<Row> extraEdges = spark.sql("select 100L as src, 101L as dst union all select 101L, 100L"
        + " union all select 3L, 3L");
    Dataset<Row> extraVertices = spark.sql("select 100L as id union all select 101L union all select 300L");
    Graph g = Graph.of(big.graph().vertices().union(extraVertices).repartition(3),
        big.graph().edges().union(extraEdges).repartition(3));
    AmgClustering amg = AmgClustering.with(fast(2).withRestarts(10));
    AmgClustering.Result viaSpark = amg.run(g);
    dev.grasp.graph.stats.LocalGraph local = dev.grasp.graph.stats.LocalGraph.collect(g, 1L << 30);
    AmgClustering.Local driver = amg.runInDriver(local).orElseThrow();
    List<Row> assign = viaSpark.assignments().orderBy("id").collectAsList();
    List<Row> emb = viaSpark.embedding().orderBy("id").collectAsList();
    assertEquals(33, driver.ids().length);
    assertEquals(33, assign.size());
    for (int p = 0; p < driver.ids().length; p++) {
      assertEquals(assign.get(p).getLong(0), driver.ids()[p]);
      assertEquals(assign.get(p).getInt(1), driver.cluster()[p], "id " + driver.ids()[p]);
      List<Double> e = emb.get(p).getList(1);
      assertEquals(e.size(), driver.embedding()[p].length);
      for (int c = 0; c < e.size(); c++) {
        assertEquals(Double.doubleToLongBits(e.get(c)), Double.doubleToLongBits(driver.embedding()[p][c]));
      }
    }
    assertEquals(Double.doubleToLongBits(viaSpark.modularity()), Double.doubleToLongBits(driver.modularity()));
    assertEquals(java.util.Arrays.toString(viaSpark.ritzValues()), java.util.Arrays.toString(driver.ritzValues()));
    assertEquals(viaSpark.levelSizes(), driver.levelSizes());
    assertEquals(2, java.util.Arrays.stream(driver.cluster()).distinct().count(), "k = 2 clusters");
    assertEquals(0, amg.runInDriver(dev.grasp.graph.stats.LocalGraph.collect(
        Graph.of(extraVertices, extraEdges.limit(0)), 1L << 20)).orElseThrow().dimension(), "no edges: dimension 0");
    assertTrue(AmgClustering.with(fast(2).withUseEdgeWeights(true)).runInDriver(local).isEmpty(),
        "edge weights stay on Spark");
  }

  /**
   * Same seed, same clusters whatever the partitioning: the input is split into 1, 3 and 8 partitions and the session
   * uses as many shuffle partitions (as {@code grasp cluster --conf spark.sql.shuffle.partitions=N} does). Attribute
   * weight 0.1 makes the Laplacian's diagonal sums inexact in floating point, so their order matters unless summed
   * exactly.
   */
  @Test
  void sameSeedSameClustersFor1And3And8Partitions() {
    PlantedGraphs.Planted p = PlantedGraphs.sbm(3, 12, 0.5, 0.05, 0.8, 2, 21L);
    assertSameForAnyPartitioning(p, fast(3).withMaxHierarchies(4).withAttributeWeight(0.1));
  }

  /**
   * The same property on the distributed path: the finest level (36 vertices + 6 value vertices) is a DataFrame level
   * with its distributed matching, the coarser ones are on the driver.
   */
  @Test
  void sameSeedSameClustersForAnyPartitioningOnDistributedLevels() {
    PlantedGraphs.Planted p = PlantedGraphs.sbm(3, 12, 0.5, 0.05, 0.8, 2, 23L);
    assertSameForAnyPartitioning(p, fast(3).withMaxHierarchies(2).withIterationsPerHierarchy(1).withRestarts(2)
        .withCoarsestSize(30).withAttributeWeight(0.1));
  }

  private static void assertSameForAnyPartitioning(PlantedGraphs.Planted p, AmgParams params) {
    String first = null;
    var spark = TestSpark.get();
    try {
      for (int parts : new int[] {1, 3, 8}) {
        spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(parts));
        Graph g = Graph.of(p.graph().vertices().repartition(parts), p.graph().edges().repartition(parts));
        String a = AmgClustering.with(params).run(g, p.attributes().repartition(parts)).assignments()
            .orderBy("id").collectAsList().toString();
        if (first == null) {
          first = a;
        } else {
          assertEquals(first, a, parts + " partitions");
        }
      }
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", "4");
    }
  }

  /** k-means and modularity over Spark tables (driver-local threshold 0) give the driver path's clusters and bits. */
  @Test
  void sparkKMeansGivesTheDriverPathsClusters() {
    PlantedGraphs.Planted p = PlantedGraphs.sbm(3, 12, 0.5, 0.05, 0.8, 2, 21L);
    AmgParams params = fast(3).withMaxHierarchies(3).withAttributeWeight(0.1);
    var spark = TestSpark.get();
    AmgClustering.Result driver = AmgClustering.with(params).run(p.graph(), p.attributes());
    AmgClustering.Result dist;
    try {
      spark.conf().set(dev.grasp.graph.util.DriverLocal.CONF, "0");
      dist = AmgClustering.with(params).run(p.graph(), p.attributes());
      assertEquals(driver.assignments().orderBy("id").collectAsList().toString(),
          dist.assignments().orderBy("id").collectAsList().toString());
    } finally {
      spark.conf().unset(dev.grasp.graph.util.DriverLocal.CONF);
    }
    assertEquals(driver.restartModularity().length, dist.restartModularity().length);
    for (int r = 0; r < driver.restartModularity().length; r++) {
      assertEquals(Double.doubleToLongBits(driver.restartModularity()[r]),
          Double.doubleToLongBits(dist.restartModularity()[r]), "restart " + r);
    }
    assertEquals(3, driver.assignments().select("cluster").distinct().count());
  }

  @Test
  void distributedLevelsGiveTheSameSmoothVectorsAsTheDriverPath() {
    PlantedGraphs.Planted p = PlantedGraphs.sbm(2, 12, 0.5, 0.05, 1.0, 0, 13L);
    AugmentedGraph aug = AugmentedGraph.structureOnly(p.graph(), false);
    DistOperator op = DistOperator.fromEntries(AmgClustering.laplacian(aug.edges()), 4);
    Dataset<Row> comps = dev.grasp.graph.stats.Components.weak(Graph.fromEdges(aug.edges()))
        .withColumnRenamed("component", "comp");
    AmgParams params = fast(2).withMaxHierarchies(2).withIterationsPerHierarchy(1);
    BootstrapAmg.Result local = BootstrapAmg.run(TestSpark.get(), op, comps, params);
    BootstrapAmg.Result dist = BootstrapAmg.run(TestSpark.get(), op, comps, params.withCoarsestSize(23));
    assertTrue(dist.levelSizes().get(0).size() >= 2, "levels " + dist.levelSizes());
    assertEquals(local.levelSizes(), dist.levelSizes());
    List<Row> lr = local.smooth().orderBy("id").collectAsList();
    List<Row> dr = dist.smooth().orderBy("id").collectAsList();
    assertEquals(lr.size(), dr.size());
    for (int k = 0; k < lr.size(); k++) {
      assertEquals(lr.get(k).getLong(0), dr.get(k).getLong(0));
      for (int c = 0; c < 2; c++) {
        assertEquals(lr.get(k).<Double>getList(1).get(c), dr.get(k).<Double>getList(1).get(c), 1e-9);
      }
    }
  }

  @Test
  void smoothVectorsHaveRayleighQuotientsFarBelowRandomVectors() {
    PlantedGraphs.Planted p = PlantedGraphs.sbm(3, 20, 0.3, 0.01, 1.0, 0, 13L);
    AugmentedGraph aug = AugmentedGraph.structureOnly(p.graph(), false);
    DistOperator op = DistOperator.fromEntries(AmgClustering.laplacian(aug.edges()), 1000);
    Dataset<Row> comps = dev.grasp.graph.stats.Components.weak(Graph.fromEdges(aug.edges()))
        .withColumnRenamed("component", "comp");
    BootstrapAmg.Result r = BootstrapAmg.run(TestSpark.get(), op, comps, fast(3).withMaxHierarchies(4));
    LocalLevel l0 = Hierarchy.collect(op);
    List<Row> rows = r.smooth().orderBy("id").collectAsList();
    double smoothRq = 0.0;
    for (int c = 0; c < r.dimension(); c++) {
      double[] v = new double[rows.size()];
      for (int k = 0; k < rows.size(); k++) {
        v[k] = rows.get(k).<Double>getList(1).get(c);
      }
      double rq = rayleigh(l0, v);
      assertEquals(rq, r.rayleigh()[c], 1e-9 * rq, "reported Rayleigh quotient of smooth vector " + c);
      smoothRq += rq / r.dimension();
    }
    assertEquals(r.dimension(), r.rayleigh().length);
    double randomRq = 0.0;
    for (int s = 0; s < 5; s++) {
      double[] x = new double[l0.size()];
      for (int k = 0; k < x.length; k++) {
        x[k] = dev.grasp.graph.util.Seeds.uniform(99L, s, k) - 0.5;
      }
      BootstrapAmg.project(x, new int[x.length]);
      randomRq += rayleigh(l0, x) / 5;
    }
    assertTrue(smoothRq < 0.2 * randomRq, "smooth " + smoothRq + " vs random " + randomRq);
  }

  static double rayleigh(LocalLevel a, double[] x) {
    double[] ax = a.multiply(x);
    double num = 0.0;
    double den = 0.0;
    for (int k = 0; k < x.length; k++) {
      num += x[k] * ax[k];
      den += x[k] * x[k];
    }
    return num / den;
  }

  @Test
  void parametersAreValidated() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AmgParams.defaults(1));
    assertEquals("`k` must be >= 2, got 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AmgParams.defaults(3).withConvergenceRatio(1.5));
    assertEquals("`convergenceRatio` must be in [0, 1), got 1.5", e.getMessage());
  }
}
