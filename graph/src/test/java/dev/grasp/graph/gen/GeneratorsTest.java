package dev.grasp.graph.gen;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.graph.Graph;
import dev.grasp.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class GeneratorsTest {

  private static List<Row> sortedEdges(Graph g) {
    return g.edges().orderBy("src", "dst").collectAsList();
  }

  @Test
  void rmatIsSimpleInRangeAndIndependentOfPartitioning() {
    Graph g1 = new RMat(10, 8, 0.57, 0.19, 0.19, 5L, 1).generate(TestSpark.get());
    Graph g3 = new RMat(10, 8, 0.57, 0.19, 0.19, 5L, 3).generate(TestSpark.get());
    List<Row> e1 = sortedEdges(g1);
    assertEquals(e1, sortedEdges(g3));
    assertTrue(e1.size() > 5000 && e1.size() <= 8192, "edges " + e1.size());
    assertEquals(0, g1.edges().filter(col("src").equalTo(col("dst"))).count());
    assertEquals(0, g1.edges().filter(col("src").geq(1024).or(col("dst").geq(1024)).or(col("src").lt(0))).count());
    assertNotEquals(e1, sortedEdges(new RMat(10, 8, 0.57, 0.19, 0.19, 6L, 1).generate(TestSpark.get())));
  }

  @Test
  void rmatSkewFollowsQuadrants() {
    // With a = 1 every edge lands at (0, 0): all self-loops, removed, so no edges; with b = 1 src 0 → dst max.
    Graph g = new RMat(4, 2, 0.0, 1.0, 0.0, 1L, 1).generate(TestSpark.get());
    List<Row> e = sortedEdges(g);
    assertEquals(1, e.size());
    assertEquals(0L, e.get(0).getLong(0));
    assertEquals(15L, e.get(0).getLong(1));
  }

  @Test
  void rmatRejectsBadParameters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RMat(10, 8, 0.6, 0.3, 0.3, 1L, 1));
    assertTrue(e.getMessage().startsWith("`a + b + c` must be <= 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RMat(0, 8, 0.5, 0.2, 0.2, 1L, 1));
  }

  @Test
  void sbmPlantsBlocksAndAttributeAgreement() {
    AttributedSbm m = new AttributedSbm(2000, 4, 10, 0.1, 2, 4, 0.8, 3L, 3);
    Graph g = m.generate(TestSpark.get());
    assertEquals(2000, g.vertices().count());
    List<Row> v = g.vertices().orderBy("id").collectAsList();
    assertEquals(5L, v.get(5).getLong(0));
    assertEquals(1, v.get(5).getInt(1), "block = id mod 4");
    long agree = g.vertices().filter(col("attr0").equalTo(col("block"))).count();
    // agreement 0.8 plus 0.2 · 1/4 chance of the right value at random: 0.85 expected.
    assertEquals(0.85, agree / 2000.0, 0.03);
    long edges = g.edges().count();
    assertTrue(edges > 9000 && edges <= 10000, "edges " + edges);
    Row within = g.edges().join(g.vertices().select(col("id").as("src"), col("block").as("bs")), "src")
        .join(g.vertices().select(col("id").as("dst"), col("block").as("bd")), "dst")
        .selectExpr("avg(case when bs = bd then 1.0D else 0.0D end)").first();
    // 1 - mixing·(1 - 1/blocks) = 0.925 of edge ends stay inside their block.
    assertEquals(0.925, within.getDouble(0), 0.02);
    assertEquals(0, g.edges().filter(col("src").geq(col("dst"))).count());
    Graph again = new AttributedSbm(2000, 4, 10, 0.1, 2, 4, 0.8, 3L, 1).generate(TestSpark.get());
    assertEquals(sortedEdges(g), sortedEdges(again));
    assertEquals(v, again.vertices().orderBy("id").collectAsList());
  }
}
