package dev.grasp.embedding.hyperbolic;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PoincareBallTest {

  private static final StructType PAIRS = new StructType()
      .add("x", DataTypes.createArrayType(DataTypes.DoubleType, false))
      .add("y", DataTypes.createArrayType(DataTypes.DoubleType, false));

  private static Dataset<Row> pairs(List<double[][]> rows) {
    SparkSession spark = TestSpark.get();
    List<Row> out = new ArrayList<>();
    for (double[][] r : rows) {
      out.add(RowFactory.create(boxed(r[0]), boxed(r[1])));
    }
    return spark.createDataFrame(out, PAIRS);
  }

  private static List<Double> boxed(double[] a) {
    List<Double> l = new ArrayList<>();
    for (double v : a) {
      l.add(v);
    }
    return l;
  }

  private static double[] unboxed(Row r, int i) {
    List<Double> l = r.getList(i);
    double[] a = new double[l.size()];
    for (int k = 0; k < a.length; k++) {
      a[k] = l.get(k);
    }
    return a;
  }

  /** Evaluates the given column expressions on one row (x, y) and returns the row. */
  private static Row eval(double[] x, double[] y, Column... exprs) {
    List<double[][]> rows = new ArrayList<>();
    rows.add(new double[][] {x, y});
    return pairs(rows).select(exprs).collectAsList().get(0);
  }

  @Test
  void handComputedValues() {
    PoincareBall ball = new PoincareBall(1.0);
    Row r = eval(new double[] {0.5, 0.0}, new double[] {0.0, 0.5},
        ball.distance(col("x"), col("y"), 2),
        ball.mobiusAdd(col("x"), col("y"), 2),
        ball.expMap0(PoincareBall.components(col("x"), 2)));
    // arcosh(1 + 2·0.5/(0.75·0.75)) = arcosh(25/9)
    assertEquals(1.6806997724280035, r.getDouble(0), 1e-13);
    // ((1 + 0.25)·x + (1 − 0.25)·y) / (1 + 0.0625)
    assertArrayEquals(new double[] {0.5882352941176471, 0.35294117647058826}, unboxed(r, 1), 1e-15);
    Row e = eval(new double[] {0.3, 0.4}, new double[] {0, 0}, ball.expMap0(col("x"), 2));
    // tanh(0.5)/0.5 · (0.3, 0.4)
    assertArrayEquals(new double[] {0.2772702943560058, 0.3696937258080078}, unboxed(e, 0), 1e-15);
    assertArrayEquals(unboxed(e, 0), ball.expMap0(new double[] {0.3, 0.4}), 1e-16);
  }

  @Test
  void identitiesOnRandomPoints() {
    Random rnd = new Random(7);
    int d = 6;
    for (double c : new double[] {0.3, 1.0, 2.5}) {
      PoincareBall ball = new PoincareBall(c);
      double[] m = {0.5, 2.0, 1.5};
      double[] diag = PoincareBall.expandBlocks(m, 2);
      List<double[][]> rows = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        double[] v = new double[d];
        double[] w = new double[d];
        for (int k = 0; k < d; k++) {
          v[k] = rnd.nextGaussian() * 0.4;
          w[k] = rnd.nextGaussian() * 0.4;
        }
        rows.add(new double[][] {ball.expMap0(v), ball.expMap0(w)});
      }
      rows.add(new double[][] {new double[d], ball.expMap0(new double[] {0.1, 0, 0, 0, 0, 0})});
      List<Row> out = pairs(rows).select(col("x"), col("y"),
          ball.logMap0(ball.expMap0(ball.logMap0(col("x"), d), d), d).as("loglog"),
          ball.mobiusMatVecBlocks(m, 2, col("x")).as("mx"),
          ball.expMap0(matTimes(diag, ball.logMap0(col("x"), d), d), d).as("viaTangent"),
          ball.distance(col("x"), col("y"), d).as("dxy"),
          ball.distance(col("y"), col("x"), d).as("dyx"),
          ball.distance(col("x"), col("x"), d).as("dxx"),
          ball.distanceViaMobiusAddition(col("x"), col("y"), d).as("dMobius"),
          ball.radius(col("x"), d).as("rad"),
          ball.mobiusAdd(col("x"), zeros(col("x")), d).as("xPlus0"),
          ball.mobiusAdd(zeros(col("y")), col("x"), d).as("zeroPlusX"))
          .collectAsList();
      double sc = Math.sqrt(c);
      for (Row r : out) {
        double[] x = unboxed(r, 0);
        double[] y = unboxed(r, 1);
        double[] logx = ball.logMap0(x);
        // log₀(exp₀(v)) = v
        assertArrayEquals(logx, unboxed(r, 2), 1e-12);
        // M ⊗ x = exp₀(M·log₀(x)), closed form vs composition; and the driver twin
        assertArrayEquals(unboxed(r, 4), unboxed(r, 3), 1e-12);
        assertArrayEquals(ball.mobiusMatVec(diag, x), unboxed(r, 3), 1e-14);
        double dxy = r.getDouble(5);
        assertEquals(dxy, r.getDouble(6), 1e-12, "symmetric");
        assertEquals(0.0, r.getDouble(7), 1e-7, "d(x, x) = 0");
        assertEquals(dxy, r.getDouble(8), 1e-9 * Math.max(1, dxy), "arcosh form = Möbius form");
        assertEquals(ball.distance(x, y), dxy, 1e-12);
        // d(0, x) = (2/√c)·artanh(√c‖x‖), from the distance formula rather than the radius code path
        double expectRadius = 2 / sc * PoincareBall.artanh(sc * PoincareBall.norm(x));
        assertEquals(expectRadius, r.getDouble(9), 1e-12);
        assertEquals(expectRadius, ball.distance(new double[d], x), 1e-12);
        assertArrayEquals(x, unboxed(r, 10), 1e-15, "x ⊕ 0 = x");
        assertArrayEquals(x, unboxed(r, 11), 1e-15, "0 ⊕ x = x");
        assertArrayEquals(ball.mobiusAdd(x, y), ball.mobiusAdd(x, y), 0);
        if (!java.util.Arrays.equals(x, y)) {
          assertTrue(dxy > 0, "d > 0 for distinct points");
        }
      }
    }
  }

  private static Column zeros(Column x) {
    return org.apache.spark.sql.functions.transform(x, e -> e.multiply(0.0));
  }

  private static Column matTimes(double[] diag, Column v, int d) {
    Column[] c = new Column[d];
    for (int i = 0; i < d; i++) {
      c[i] = v.getItem(i).multiply(diag[i]);
    }
    return org.apache.spark.sql.functions.array(c);
  }

  @Test
  void extremeInputsStayFinite() {
    double big = 1e300;
    double tiny = 1e-320;
    double[][] inputs = {
        {0, 0, 0},
        {big, -big, big},
        {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE},
        {tiny, -tiny, 0},
        {Double.MIN_VALUE, 0, 0},
        {big, tiny, 0},
        {1e-160, 1e-170, 0},
        {3, 4, 0},
    };
    List<double[][]> rows = new ArrayList<>();
    for (double[] a : inputs) {
      for (double[] b : inputs) {
        rows.add(new double[][] {a, b});
      }
    }
    for (double c : new double[] {1e-6, 1.0, 1e6}) {
      PoincareBall ball = new PoincareBall(c);
      double maxNorm = (1 - PoincareBall.BOUNDARY_EPS) / ball.sqrtC();
      List<Row> out = pairs(rows).select(col("x"), col("y"),
          ball.expMap0(col("x"), 3), ball.logMap0(col("x"), 3), ball.project(col("x"), 3),
          ball.mobiusAdd(col("x"), col("y"), 3), ball.mobiusMatVec(new double[] {1e-3, 5, 1e3}, col("x")),
          ball.distance(col("x"), col("y"), 3), ball.distanceViaMobiusAddition(col("x"), col("y"), 3),
          ball.radius(col("x"), 3), PoincareBall.norm(col("x"), 3), PoincareBall.unit(col("x"), 3)).collectAsList();
      for (Row r : out) {
        double[] x = unboxed(r, 0);
        double[] y = unboxed(r, 1);
        for (int i = 2; i <= 6; i++) {
          double[] v = unboxed(r, i);
          for (double e : v) {
            assertTrue(Double.isFinite(e), "finite component, op " + i + " on " + java.util.Arrays.toString(x));
          }
        }
        // the Euclidean norm itself may exceed Double.MAX_VALUE (it is not a ball operation), but is never NaN
        assertFalse(Double.isNaN(r.getDouble(10)));
        for (int i = 7; i <= 9; i++) {
          assertFalse(r.isNullAt(i));
          assertTrue(Double.isFinite(r.getDouble(i)), "finite scalar, op " + i + " on "
              + java.util.Arrays.toString(x) + " " + java.util.Arrays.toString(y));
          assertTrue(r.getDouble(i) >= 0);
        }
        assertTrue(PoincareBall.norm(unboxed(r, 2)) <= maxNorm * (1 + 1e-15));
        assertTrue(PoincareBall.norm(unboxed(r, 5)) <= maxNorm * (1 + 1e-15));
        // x/‖x‖: the column and its twin give the same bits; unit length, or zero for the zero vector
        double[] u = unboxed(r, 11);
        assertArrayEquals(PoincareBall.unit(x), u, 0.0, java.util.Arrays.toString(x));
        boolean zero = java.util.Arrays.stream(x).allMatch(v -> v == 0);
        assertEquals(zero ? 0.0 : 1.0, PoincareBall.norm(u), 1e-15, java.util.Arrays.toString(x));
        // column and driver twin agree, extremes included
        assertArrayEquals(ball.expMap0(x), unboxed(r, 2), maxNorm * 1e-14);
        assertArrayEquals(ball.mobiusAdd(x, y), unboxed(r, 5), maxNorm * 1e-12);
        // near the boundary d is ill-conditioned; the twins differ only by rounding order
        assertEquals(ball.distance(x, y), r.getDouble(7), 1e-9 * Math.max(1, r.getDouble(7)));
        assertEquals(ball.radius(x), r.getDouble(9), 1e-12 * Math.max(1, r.getDouble(9)));
      }
    }
    PoincareBall unit = new PoincareBall(1.0);
    // a huge vector keeps its direction and lands on the clamped boundary
    double[] e = unit.expMap0(new double[] {1e300, 0, -1e300});
    double s = (1 - PoincareBall.BOUNDARY_EPS) / Math.sqrt(2);
    assertArrayEquals(new double[] {s, 0, -s}, e, 1e-15);
    // denormals: exp₀ and log₀ are the identity to first order
    assertArrayEquals(new double[] {1e-320, 0}, unit.expMap0(new double[] {1e-320, 0}), 0);
    assertArrayEquals(new double[] {1e-320, 0}, unit.logMap0(new double[] {1e-320, 0}), 0);
    assertEquals(3e-300, unit.radius(new double[] {1.5e-300}), 1e-314);
  }

  @Test
  void rejectsBadCurvature() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PoincareBall(0));
    assertTrue(e.getMessage().contains("`curvature`"));
    assertThrows(IllegalArgumentException.class, () -> new PoincareBall(Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> new PoincareBall(1).mobiusMatVec(new double[2],
        new double[3]));
  }
}
