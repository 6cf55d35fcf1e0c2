package dev.grasp.sampling.baseline;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.Seeds;
import dev.grasp.testing.TestGraphs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;

/** Small graphs shared by the sampler tests. */
final class SamplerFixtures {

  private SamplerFixtures() {}

  /**
   * A skewed pseudo-random digraph on vertices 0..n-1 with m edges (sources ∝ u^1.5, targets ∝ u^2, so there are hubs
   * and sinks; self-loops and duplicates possible) plus {@code isolated} extra isolated vertices.
   */
  static Graph skewed(int n, int m, int isolated, long seed) {
    long[] pairs = new long[2 * m];
    for (int i = 0; i < m; i++) {
      pairs[2 * i] = (long) Math.floor(n * Math.pow(Seeds.uniform(seed, i, 0), 1.5));
      pairs[2 * i + 1] = (long) Math.floor(n * Math.pow(Seeds.uniform(seed, i, 1), 2.0));
    }
    long[] iso = new long[isolated + n];
    for (int i = 0; i < n + isolated; i++) {
      iso[i] = i;
    }
    return TestGraphs.graph(pairs, iso);
  }

  /** {@code g} with its vertices and edges spread over {@code parts} partitions. */
  static Graph repartitioned(Graph g, int parts) {
    return new Graph(g.vertices().repartition(parts), g.edges().repartition(parts));
  }

  static Set<Long> vertexIds(Graph g) {
    Set<Long> ids = new HashSet<>();
    for (Row r : g.vertices().select(Graph.ID).collectAsList()) {
      ids.add(r.getLong(0));
    }
    return ids;
  }

  /** Edges as sorted "src>dst" strings (multiplicity kept). */
  static List<String> edgeList(Graph g) {
    List<String> out = new ArrayList<>();
    for (Row r : g.edges().select(Graph.SRC, Graph.DST).collectAsList()) {
      out.add(r.getLong(0) + ">" + r.getLong(1));
    }
    out.sort(null);
    return out;
  }
}
