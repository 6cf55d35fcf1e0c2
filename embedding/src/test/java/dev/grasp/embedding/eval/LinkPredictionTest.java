package dev.grasp.embedding.eval;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.embedding.fastrp.FastRP;
import dev.grasp.graph.Graph;
import dev.grasp.testing.TestGraphs;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LinkPredictionTest {

  /** Two 8-cliques (ids 0–7 and 10–17) joined by the edge 7→10, and an isolated vertex 99. */
  private static Graph twoCliques() {
    List<Long> p = new ArrayList<>();
    for (int base : new int[] {0, 10}) {
      for (int i = 0; i < 8; i++) {
        for (int j = i + 1; j < 8; j++) {
          p.add((long) base + i);
          p.add((long) base + j);
        }
      }
    }
    p.add(7L);
    p.add(10L);
    return TestGraphs.graph(p.stream().mapToLong(Long::longValue).toArray(), 99L);
  }

  private static Dataset<Row> canonical(Dataset<Row> edges) {
    return edges.select(least(col("src"), col("dst")).as("u"), greatest(col("src"), col("dst")).as("v"));
  }

  @Test
  void splitKeepsEveryNodeHeldOutPairsOutOfTrainingAndNegativesAreNonEdges() {
    Graph g = twoCliques();
    EdgeSplit.Split s = EdgeSplit.split(g, 0.3, 1.0, 11);
    long pos = s.positives().count();
    assertTrue(pos > 0 && pos < 57, "held out " + pos);
    assertEquals(57, pos + s.train().edges().count());
    assertEquals(0, canonical(s.train().edges()).intersect(s.positives()).count());
    assertEquals(0, s.negatives().intersect(canonical(g.edges())).count());
    assertEquals(pos, s.negatives().count());
    // every node of the original edges still has a training edge; vertices are kept
    Dataset<Row> trainNodes = s.train().edges().select(col("src").as("id"))
        .union(s.train().edges().select(col("dst").as("id"))).distinct();
    assertEquals(16, trainNodes.count());
    assertEquals(17, s.train().vertices().count());
    EdgeSplit.Split again = EdgeSplit.split(g, 0.3, 1.0, 11);
    assertEquals(0, again.positives().except(s.positives()).count());
    assertEquals(0, again.negatives().except(s.negatives()).count());
  }

  @Test
  void fastRpSeparatesTheCliquesAndConstantVectorsScoreOneHalf() {
    Graph g = twoCliques();
    LinkPrediction.Params p = LinkPrediction.Params.defaults(3);
    LinkPrediction.Result r = LinkPrediction.evaluate(g,
        tg -> new FastRP().setDimension(32).setIterationWeights(1.0, 1.0).embed(tg), p);
    assertTrue(r.auc() > 0.8, "auc " + r.auc());
    assertTrue(r.averagePrecision() > 0.7, "ap " + r.averagePrecision());
    LinkPrediction.Result flat = LinkPrediction.evaluate(g,
        tg -> tg.vertices().select(col("id"), array(lit(1.0), lit(2.0)).as("embedding")),
        new LinkPrediction.Params(0.1, 1.0, 3, LinkScorers.DOT, "embedding"));
    assertEquals(0.5, flat.auc(), 1e-12);
    assertEquals("DOT", flat.scorer());
  }
}
