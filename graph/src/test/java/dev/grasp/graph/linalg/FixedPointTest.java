package dev.grasp.graph.linalg;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.testing.TestSpark;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class FixedPointTest {

  @Test
  void scaleLeavesOneBitOfHeadroomBelowTheLongRange() {
    // bound < 2^(e+1) ⇒ bound · 2^(61−e) < 2^62
    assertEquals(61, FixedPoint.scaleFor(1.0));
    assertEquals(61, FixedPoint.scaleFor(1.999));
    assertEquals(60, FixedPoint.scaleFor(2.0));
    assertEquals(61 + 10, FixedPoint.scaleFor(Math.scalb(1.0, -10)));
    assertEquals(0, FixedPoint.scaleFor(0.0));
    assertEquals(1000, FixedPoint.scaleFor(Double.MIN_VALUE));
    assertThrows(IllegalArgumentException.class, () -> FixedPoint.scaleFor(-1.0));
    assertThrows(IllegalArgumentException.class, () -> FixedPoint.scaleFor(Double.NaN));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FixedPoint.scaleFor(Double.POSITIVE_INFINITY));
    assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
  }

  /**
   * Terms of mixed sign over seven orders of magnitude, grouped by key: the fixed-point sums are the same bits for 1
   * and 7 partitions in two different row orders, and within the documented error of the exact (BigDecimal) sums.
   * Plain double sums of the same frames differ somewhere (the property the fixed point removes).
   */
  @Test
  void sumsAreTheSameBitsForAnyPartitioningAndCloseToExact() {
    Random rnd = new Random(11);
    List<Row> rows = new ArrayList<>();
    int groups = 20;
    int perGroup = 400;
    for (int g = 0; g < groups; g++) {
      for (int k = 0; k < perGroup; k++) {
        double t = (rnd.nextDouble() - 0.5) * Math.pow(10, -rnd.nextInt(7));
        rows.add(RowFactory.create((long) g, t));
      }
    }
    double bound = perGroup * 0.5; // Σ |t| per group
    int scale = FixedPoint.scaleFor(bound);
    StructType schema = new StructType().add("g", DataTypes.LongType).add("t", DataTypes.DoubleType);
    List<Row> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(5));

    double[] one = sums(TestSpark.get().createDataFrame(rows, schema).repartition(1), scale, groups, true);
    double[] seven = sums(TestSpark.get().createDataFrame(shuffled, schema).repartition(7), scale, groups, true);
    for (int g = 0; g < groups; g++) {
      assertEquals(Double.doubleToLongBits(one[g]), Double.doubleToLongBits(seven[g]), "group " + g);
      BigDecimal exact = BigDecimal.ZERO;
      for (Row r : rows) {
        if (r.getLong(0) == g) {
          exact = exact.add(new BigDecimal(r.getDouble(1)));
        }
      }
      // each term loses < 2^-scale; perGroup terms
      double err = Math.abs(exact.subtract(new BigDecimal(one[g])).doubleValue());
      assertTrue(err <= perGroup * Math.scalb(1.0, -scale) + Math.ulp(one[g]), "group " + g + ": error " + err);
    }

    double[] plainOne = sums(TestSpark.get().createDataFrame(rows, schema).repartition(1), scale, groups, false);
    double[] plainSeven = sums(TestSpark.get().createDataFrame(shuffled, schema).repartition(7), scale, groups, false);
    boolean differ = false;
    for (int g = 0; g < groups; g++) {
      differ |= Double.doubleToLongBits(plainOne[g]) != Double.doubleToLongBits(plainSeven[g]);
    }
    assertTrue(differ, "double sums happened to agree bit for bit; the check above would prove nothing");
    assertNotEquals(0, scale);
  }

  private static double[] sums(Dataset<Row> df, int scale, int groups, boolean fixed) {
    Dataset<Row> s = fixed
        ? df.groupBy("g").agg(FixedPoint.value(FixedPoint.sum(col("t"), scale), scale).as("s"))
        : df.groupBy("g").agg(org.apache.spark.sql.functions.sum(col("t")).as("s"));
    double[] out = new double[groups];
    for (Row r : s.collectAsList()) {
      out[(int) r.getLong(0)] = r.getDouble(1);
    }
    return out;
  }
}
