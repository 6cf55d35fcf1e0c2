package dev.grasp.graph.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.grasp.testing.TestSpark;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class KsTest {

  @Test
  void handMadeDistributionsWithKnownD() {
    // F1: 1→.5, 2→1; F2: 2→.5, 3→1 ⇒ max |ΔF| = .5 (at 1 and at 2).
    assertEquals(0.5, Ks.distance(Map.of(1, 1, 2, 1), Map.of(2, 1, 3, 1)), 1e-12);
    // F1(0) = .75, F2(0) = .25.
    assertEquals(0.5, Ks.distance(Map.of(0L, 3L, 1L, 1L), Map.of(0L, 1L, 1L, 3L)), 1e-12);
    // Disjoint supports.
    assertEquals(1.0, Ks.distance(Map.of(1, 5), Map.of(2, 1)), 1e-12);
    // Counts scale: only shapes are compared.
    assertEquals(0.0, Ks.distance(Map.of(1, 2, 2, 2), Map.of(1, 1, 2, 1)), 0.0);
    // A point inside the other's support: F1(2) = 0 vs F2(2) = 1/3; F1(3)=1 vs 2/3; D = 1/3.
    assertEquals(1.0 / 3, Ks.distance(Map.of(3, 1), Map.of(1.5, 1, 3.0, 1, 4.0, 1)), 1e-12);
  }

  @Test
  void emptyConventionsAndBadMasses() {
    assertEquals(0.0, Ks.distance(Map.of(), Map.of()), 0.0);
    assertEquals(1.0, Ks.distance(Map.of(1, 1), Map.of()), 0.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Ks.distance(Map.of(1, -1), Map.of(1, 1)));
    assertEquals("`masses` must be finite and >= 0, got -1.0 at value 1", e.getMessage());
  }

  @Test
  void dataFrameHelperCollectsValueCounts() {
    StructType schema = new StructType().add("x", DataTypes.LongType, true);
    Dataset<Row> a = TestSpark.get().createDataFrame(List.of(RowFactory.create(1L), RowFactory.create(1L),
        RowFactory.create(2L), RowFactory.create((Object) null)), schema).repartition(3);
    Dataset<Row> b = TestSpark.get().createDataFrame(List.of(RowFactory.create(2L), RowFactory.create(3L)), schema);
    // F_a: 1→2/3, 2→1; F_b: 2→1/2, 3→1 ⇒ D = 2/3 at x = 1.
    assertEquals(2.0 / 3, Ks.distance(a, "x", b, "x"), 1e-12);
    assertEquals(0.0, Ks.distance(a, "x", a, "x"), 0.0);
    NavigableMap<Double, Double> counts = Distributions.collect(Distributions.valueCounts(a, "x"));
    assertEquals(Map.of(1.0, 2.0, 2.0, 1.0), counts);
  }

  @Test
  void cdfAndCcdf() {
    Map<Double, Double> m = Map.of(1.0, 1.0, 2.0, 2.0, 4.0, 1.0);
    assertEquals(Map.of(1.0, 0.25, 2.0, 0.75, 4.0, 1.0), Distributions.cdf(m));
    assertEquals(Map.of(1.0, 1.0, 2.0, 0.75, 4.0, 0.25), Distributions.ccdf(m));
  }
}
