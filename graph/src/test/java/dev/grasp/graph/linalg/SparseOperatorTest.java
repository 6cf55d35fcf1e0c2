package dev.grasp.graph.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SparseOperatorTest {

  private static final long BIG = Long.MAX_VALUE - 3;

  private static SparkSession spark() {
    return TestSpark.get();
  }

  private static Dataset<Row> entries(List<Object[]> rows) {
    List<Row> r = new ArrayList<>();
    for (Object[] o : rows) {
      r.add(RowFactory.create(o));
    }
    StructType s = new StructType().add("i", DataTypes.LongType).add("j", DataTypes.LongType)
        .add("p", DataTypes.DoubleType);
    return spark().createDataFrame(r, s);
  }

  private static Dataset<Row> vectors(Map<Long, double[]> x) {
    List<Row> r = new ArrayList<>();
    for (Map.Entry<Long, double[]> e : x.entrySet()) {
      List<Double> l = new ArrayList<>();
      for (double v : e.getValue()) {
        l.add(v);
      }
      r.add(RowFactory.create(e.getKey(), l));
    }
    StructType s = new StructType().add("id", DataTypes.LongType)
        .add("x", DataTypes.createArrayType(DataTypes.DoubleType));
    return spark().createDataFrame(r, s);
  }

  /** id → [x..., norm] as raw bits. */
  private static Map<Long, long[]> bits(Dataset<Row> out) {
    Map<Long, long[]> m = new TreeMap<>();
    for (Row r : out.collectAsList()) {
      List<Double> x = r.getList(1);
      long[] b = new long[x.size() + 1];
      for (int t = 0; t < x.size(); t++) {
        b[t] = Double.doubleToRawLongBits(x.get(t));
      }
      b[x.size()] = Double.doubleToRawLongBits(r.getDouble(2));
      m.put(r.getLong(0), b);
    }
    return m;
  }

  private static Map<Long, double[]> values(Dataset<Row> out) {
    Map<Long, double[]> m = new TreeMap<>();
    for (Row r : out.collectAsList()) {
      List<Double> x = r.getList(1);
      double[] v = new double[x.size() + 1];
      for (int t = 0; t < x.size(); t++) {
        v[t] = x.get(t);
      }
      v[x.size()] = r.getDouble(2);
      m.put(r.getLong(0), v);
    }
    return m;
  }

  private static Dataset<Row> product(Dataset<Row> e, Dataset<Row> x, int d, Engine engine,
      SparseOperator.Shape shape) {
    SparseOperator op = SparseOperator.of(e, engine, shape);
    try {
      return op.times(x, d).localCheckpoint();
    } finally {
      op.unpersist();
    }
  }

  @Test
  void blocksAreSizedSoThatABlocksVectorsStayNear64MiB() {
    // 1M-edge R-MAT, undirected, d = 128: 46,695 columns × 1 KiB = 45.6 MiB fit one block's budget
    assertEquals(1, BlockProduct.sizedBlocks(new SparseOperator.Sizing(1_910_494, 46_695, 128)));
    // 16M-edge R-MAT: 645,609 columns × 1 KiB do not; 32,172,538 entries × 1 KiB / 64 MiB = 490.9
    assertEquals(491, BlockProduct.sizedBlocks(new SparseOperator.Sizing(32_172_538, 645_609, 128)));
    assertEquals(1, BlockProduct.sizedBlocks(SparseOperator.Sizing.UNKNOWN));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SparseOperator.Sizing(-1, 0, 0));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void handCheckedProductOnEveryEngine() {
    // T = [[0.5, 0.5, 0], [0, 0, 2], [1 (twice), 0, 0]] on ids 1, 2, 3; node 4 reads only node 9, which has no vector
    Dataset<Row> e = entries(List.of(new Object[] {1L, 1L, 0.5}, new Object[] {1L, 2L, 0.5},
        new Object[] {2L, 3L, 2.0}, new Object[] {3L, 1L, 1.0}, new Object[] {3L, 1L, 1.0},
        new Object[] {4L, 9L, 1.0}));
    Map<Long, double[]> x = new TreeMap<>(Map.of(1L, new double[] {1.0, -2.0}, 2L, new double[] {3.0, 4.0},
        3L, new double[] {0.25, 0.0}));
    for (Engine engine : Engine.values()) {
      for (SparseOperator.Shape shape : SparseOperator.Shape.values()) {
        SparseOperator op = SparseOperator.of(e, engine, shape);
        // row 1 and row 3 have 2 entries of max |p| 0.5 and 1; row 2 one of 2
        assertEquals(2.0, op.rowBound(), 0.0, engine + " " + shape);
        Map<Long, double[]> y = values(op.times(vectors(x), 2));
        op.unpersist();
        assertEquals(List.of(1L, 2L, 3L), new ArrayList<>(y.keySet()), engine + " " + shape);
        assertArrayEquals(new double[] {2.0, 1.0, Math.sqrt(5.0)}, y.get(1L), 1e-15, engine + " " + shape);
        assertArrayEquals(new double[] {0.5, 0.0, 0.5}, y.get(2L), 1e-15, engine + " " + shape);
        assertArrayEquals(new double[] {2.0, -4.0, Math.sqrt(20.0)}, y.get(3L), 1e-15, engine + " " + shape);
      }
    }
  }

  @Test
  void transposeSwapsRowsAndColumns() {
    Dataset<Row> e = entries(List.of(new Object[] {1L, 2L, 3.0}, new Object[] {1L, 3L, 1.0}));
    Map<Long, double[]> x = new TreeMap<>(Map.of(1L, new double[] {2.0}));
    for (Engine engine : Engine.values()) {
      SparseOperator t = SparseOperator.of(e, engine, SparseOperator.Shape.COLUMNS).transpose();
      Map<Long, double[]> y = values(t.times(vectors(x), 1));
      t.unpersist();
      assertEquals(2, y.size(), engine.name());
      assertArrayEquals(new double[] {6.0, 6.0}, y.get(2L), 0.0, engine.name());
      assertArrayEquals(new double[] {2.0, 2.0}, y.get(3L), 0.0, engine.name());
    }
  }

  @Test
  void enginesShapesAndBlockCountsGiveTheSameBits() {
    Random rnd = new Random(7);
    List<Object[]> rows = new ArrayList<>();
    long[] ids = new long[60];
    for (int k = 0; k < ids.length; k++) {
      ids[k] = k == 0 ? BIG : k == 1 ? -5L : k * 1_000_003L;
    }
    for (int k = 0; k < 600; k++) {
      long i = ids[rnd.nextInt(ids.length)];
      long j = ids[(int) Math.min(ids.length - 1, Math.abs(rnd.nextGaussian()) * 15)];
      // mixed signs over six orders of magnitude, duplicates of (i, j) included
      rows.add(new Object[] {i, j, (rnd.nextDouble() - 0.3) * Math.pow(10, rnd.nextInt(6) - 3)});
    }
    Map<Long, double[]> x = new TreeMap<>();
    for (int k = 0; k < ids.length - 5; k++) {
      double[] v = new double[7];
      for (int t = 0; t < v.length; t++) {
        v[t] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(4) - 2);
      }
      x.put(ids[k], v);
    }
    Dataset<Row> e = entries(rows);
    Dataset<Row> xv = vectors(x);
    Map<Long, long[]> reference = bits(product(e, xv, 7, Engine.CATALYST, SparseOperator.Shape.COLUMNS));
    assertTrue(reference.size() > 40, "rows: " + reference.size());
    assertEqualBits(reference, bits(product(e, xv, 7, Engine.CATALYST, SparseOperator.Shape.EXPLODE)), "explode");
    String before = spark().conf().get(BlockProduct.BLOCKS_CONF, "");
    try {
      for (int blocks : new int[] {1, 3, 8}) {
        spark().conf().set(BlockProduct.BLOCKS_CONF, blocks);
        assertEqualBits(reference, bits(product(e.repartition(blocks + 1), xv.repartition(5), 7, Engine.CPU,
            SparseOperator.Shape.COLUMNS)), "cpu, " + blocks + " blocks");
      }
    } finally {
      if (before.isEmpty()) {
        spark().conf().unset(BlockProduct.BLOCKS_CONF);
      } else {
        spark().conf().set(BlockProduct.BLOCKS_CONF, before);
      }
    }
    // the fixed-point sums are within the documented error of the exact sums
    Map<Long, double[]> y = values(product(e, xv, 7, Engine.CPU, SparseOperator.Shape.COLUMNS));
    for (Map.Entry<Long, double[]> row : y.entrySet()) {
      for (int t = 0; t < 7; t++) {
        double exact = 0.0;
        for (Object[] o : rows) {
          if ((long) o[0] == row.getKey() && x.containsKey((long) o[1])) {
            exact += (double) o[2] * x.get((long) o[1])[t];
          }
        }
        assertEquals(exact, row.getValue()[t], 1e-9 * Math.max(1.0, Math.abs(exact)));
      }
    }
  }

  private static void assertEqualBits(Map<Long, long[]> expected, Map<Long, long[]> actual, String what) {
    assertEquals(expected.keySet(), actual.keySet(), what);
    for (Long id : expected.keySet()) {
      assertArrayEquals(expected.get(id), actual.get(id), what + ", row " + id);
    }
  }

  @Test
  void engineComesFromTheSessionAndBadValuesAreNamed() {
    String before = spark().conf().get(Engine.CONF, "");
    try {
      spark().conf().unset(Engine.CONF);
      assertEquals(Engine.CPU, Engine.of(spark()));
      spark().conf().set(Engine.CONF, "Catalyst");
      assertEquals(Engine.CATALYST, Engine.of(spark()));
      spark().conf().set(Engine.CONF, "gpu");
      IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Engine.of(spark()));
      assertTrue(ex.getMessage().contains("`spark.grasp.kernel.engine`") && ex.getMessage().contains("'gpu'"),
          ex.getMessage());
    } finally {
      if (before.isEmpty()) {
        spark().conf().unset(Engine.CONF);
      } else {
        spark().conf().set(Engine.CONF, before);
      }
    }
    Dataset<Row> bad = entries(List.<Object[]>of(new Object[] {1L, 2L, 1.0})).withColumnRenamed("p", "w");
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> SparseOperator.of(bad));
    assertTrue(ex.getMessage().contains("i, j, p") && ex.getMessage().contains("w"), ex.getMessage());
  }
}
