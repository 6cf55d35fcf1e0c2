package dev.grasp.graph.util;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SeedsTest {

  @Test
  void driverHashEqualsColumnHashForAnyPartitioning() {
    for (int parts : new int[] {1, 3, 8}) {
      List<Row> rows = TestSpark.get().range(0, 200, 1, parts)
          .select(col("id"), Seeds.hash(7L, col("id"), col("id").plus(1)).as("h"),
              Seeds.uniform(7L, col("id")).as("u"))
          .collectAsList();
      for (Row r : rows) {
        long id = r.getLong(0);
        assertEquals(Seeds.hash(7L, id, id + 1), r.getLong(1));
        assertEquals(Seeds.uniform(7L, id), r.getDouble(2), 0.0);
      }
    }
  }

  @Test
  void uniformIsInUnitIntervalAndRoughlyUniform() {
    double sum = 0;
    int n = 20000;
    for (long i = 0; i < n; i++) {
      double u = Seeds.uniform(3L, i);
      assertTrue(u >= 0.0 && u < 1.0, "u=" + u);
      sum += u;
    }
    assertEquals(0.5, sum / n, 0.01);
    assertNotEquals(Seeds.uniform(1L, 5L), Seeds.uniform(2L, 5L));
  }
}
