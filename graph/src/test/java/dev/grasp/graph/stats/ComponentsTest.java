package dev.grasp.graph.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.graph.Graph;
import dev.grasp.testing.TestGraphs;
import dev.grasp.testing.TestSpark;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ComponentsTest {

  private static Map<Long, Long> labels(Dataset<Row> df) {
    Map<Long, Long> m = new HashMap<>();
    for (Row r : df.collectAsList()) {
      m.put(r.getLong(0), r.getLong(1));
    }
    return m;
  }

  private static Map<Long, Long> sizeTable(Dataset<Row> sizes) {
    Map<Long, Long> m = new HashMap<>();
    for (Row r : sizes.collectAsList()) {
      m.put(r.getLong(0), r.getLong(1));
    }
    return m;
  }

  @Test
  void twoWeakComponentsAndAnIsolatedVertexAreLabelledByTheirSmallestId() {
    Graph g = TestGraphs.graph(TestGraphs.pairs(2, 1, 2, 3, 5, 4, 5, 5), 6);
    Map<Long, Long> wcc = labels(Components.weak(g));
    assertEquals(Map.of(1L, 1L, 2L, 1L, 3L, 1L, 4L, 4L, 5L, 4L, 6L, 6L), wcc);
    Dataset<Row> sizes = Components.sizes(Components.weak(g));
    assertEquals(Map.of(1L, 1L, 2L, 1L, 3L, 1L), sizeTable(sizes));
    assertEquals(3L, Components.largest(sizes));
  }

  @Test
  void directedThreeCycleIsOneStrongComponentAndTheTailSplits() {
    // 1→2→3→1 is one SCC; 3→4, 4⇄5 make {4,5} a second one; 6 is isolated; 7 is a sink hanging off 5.
    Graph g = TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 3, 3, 1, 3, 4, 4, 5, 5, 4, 5, 7), 6);
    Map<Long, Long> scc = labels(Components.strong(g));
    assertEquals(Map.of(1L, 1L, 2L, 1L, 3L, 1L, 4L, 4L, 5L, 4L, 6L, 6L, 7L, 7L), scc);
    assertEquals(Map.of(1L, 2L, 2L, 1L, 3L, 1L), sizeTable(Components.sizes(Components.strong(g))));
    // Weakly everything but 6 hangs together.
    assertEquals(Map.of(1L, 1L, 6L, 1L), sizeTable(Components.sizes(Components.weak(g))));
  }

  @Test
  void weakComponentsMatchADriverUnionFindOnAPseudoRandomGraph() {
    int n = 60;
    long[] pairs = new long[2 * 45];
    for (int i = 0; i < 45; i++) {
      pairs[2 * i] = Math.floorMod(dev.grasp.graph.util.Seeds.hash(3L, i, 0), n);
      pairs[2 * i + 1] = Math.floorMod(dev.grasp.graph.util.Seeds.hash(3L, i, 1), n);
    }
    long[] isolated = new long[n];
    for (int i = 0; i < n; i++) {
      isolated[i] = i;
    }
    Graph g = TestGraphs.graph(pairs, isolated);
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < pairs.length; i += 2) {
      int a = find(parent, (int) pairs[i]);
      int b = find(parent, (int) pairs[i + 1]);
      parent[Math.max(a, b)] = Math.min(a, b);
    }
    Map<Long, Long> expected = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int root = find(parent, i);
      int min = i;
      for (int j = 0; j < n; j++) {
        if (find(parent, j) == root) {
          min = Math.min(min, j);
        }
      }
      expected.put((long) i, (long) min);
    }
    assertEquals(expected, labels(Components.weak(g)));
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      i = parent[i];
    }
    return i;
  }

  @Test
  void graphxRunsLeaveNoCachedRddBehind() {
    // GraphX's Pregel and SCC cache their working graphs; left cached, they hold storage memory that the steps after
    // the components (clustering, BFS) need.
    Graph g = TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 3, 3, 1, 3, 4, 4, 5, 5, 4, 5, 7, 8, 9), 6);
    Set<Object> before = TestSpark.persistentRddIds();
    Map<Long, Long> wcc = labels(Components.weak(g));
    Map<Long, Long> scc = labels(Components.strong(g));
    Set<Object> left = TestSpark.persistentRddIds();
    left.removeAll(before);
    assertEquals(Set.of(1L, 6L, 8L), new HashSet<>(wcc.values()));
    assertEquals(Set.of(1L, 4L, 6L, 7L, 8L, 9L), new HashSet<>(scc.values()));
    // What may stay: the two results themselves (cut lineage: a local checkpoint each in local mode).
    assertTrue(left.size() <= 2, "RDDs left cached by weak + strong: " + left.size() + " " + left);
  }

  @Test
  void badMaxIterIsRejectedWithItsName() {
    Graph g = TestGraphs.graph(TestGraphs.pairs(1, 2));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Components.strong(g, 0));
    assertEquals("`maxIter` must be >= 1, got 0", e.getMessage());
    TestSpark.get();
  }
}
