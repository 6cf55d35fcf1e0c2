package dev.grasp.graph.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.Seeds;
import dev.grasp.testing.TestGraphs;
import dev.grasp.testing.TestSpark;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ClusteringTest {

  @Test
  void triangleWithTailAndIsolatedVertex() {
    // Undirected view: triangle {1,2,3}, tail 3-4, isolated 5. The reciprocal 2→1, the loop 4→4 and the duplicate
    // 3→4 must not change anything.
    Graph g = TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 3, 3, 1, 3, 4, 2, 1, 4, 4, 3, 4), 5);
    Map<Long, Row> local = new HashMap<>();
    for (Row r : Clustering.local(g).collectAsList()) {
      local.put(r.getLong(0), r);
    }
    assertEquals(5, local.size());
    long[] deg = {2, 2, 3, 1, 0};
    long[] tri = {1, 1, 1, 0, 0};
    double[] c = {1.0, 1.0, 1.0 / 3, 0.0, 0.0};
    for (int i = 0; i < 5; i++) {
      Row r = local.get((long) i + 1);
      assertEquals(deg[i], r.getLong(1), "degree of " + (i + 1));
      assertEquals(tri[i], r.getLong(2), "triangles of " + (i + 1));
      assertEquals(c[i], r.getDouble(3), 1e-12, "clustering of " + (i + 1));
    }
    Clustering.Summary s = Clustering.of(g);
    assertEquals(1, s.triangles());
    assertEquals((1 + 1 + 1.0 / 3) / 5, s.average(), 1e-12);
    // triples: 1 + 1 + 3 + 0 + 0 = 5
    assertEquals(3.0 / 5, s.global(), 1e-12);
  }

  @Test
  void completeGraphHasClusteringOneAndNoTrianglesMeansZero() {
    Graph k4 = TestGraphs.graph(TestGraphs.pairs(1, 2, 1, 3, 1, 4, 2, 3, 2, 4, 3, 4));
    Clustering.Summary s = Clustering.of(k4);
    assertEquals(4, s.triangles());
    assertEquals(1.0, s.average(), 1e-12);
    assertEquals(1.0, s.global(), 1e-12);

    Graph path = TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 3));
    Clustering.Summary p = Clustering.of(path);
    assertEquals(new Clustering.Summary(0, 0.0, 0.0), p);
  }

  @Test
  void trianglesMatchADriverBruteForceCount() {
    int n = 40;
    int m = 200;
    long[] pairs = new long[2 * m];
    Set<Long> und = new HashSet<>();
    for (int i = 0; i < m; i++) {
      long a = Math.floorMod(Seeds.hash(11L, i, 0), n);
      long b = Math.floorMod(Seeds.hash(11L, i, 1), n);
      pairs[2 * i] = a;
      pairs[2 * i + 1] = b;
      if (a != b) {
        und.add(Math.min(a, b) * n + Math.max(a, b));
      }
    }
    long triangles = 0;
    long[] perVertex = new long[n];
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        for (int c = b + 1; c < n; c++) {
          if (und.contains((long) a * n + b) && und.contains((long) a * n + c) && und.contains((long) b * n + c)) {
            triangles++;
            perVertex[a]++;
            perVertex[b]++;
            perVertex[c]++;
          }
        }
      }
    }
    Graph g = TestGraphs.graph(pairs);
    for (Row r : Clustering.local(g).collectAsList()) {
      assertEquals(perVertex[(int) r.getLong(0)], r.getLong(2), "vertex " + r.getLong(0));
    }
    assertEquals(triangles, Clustering.of(g).triangles());
    // One wedge per semi-join partition (hundreds of partitions): the same counts.
    for (Row r : Clustering.local(g, 1.0).collectAsList()) {
      assertEquals(perVertex[(int) r.getLong(0)], r.getLong(2), "vertex " + r.getLong(0) + " (many partitions)");
    }
  }

  /** K4 oriented by rank: out-degrees 3, 2, 1, 0, so 3 + 1 = 4 wedges. */
  @Test
  void wedgePartitionsFollowTheExactWedgeCount() {
    org.apache.spark.sql.Dataset<Row> oriented = TestSpark.get().createDataFrame(java.util.List.of(
        org.apache.spark.sql.RowFactory.create(0L, 1L), org.apache.spark.sql.RowFactory.create(0L, 2L),
        org.apache.spark.sql.RowFactory.create(0L, 3L), org.apache.spark.sql.RowFactory.create(1L, 2L),
        org.apache.spark.sql.RowFactory.create(1L, 3L), org.apache.spark.sql.RowFactory.create(2L, 3L)),
        new org.apache.spark.sql.types.StructType().add("u", "long").add("v", "long"));
    assertEquals(4, Clustering.wedgePartitions(oriented, 1, 1.0));
    assertEquals(2, Clustering.wedgePartitions(oriented, 1, 3.0));
    assertEquals(5, Clustering.wedgePartitions(oriented, 5, 1.0));
    assertEquals(16, Clustering.wedgePartitions(oriented, 16, Clustering.WEDGES_PER_PARTITION));
  }
}
