package dev.grasp.graph.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grasp.graph.Graph;
import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.GraphReader;
import dev.grasp.testing.TestGraphs;
import dev.grasp.testing.TestSpark;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DegreeMatricesTest {

  private static Set<String> rows(Dataset<Row> df) {
    return df.collectAsList().stream().map(r -> r.get(0) + "," + r.get(1) + "," + r.get(2))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** 1→2, 1→3, 2→3, 3→1, 4 isolated: hand-checked degrees, DCM and JDM. */
  @Test
  void handCheckedSmallGraph() {
    Graph g = TestGraphs.graph(new long[] {1, 2, 1, 3, 2, 3, 3, 1}, 4);
    Dataset<Row> d = Degrees.of(g);
    // id,in,out
    assertEquals(Set.of("1,1,2", "2,1,1", "3,2,1", "4,0,0"), rows(d));
    // DCM (in, out, count): (1,2)=1 [node 1], (1,1)=1 [node 2], (2,1)=1 [node 3], (0,0)=1 [node 4]
    assertEquals(Set.of("0,0,1", "1,1,1", "1,2,1", "2,1,1"), rows(DegreeMatrices.dcm(d)));
    // JDM (srcOut, dstIn, count): 1→2 (2,1), 1→3 (2,2), 2→3 (1,2), 3→1 (1,1)
    assertEquals(Set.of("1,1,1", "1,2,1", "2,1,1", "2,2,1"), rows(DegreeMatrices.jdm(g, d)));
  }

  @Test
  void selfLoopCountsOnBothSides() {
    Graph g = TestGraphs.graph(new long[] {5, 5, 5, 6});
    assertEquals(Set.of("5,1,2", "6,1,0"), rows(Degrees.of(g)));
  }

  /** Properties on a real graph: Σ JDM = |E|, row/column sums are k·N_out(k) and l·N_in(l), Σ DCM = |V|. */
  @Test
  void marginalPropertiesOnEmailEuCore() {
    GraphInput in = GraphReader.with(TestSpark.get())
        .read(TestSpark.sharedDataset("email-Eu-core/email-Eu-core.txt").getPath());
    assertEquals(25571, in.report().edges());
    assertEquals(1005, in.report().vertices());
    assertEquals(642, in.report().selfLoops());
    Dataset<Row> d = Degrees.of(in.graph());
    Dataset<Row> dcm = DegreeMatrices.dcm(d);
    Dataset<Row> jdm = DegreeMatrices.jdm(in.graph(), d);
    assertEquals(1005L, dcm.agg(sum("count")).first().getLong(0));
    assertEquals(25571L, jdm.agg(sum("count")).first().getLong(0));
    Map<Long, Long> nOut = new HashMap<>();
    Map<Long, Long> nIn = new HashMap<>();
    for (Row r : dcm.collectAsList()) {
      nIn.merge(r.getLong(0), r.getLong(2), Long::sum);
      nOut.merge(r.getLong(1), r.getLong(2), Long::sum);
    }
    for (Row r : jdm.groupBy("srcOutDegree").agg(sum("count")).collectAsList()) {
      assertEquals(r.getLong(0) * nOut.get(r.getLong(0)), r.getLong(1), "row k=" + r.getLong(0));
    }
    for (Row r : jdm.groupBy("dstInDegree").agg(sum("count")).collectAsList()) {
      assertEquals(r.getLong(0) * nIn.get(r.getLong(0)), r.getLong(1), "column l=" + r.getLong(0));
    }
    assertEquals(0, jdm.filter(col("srcOutDegree").equalTo(0).or(col("dstInDegree").equalTo(0))).count());
  }

  @Test
  void wikiVoteKnownFacts() {
    GraphInput in = GraphReader.with(TestSpark.get())
        .read(TestSpark.sharedDataset("wiki-Vote/wiki-Vote.txt").getPath());
    assertEquals(7115, in.report().vertices());
    assertEquals(103689, in.report().edges());
    assertEquals(0, in.report().selfLoops());
    assertEquals(4, in.report().commentLines());
  }
}
