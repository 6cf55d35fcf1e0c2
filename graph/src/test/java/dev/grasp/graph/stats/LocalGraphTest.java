package dev.grasp.graph.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.graph.Graph;
import dev.grasp.testing.TestGraphs;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LocalGraphTest {

  @Test
  void handCheckedTriangleWithATailAndALoop() {
    // 1→2→3→1 (a directed triangle, one SCC of 3), 3→4, 4→4 (a loop), 2→1 (a reciprocated pair), 5 isolated
    Graph g = TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 3, 3, 1, 3, 4, 4, 4, 2, 1), 5);
    LocalGraph l = LocalGraph.collect(g, 1 << 20);
    assertEquals(5, l.vertices());
    assertEquals(6, l.edges());
    assertArrayEquals(new long[] {2, 1, 1, 2, 0}, l.inDegrees());
    assertArrayEquals(new long[] {1, 2, 2, 1, 0}, l.outDegrees());
    assertEquals(2.0 / 5, l.reciprocity(), 0.0); // 1→2 and 2→1 of 5 distinct non-loop edges
    assertEquals(new TreeMap<>(Map.of(4.0, 1.0, 1.0, 1.0)), l.weakComponentSizes());
    assertEquals(new TreeMap<>(Map.of(3.0, 1.0, 1.0, 2.0)), l.strongComponentSizes());
    long[][] dt = l.degreesAndTriangles();
    assertArrayEquals(new long[] {2, 2, 3, 1, 0}, dt[0]);
    assertArrayEquals(new long[] {1, 1, 1, 0, 0}, dt[1]);
    Clustering.Summary s = l.clusteringSummary();
    assertEquals(1, s.triangles());
    assertEquals((1 + 1 + 1.0 / 3) / 5, s.average(), 1e-15);
    assertEquals(3.0 / (1 + 1 + 3), s.global(), 1e-15); // triples: 1 + 1 + 3
    // too small a threshold: stays distributed
    assertNull(LocalGraph.collect(g, 100));
  }

  /** Against the Spark implementations on a random digraph with loops, duplicates and isolated vertices. */
  @Test
  void agreesWithTheSparkStatistics() {
    Random rnd = new Random(3);
    int n = 80;
    long[] pairs = new long[2 * 300];
    for (int i = 0; i < pairs.length; i += 2) {
      pairs[i] = rnd.nextInt(n - 4);
      pairs[i + 1] = i % 20 == 0 ? pairs[i] : rnd.nextInt(n - 4);
    }
    System.arraycopy(pairs, 0, pairs, pairs.length - 10, 10);
    Graph g = TestGraphs.graph(pairs, java.util.stream.LongStream.range(0, n).toArray());
    LocalGraph l = LocalGraph.collect(g, 1 << 20);
    assertEquals(Reciprocity.of(g), l.reciprocity(), 1e-15);
    assertEquals(Components.largest(Components.sizes(Components.weak(g))), l.weakComponentSizes().lastKey(), 0.0);
    assertEquals(Components.largest(Components.sizes(Components.strong(g))), l.strongComponentSizes().lastKey(),
        0.0);
    java.util.Map<Long, Long> labels = new java.util.HashMap<>();
    for (org.apache.spark.sql.Row r : Components.weak(g).collectAsList()) {
      labels.put(r.getLong(0), r.getLong(1));
    }
    long[] local = l.weakComponentLabels();
    for (int v = 0; v < l.vertices(); v++) {
      assertEquals(labels.get(l.id(v)), local[v], "component label of " + l.id(v));
    }
    Clustering.Summary spark = Clustering.of(g);
    Clustering.Summary mine = l.clusteringSummary();
    assertTrue(spark.triangles() > 5, "a graph with triangles: " + spark);
    assertEquals(spark.triangles(), mine.triangles());
    assertEquals(spark.average(), mine.average(), 1e-14);
    assertEquals(spark.global(), mine.global(), 1e-14);
  }
}
