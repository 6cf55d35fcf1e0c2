package dev.grasp.graph.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.testing.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class DriverLocalTest {

  private static final long M = 1L << 20;

  @Test
  void autoIsAnEighthOfTheHeapCappedByHalfTheResultSizeWithAFloor() {
    assertEquals(512 * M, DriverLocal.auto(4096 * M, 1024 * M)); // bin/grasp's 4g driver, Spark's 1g result limit
    assertEquals(128 * M, DriverLocal.auto(1024 * M, 1024 * M)); // spark-submit's default 1g driver
    assertEquals(512 * M, DriverLocal.auto(16384 * M, 1024 * M)); // capped by maxResultSize / 2
    assertEquals(2048 * M, DriverLocal.auto(16384 * M, 0)); // maxResultSize 0: no limit
    assertEquals(64 * M, DriverLocal.auto(256 * M, 1024 * M)); // the floor
  }

  @Test
  void sizesZeroAutoAndBadValues() {
    SparkSession spark = TestSpark.get();
    try {
      spark.conf().set(DriverLocal.CONF, "512m");
      assertEquals(512 * M, DriverLocal.maxBytes(spark));
      spark.conf().set(DriverLocal.CONF, "0");
      assertEquals(0, DriverLocal.maxBytes(spark));
      spark.conf().set(DriverLocal.CONF, " AUTO ");
      assertEquals(DriverLocal.auto(Runtime.getRuntime().maxMemory(), 1024 * M), DriverLocal.maxBytes(spark));
      spark.conf().unset(DriverLocal.CONF);
      assertEquals(DriverLocal.auto(Runtime.getRuntime().maxMemory(), 1024 * M), DriverLocal.maxBytes(spark));
      spark.conf().set(DriverLocal.CONF, "lots");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DriverLocal.maxBytes(spark));
      assertTrue(e.getMessage().contains("spark.grasp.driverLocal.maxBytes") && e.getMessage().contains("'lots'"),
          e.getMessage());
    } finally {
      spark.conf().unset(DriverLocal.CONF);
    }
  }
}
