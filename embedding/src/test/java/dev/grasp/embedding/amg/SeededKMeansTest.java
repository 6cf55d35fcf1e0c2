package dev.grasp.embedding.amg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.grasp.graph.util.Seeds;
import dev.grasp.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SeededKMeansTest {

  private static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType)
      .add("f", DataTypes.createArrayType(DataTypes.DoubleType));

  private static List<Row> rows(double[][] x) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      List<Double> f = new ArrayList<>();
      for (double v : x[i]) {
        f.add(v);
      }
      out.add(RowFactory.create(10L + 7L * i, f));
    }
    return TestSpark.get().createDataFrame(out, SCHEMA).collectAsList(); // rows as Spark hands them over
  }

  /** Two tight groups far apart: every restart ends with their exact means, the lower-id group's first. */
  @Test
  void twoSeparatedGroupsGiveTheirMeans() {
    double[][] x = {{0, 0}, {0, 2}, {2, 0}, {2, 2}, {100, 100}, {100, 102}, {104, 100}};
    SeededKMeans km = new SeededKMeans(2, 20, 7L, 5);
    SeededKMeans.Chunk all = SeededKMeans.Chunk.of(rows(x).iterator(), 2);
    for (SeededKMeans.Fit fit : km.fitLocal(all)) {
      int[] a = SeededKMeans.assign(all, fit.centers());
      double[][] c = fit.centers();
      int low = a[0];
      assertArrayEquals(new double[] {1.0, 1.0}, c[low], 1e-15);
      assertArrayEquals(new double[] {304.0 / 3, 302.0 / 3}, c[1 - low], 1e-12);
      assertArrayEquals(new int[] {low, low, low, low, 1 - low, 1 - low, 1 - low}, a);
    }
  }

  /** Fewer distinct points than k: as many centres as distinct points, no failure. */
  @Test
  void fewerDistinctPointsThanKGiveFewerCentres() {
    double[][] x = {{1, 1}, {1, 1}, {3, 3}, {3, 3}, {3, 3}};
    SeededKMeans.Chunk all = SeededKMeans.Chunk.of(rows(x).iterator(), 2);
    SeededKMeans.Fit fit = new SeededKMeans(4, 10, 1L, 1).fitLocal(all).get(0);
    assertEquals(2, fit.centers().length);
  }

  @Test
  void rowsOfTheWrongWidthAreRefused() {
    List<Row> r = rows(new double[][] {{1, 2}, {3}});
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SeededKMeans.Chunk.of(r.iterator(), 2));
    assertEquals("k-means input: vertex 17 has 1 coordinates, expected 2", e.getMessage());
  }

  /**
   * The Spark table gives the driver's bits for 1, 3 and 8 partitions; 20,000 points are twice the init sample's
   * floor, so the init runs on a hash-drawn half of them.
   */
  @Test
  void sparkAndDriverGiveTheSameCentresForAnyPartitioning() {
    int n = 20_000;
    int d = 3;
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      int blob = i % 5;
      for (int j = 0; j < d; j++) {
        x[i][j] = 10.0 * ((blob >> (j % 2)) & 1) + blob + Seeds.uniform(3L, i, j) * 0.7 / 3.0;
      }
    }
    SeededKMeans km = new SeededKMeans(5, 30, 11L, 3);
    List<Row> r = rows(x);
    List<SeededKMeans.Fit> local = km.fitLocal(SeededKMeans.Chunk.of(r.iterator(), d));
    assertNotEquals(local.get(0).centers()[0][0], local.get(1).centers()[0][0], "restarts must differ");
    for (int parts : new int[] {1, 3, 8}) {
      Dataset<Row> table = TestSpark.get().createDataFrame(r, SCHEMA).repartition(parts);
      JavaRDD<SeededKMeans.Chunk> chunks = SeededKMeans.chunks(table, d);
      List<SeededKMeans.Fit> spark = km.fitSpark(chunks, d);
      chunks.unpersist(false);
      for (int restart = 0; restart < local.size(); restart++) {
        double[][] a = local.get(restart).centers();
        double[][] b = spark.get(restart).centers();
        assertEquals(a.length, b.length);
        for (int c = 0; c < a.length; c++) {
          for (int j = 0; j < d; j++) {
            assertEquals(Double.doubleToLongBits(a[c][j]), Double.doubleToLongBits(b[c][j]),
                parts + " partitions, restart " + restart + ", centre " + c);
          }
        }
        assertEquals(local.get(restart).iterations(), spark.get(restart).iterations());
      }
    }
  }
}
