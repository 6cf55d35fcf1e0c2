package dev.grasp.embedding.amg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.graph.Graph;
import dev.grasp.testing.TestSpark;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class CoarseningTest {

  /** Laplacian of a 3-block planted graph of 30 vertices plus one hub joined to 12 of them. */
  static DistOperator operator(int hubDegree, int partitions) {
    PlantedGraphs.Planted p = PlantedGraphs.sbm(3, 10, 0.6, 0.05, 1.0, 0, 7L);
    Dataset<Row> hubEdges = TestSpark.get().range(0, 12).selectExpr("id * 2 as src", "-5L as dst");
    Dataset<Row> e = p.graph().edges().union(hubEdges).repartition(partitions);
    Graph g = Graph.fromEdges(e);
    AugmentedGraph aug = AugmentedGraph.structureOnly(g, false);
    return DistOperator.fromEntries(AmgClustering.laplacian(aug.edges()), hubDegree);
  }

  static Dataset<Row> randomW(DistOperator op) {
    return op.rows.selectExpr("id", "0.5 + xxhash64(3L, id) / 1e20 as x");
  }

  static TreeMap<Long, Long> pairsOf(Dataset<Row> pairs) {
    TreeMap<Long, Long> m = new TreeMap<>();
    for (Row r : pairs.collectAsList()) {
      m.put(r.getLong(0), r.getLong(1));
    }
    return m;
  }

  @Test
  void matchingIsAValidDeterministicMatchingEqualToTheDriverTwin() {
    DistOperator op = operator(8, 4);
    assertTrue(op.numHubs >= 1, "the hub path must be exercised");
    Dataset<Row> w = randomW(op);
    TreeMap<Long, Long> pairs = pairsOf(Coarsening.match(op, w, 11L, 4));
    Set<Long> seen = new HashSet<>();
    Set<String> edges = new HashSet<>();
    for (Row r : op.entries.filter("i <> j").select("i", "j").collectAsList()) {
      edges.add(r.getLong(0) + "-" + r.getLong(1));
    }
    for (var e : pairs.entrySet()) {
      assertTrue(e.getKey() < e.getValue());
      assertTrue(seen.add(e.getKey()) && seen.add(e.getValue()), "a vertex in two pairs: " + e);
      assertTrue(edges.contains(e.getKey() + "-" + e.getValue()), "pair is not an edge: " + e);
    }
    assertTrue(pairs.size() >= 10, "too few pairs: " + pairs.size());
    assertEquals(pairs, pairsOf(Coarsening.match(operator(8, 1), randomW(operator(8, 1)), 11L, 4)));
    assertEquals(pairs, pairsOf(Coarsening.match(operator(1000, 3), randomW(operator(1000, 3)), 11L, 4)));
    // The driver twin pairs the same vertices.
    LocalLevel local = Hierarchy.collect(op);
    LocalLevel.Coarse c = local.coarsen(Hierarchy.gather(w, local.ids), 11L, 4);
    TreeMap<Long, Long> localPairs = new TreeMap<>();
    for (int i = 0; i < local.size(); i++) {
      for (int j = i + 1; j < local.size(); j++) {
        if (c.agg()[i] == c.agg()[j]) {
          localPairs.put(local.ids[i], local.ids[j]);
        }
      }
    }
    assertEquals(pairs, localPairs);
    assertEquals(pairs.size(), c.matchedPairs());
  }

  @Test
  void coarseningFramesKeepAtMostTheShufflePartitionCount() {
    // Unions add up partitions (p is a union of three frames, pairs one frame per round, every anti-join against the
    // broadcast matched set a union of two partition-preserving joins); the cut frames must not grow with the rounds.
    DistOperator op = operator(8, 4);
    assertTrue(op.numHubs >= 1, "the hub path must be exercised");
    int parts = Coarsening.partitions(op);
    assertEquals(4, parts, "TestSpark's shuffle partitions");
    Coarsening c = Coarsening.of(op, randomW(op), 11L, 6, 8);
    assertTrue(c.pairs.count() >= 10, "too few pairs: " + c.pairs.count());
    assertTrue(c.p.rdd().getNumPartitions() <= parts, "p: " + c.p.rdd().getNumPartitions());
    assertTrue(c.coarseW.rdd().getNumPartitions() <= parts, "coarseW: " + c.coarseW.rdd().getNumPartitions());
    assertTrue(c.pairs.rdd().getNumPartitions() <= parts, "pairs: " + c.pairs.rdd().getNumPartitions());
  }

  @Test
  void prolongatorHasOneNonZeroPerRowAndGalerkinMatchesDenseProduct() {
    DistOperator op = operator(8, 4);
    Coarsening c = Coarsening.of(op, randomW(op), 11L, 4, 8);
    assertEquals(op.size, c.p.count());
    assertEquals(op.size, c.p.select("i").distinct().count());
    assertEquals(0, c.p.filter("p = 0").count());
    LocalLevel fine = Hierarchy.collect(op);
    LocalLevel coarse = Hierarchy.collect(c.coarse);
    int n = fine.size();
    int nc = coarse.size();
    assertEquals(n - c.pairs.count(), nc);
    double[] pv = new double[n * nc];
    for (Row r : c.p.collectAsList()) {
      int i = java.util.Arrays.binarySearch(fine.ids, r.getLong(0));
      int k = java.util.Arrays.binarySearch(coarse.ids, r.getLong(1));
      pv[k * n + i] = r.getDouble(2);
    }
    DenseMatrix p = new DenseMatrix(n, nc, pv);
    DenseMatrix expected = p.transpose().multiply(fine.a.toDense()).multiply(p);
    DenseMatrix actual = coarse.a.toDense();
    for (int i = 0; i < nc; i++) {
      for (int j = 0; j < nc; j++) {
        assertEquals(expected.apply(i, j), actual.apply(i, j), 1e-12, "entry " + i + "," + j);
      }
    }
    // Pᵀ A P of the driver twin equals the distributed one.
    LocalLevel.Coarse lc = fine.coarsen(Hierarchy.gather(randomW(op), fine.ids), 11L, 4);
    DenseMatrix twin = fine.galerkin(lc).a.toDense();
    for (int i = 0; i < nc; i++) {
      for (int j = 0; j < nc; j++) {
        assertEquals(actual.apply(i, j), twin.apply(i, j), 1e-12);
      }
    }
    // P maps the coarse w back onto w.
    double[] w = Hierarchy.gather(randomW(op), fine.ids);
    double[] wc = Hierarchy.gather(c.coarseW, coarse.ids);
    double[] pw = p.multiply(new org.apache.spark.ml.linalg.DenseVector(wc)).values();
    for (int i = 0; i < n; i++) {
      assertEquals(w[i], pw[i], 1e-12);
    }
  }
}
