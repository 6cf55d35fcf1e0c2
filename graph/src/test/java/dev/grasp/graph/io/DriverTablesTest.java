package dev.grasp.graph.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table written by the driver reads back as the same table Spark's writer gives, in Parquet and in CSV text. */
class DriverTablesTest {

  @TempDir
  Path dir;

  private final SparkSession spark = TestSpark.get();

  private static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType, true)
      .add("x", DataTypes.DoubleType, true).add("n", DataTypes.IntegerType, true)
      .add("ok", DataTypes.BooleanType, true)
      .add("embedding", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
      .add("f", DataTypes.createArrayType(DataTypes.FloatType, false), true);

  private static final long[] IDS = {-3, 0, 7, 9_007_199_254_740_993L};
  private static final double[][] EMB = {{0.1, -2.5e-7}, {1e300, -0.0}, {Double.MIN_VALUE, 3.0}, {0.3, 1.0 / 3}};

  private static InternalRow internal(int i) {
    Object x = i == 1 ? null : (Object) (i * 0.7 - 1e-9);
    float[] f = {(float) EMB[i][0], (float) (i / 3.0)};
    return new GenericInternalRow(new Object[] {IDS[i], x, i * 11 - 5, i % 2 == 0,
        UnsafeArrayData.fromPrimitiveArray(EMB[i]), UnsafeArrayData.fromPrimitiveArray(f)});
  }

  private Dataset<Row> sparkTable() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < IDS.length; i++) {
      InternalRow r = internal(i);
      List<Double> e = new ArrayList<>();
      for (double v : EMB[i]) {
        e.add(v);
      }
      List<Float> f = List.of((float) EMB[i][0], (float) (i / 3.0));
      rows.add(RowFactory.create(IDS[i], r.isNullAt(1) ? null : r.getDouble(1), r.getInt(2), r.getBoolean(3), e, f));
    }
    return spark.createDataFrame(rows, SCHEMA).coalesce(1);
  }

  private static String text(Path folder, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> parts = files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted()
          .collect(Collectors.toList());
      StringBuilder out = new StringBuilder();
      for (Path p : parts) {
        out.append(Files.readString(p));
      }
      return out.toString();
    }
  }

  @Test
  void parquetAndCsvReadBackAsSparksOwnWrite() throws IOException {
    DriverTables.Rows rows = new DriverTables.Rows(SCHEMA, IDS.length, DriverTablesTest::internal);
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    for (TableWriter.Format fmt : List.of(TableWriter.Format.PARQUET, TableWriter.Format.CSV)) {
      String mine = dir.resolve("driver-" + fmt).toString();
      String theirs = dir.resolve("spark-" + fmt).toString();
      DriverTables.write(conf, rows, mine, fmt);
      TableWriter.write(sparkTable(), theirs, fmt);
      assertTrue(Files.exists(Path.of(mine, "_SUCCESS")));
      if (fmt == TableWriter.Format.PARQUET) {
        Dataset<Row> a = spark.read().parquet(mine);
        Dataset<Row> b = spark.read().parquet(theirs);
        assertEquals(b.schema(), a.schema());
        assertEquals(b.orderBy("id").collectAsList(), a.orderBy("id").collectAsList());
        assertEquals(IDS.length, a.count());
      } else {
        String t = text(Path.of(mine), ".csv");
        assertEquals(text(Path.of(theirs), ".csv"), t);
        assertTrue(t.startsWith("id,x,n,ok,v0,v1,f0,f1\n-3,"), t);
      }
    }
  }

  @Test
  void refusesAnExistingFolderAndStringColumnsInCsv() {
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    DriverTables.Rows rows = new DriverTables.Rows(SCHEMA, IDS.length, DriverTablesTest::internal);
    assertThrows(IllegalArgumentException.class,
        () -> DriverTables.write(conf, rows, dir.toString(), TableWriter.Format.PARQUET));
    StructType s = new StructType().add("name", DataTypes.StringType, true);
    DriverTables.Rows strings = new DriverTables.Rows(s, 0, i -> null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DriverTables.write(conf, strings, dir.resolve("s").toString(), TableWriter.Format.CSV));
    assertTrue(e.getMessage().contains("`name`"), e.getMessage());
  }

  /** Integer tables Spark wrote (Parquet long and int columns, CSV) read back in the driver; other shapes declined. */
  @Test
  void readLongsReadsWhatSparkWrote() {
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    Dataset<Row> t = spark.sql("select id * 3 - 4 as id, cast(id % 2 as int) as cluster from range(7)").repartition(3);
    for (TableWriter.Format fmt : List.of(TableWriter.Format.PARQUET, TableWriter.Format.CSV)) {
      String p = dir.resolve("longs-" + fmt).toString();
      TableWriter.write(t, p, fmt);
      long[][] c = DriverTables.readLongs(conf, p, 1L << 20, "id", "cluster");
      List<String> got = new ArrayList<>();
      for (int i = 0; i < c[0].length; i++) {
        got.add(c[0][i] + ":" + c[1][i]);
      }
      got.sort(null);
      List<String> want = new ArrayList<>();
      for (Row r : spark.read().format(fmt == TableWriter.Format.CSV ? "csv" : "parquet").option("header", "true")
          .load(p).selectExpr("cast(id as long)", "cast(cluster as long)").collectAsList()) {
        want.add(r.getLong(0) + ":" + r.getLong(1));
      }
      want.sort(null);
      assertEquals(want, got, fmt.toString());
      assertEquals(7, got.size());
      assertEquals(null, DriverTables.readLongs(conf, p, 1L << 20, "id", "missing"));
      assertEquals(null, DriverTables.readLongs(conf, p, 16, "id", "cluster"), "over the threshold");
    }
    String nulls = dir.resolve("nulls").toString();
    spark.sql("select 1L as id, cast(null as long) as cluster").write().parquet(nulls);
    assertEquals(null, DriverTables.readLongs(conf, nulls, 1L << 20, "id", "cluster"));
  }
}
