package dev.grasp.graph.linalg;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.testing.TestSpark;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class WideSumTest {

  @Test
  void dyadicTermsSumExactly() {
    WideSum.Acc acc = new WideSum.Acc();
    for (double t : new double[] {0.5, 0.25, -1.0, 3.0, -0.125}) {
      acc.add(t);
    }
    assertEquals(2.625, acc.value("test"), 0.0);
    // A term below the resolution 2^-47 is truncated toward −∞ in the low limb: 2^-48 adds nothing, −2^-48 takes 2^-47.
    WideSum.Acc tiny = new WideSum.Acc();
    tiny.add(0x1p-48);
    assertEquals(0.0, tiny.value("test"), 0.0);
    tiny.add(-0x1p-48);
    assertEquals(-0x1p-47, tiny.value("test"), 0.0);
  }

  @Test
  void nanAndInfinityAreClampedAsSparkOrdersThemAndTheRangeIsChecked() {
    WideSum.Acc acc = new WideSum.Acc();
    acc.add(Double.NEGATIVE_INFINITY);
    // the plain sum is −∞: out of range, and the message names the sum
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> acc.value("the test objective"));
    assertTrue(e.getMessage().contains("the test objective") && e.getMessage().contains("Infinity"), e.getMessage());
    WideSum.Acc big = new WideSum.Acc();
    for (int i = 0; i < 17; i++) {
      big.add(WideSum.CAP); // 17 · 2^40 > 2^44
    }
    assertThrows(IllegalStateException.class, () -> big.value("test"));
    WideSum.Acc ok = new WideSum.Acc();
    for (int i = 0; i < 15; i++) {
      ok.add(WideSum.CAP);
    }
    assertEquals(15 * WideSum.CAP, ok.value("test"), 0.0);
  }

  /**
   * Terms of mixed sign over twelve orders of magnitude: the Spark column form gives the same bits as the driver twin
   * for 1, 3 and 8 partitions and two row orders, and both lie within 2^-47 a term of the exact BigDecimal sum.
   */
  @Test
  void columnFormAndTwinGiveTheSameBitsForAnyPartitioningAndAreCloseToExact() {
    Random rnd = new Random(5);
    List<Row> rows = new ArrayList<>();
    WideSum.Acc twin = new WideSum.Acc();
    BigDecimal exact = BigDecimal.ZERO;
    double plain = 0;
    int n = 5000;
    for (int i = 0; i < n; i++) {
      double t = (rnd.nextDouble() - 0.5) * Math.pow(10, 6 - rnd.nextInt(12));
      rows.add(RowFactory.create(t));
      twin.add(t);
      exact = exact.add(new BigDecimal(t));
      plain += t;
    }
    double v = twin.value("test");
    assertTrue(Math.abs(new BigDecimal(v).subtract(exact).doubleValue()) <= n * 0x1p-47 + Math.ulp(v),
        v + " vs exact " + exact);
    StructType schema = new StructType().add("t", DataTypes.DoubleType);
    List<Row> reversed = new ArrayList<>(rows);
    Collections.reverse(reversed);
    double plainOther = Double.NaN;
    for (List<Row> order : List.of(rows, reversed)) {
      for (int parts : new int[] {1, 3, 8}) {
        Dataset<Row> df = TestSpark.get().createDataFrame(order, schema).repartition(parts);
        Column[] s = WideSum.sum(col("t"));
        Row r = df.agg(s[0], s[1], s[2]).first();
        assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(WideSum.value(r, 0, "test")),
            order.size() + " rows, " + parts + " partitions");
        if (parts == 8) {
          plainOther = r.getDouble(2);
        }
      }
    }
    // the property the limbs add: a plain double sum of the same terms depends on the order
    assertTrue(plain != plainOther, "plain sums " + plain + " and " + plainOther);
  }
}
