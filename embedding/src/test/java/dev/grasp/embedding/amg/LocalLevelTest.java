package dev.grasp.embedding.amg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.testing.TestSpark;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LocalLevelTest {

  @Test
  void fromCooSortsRowsAndColumnsAndSumsDuplicates() {
    // 3 × 3, entries in no particular order, (1, 2) given twice (0.5 + 1.5) and (0, 0) twice (2 + 1).
    long[] ids = {10L, 20L, 30L};
    int[] row = {2, 1, 0, 1, 0, 2, 1, 0};
    int[] col = {1, 2, 0, 1, 0, 2, 2, 1};
    double[] v = {-1.0, 0.5, 2.0, 4.0, 1.0, 5.0, 1.5, -3.0};
    LocalLevel l = LocalLevel.fromCoo(ids, row, col, v, v.length);
    DenseMatrix d = l.a.toDense();
    double[][] expected = {{3.0, -3.0, 0.0}, {0.0, 4.0, 2.0}, {0.0, -1.0, 5.0}};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        // CSC arrays read as CSR: apply(j, i) is the entry (row i, column j) given above.
        assertEquals(expected[i][j], d.apply(j, i), 1e-15, "(" + i + ", " + j + ")");
      }
    }
    assertEquals(6, l.a.values().length, "duplicates merged into one stored entry each");
    assertArrayEquals(new double[] {3.0, 4.0, 5.0}, l.diag, 1e-15);
    assertArrayEquals(new double[] {6.0, 6.0, 6.0}, l.l1, 1e-15);
  }

  @Test
  void aLevelGoesToTheDriverOnlyWithinBothTheVertexAndTheEntryBudget() {
    // 100,001 vertices, diagonal only: 100,001 entries.
    Dataset<Row> ijv = TestSpark.get().range(100_001).selectExpr("id as i", "id as j", "cast(1.0 as double) as v");
    DistOperator big = DistOperator.fromEntries(ijv, 10);
    AmgParams roomy = AmgParams.defaults(2).withCoarsestSize(200_000);
    // So many hierarchies that the heap share per entry is below the floor of 100,000 entries.
    AmgParams tight = roomy.withMaxHierarchies(1_000_000);
    assertEquals(100_000L, Hierarchy.driverEntryBudget(tight));
    assertFalse(Hierarchy.fitsDriver(big, tight), "100,001 entries exceed the 100,000-entry budget");
    assertFalse(Hierarchy.fitsDriver(big, roomy.withCoarsestSize(100_000)), "100,001 vertices > coarsestSize");
    assertTrue(Hierarchy.driverEntryBudget(roomy) >= 100_001L, "budget " + Hierarchy.driverEntryBudget(roomy));
    assertTrue(Hierarchy.fitsDriver(big, roomy));
    LocalLevel l = Hierarchy.collect(big);
    assertEquals(100_001, l.size());
    assertEquals(100_000L, l.ids[100_000]);
    assertEquals(1.0, l.diag[12_345], 0.0);
  }
}
