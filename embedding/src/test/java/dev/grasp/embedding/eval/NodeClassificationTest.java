package dev.grasp.embedding.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.graph.util.Seeds;
import dev.grasp.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class NodeClassificationTest {

  private static final int N = 60;

  /** Labels: every node has "a" or "b" (by id parity); every third node also has "c". */
  private static Dataset<Row> labels() {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < N; i++) {
      rows.add(RowFactory.create(i, i % 2 == 0 ? "a" : "b"));
      if (i % 3 == 0) {
        rows.add(RowFactory.create(i, "c"));
      }
    }
    return TestSpark.get().createDataFrame(rows,
        new StructType().add("id", DataTypes.LongType).add("label", DataTypes.StringType));
  }

  /** Embeddings: informative ones encode the labels in two coordinates plus noise; the others are noise only. */
  private static Dataset<Row> embeddings(boolean informative) {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < N; i++) {
      double noise = Seeds.uniform(5, i) - 0.5;
      double[] v = informative
          ? new double[] {i % 2 == 0 ? 1 : -1, i % 3 == 0 ? 1 : -1, noise}
          : new double[] {noise, Seeds.uniform(6, i), Seeds.uniform(7, i)};
      List<Double> l = new ArrayList<>();
      for (double x : v) {
        l.add(x);
      }
      rows.add(RowFactory.create(i, l));
    }
    return TestSpark.get().createDataFrame(rows, new StructType().add("id", DataTypes.LongType)
        .add("embedding", DataTypes.createArrayType(DataTypes.DoubleType)));
  }

  @Test
  void informativeEmbeddingsClassifyPerfectlyIncludingTheSecondLabel() {
    NodeClassification.Result r = NodeClassification.evaluate(embeddings(true), labels(),
        NodeClassification.Params.of(0.5, 2, 3));
    assertEquals(3, r.classes());
    assertEquals(N, r.labelledNodes());
    assertEquals(1.0, r.microF1(), 1e-12);
    assertEquals(1.0, r.macroF1(), 1e-12);
  }

  @Test
  void noiseEmbeddingsDoWorseAndSplitsAreSeeded() {
    NodeClassification.Params p = NodeClassification.Params.of(0.5, 2, 3);
    NodeClassification.Result r = NodeClassification.evaluate(embeddings(false), labels(), p);
    assertTrue(r.microF1() < 0.9, "micro " + r.microF1());
    assertTrue(r.macroF1() < r.microF1() + 0.2);
    NodeClassification.Result again = NodeClassification.evaluate(embeddings(false), labels(), p);
    assertArrayEquals(r.microPerRepeat(), again.microPerRepeat(), 0.0);
  }

  @Test
  void driverAndSparkFitsGiveTheSameScores() {
    // noise embeddings give non-trivial F1; "d" sits on two nodes only, so some splits train it without a positive
    Dataset<Row> labels = labels().union(TestSpark.get().createDataFrame(
        List.of(RowFactory.create(7L, "d"), RowFactory.create(11L, "d")), labels().schema()));
    NodeClassification.Params p = NodeClassification.Params.of(0.5, 4, 9);
    NodeClassification.Result local = NodeClassification.evaluate(embeddings(false), labels, p);
    String key = dev.grasp.graph.util.DriverLocal.CONF;
    TestSpark.get().conf().set(key, "0");
    NodeClassification.Result spark;
    try {
      spark = NodeClassification.evaluate(embeddings(false), labels, p);
    } finally {
      TestSpark.get().conf().unset(key);
    }
    assertEquals(4, local.classes());
    assertTrue(local.microF1() > 0.2 && local.microF1() < 0.9, "micro " + local.microF1());
    assertArrayEquals(spark.microPerRepeat(), local.microPerRepeat(), 1e-12);
    assertArrayEquals(spark.macroPerRepeat(), local.macroPerRepeat(), 1e-12);
  }

  @Test
  void paramsAreChecked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NodeClassification.Params.of(1.0, 1, 0));
    assertTrue(e.getMessage().contains("`trainRatio`") && e.getMessage().contains("1.0"));
    assertThrows(IllegalArgumentException.class, () -> NodeClassification.Params.of(0.5, 0, 0));
  }
}
