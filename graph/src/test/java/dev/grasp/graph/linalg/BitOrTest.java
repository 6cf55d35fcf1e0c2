package dev.grasp.graph.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.grasp.testing.TestSpark;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BitOrTest {

  private static Map<Long, Long> collect(Dataset<Row> d) {
    Map<Long, Long> out = new TreeMap<>();
    for (Row r : d.collectAsList()) {
      out.put(r.getLong(0), r.getLong(1));
    }
    return out;
  }

  /** Both engines give the hand-computed ORs, including the sign bit (bit 63) and a key seen once. */
  @Test
  void bothEnginesGiveTheSameOrPerKey() {
    SparkSession spark = TestSpark.get();
    StructType schema = new StructType().add("v", DataTypes.LongType, false).add("m", DataTypes.LongType, false);
    Dataset<Row> masks = spark.createDataFrame(List.of(
        RowFactory.create(1L, 0b0101L), RowFactory.create(1L, 0b0011L), RowFactory.create(1L, 0b0101L),
        RowFactory.create(2L, Long.MIN_VALUE), RowFactory.create(2L, 1L),
        RowFactory.create(3L, 0L)), schema).repartition(3);
    Map<Long, Long> expected = Map.of(1L, 0b0111L, 2L, Long.MIN_VALUE | 1L, 3L, 0L);
    assertEquals(new TreeMap<>(expected), collect(BitOr.perKey(masks, "v", "m", 64, Engine.CPU)));
    assertEquals(new TreeMap<>(expected), collect(BitOr.perKey(masks, "v", "m", 64, Engine.CATALYST)));
    // With 3 bits the Catalyst form looks only at bits 0..2 (the caller's promise), the CPU form at all of them.
    Dataset<Row> low = masks.filter("v = 1");
    assertEquals(Map.of(1L, 0b0111L), collect(BitOr.perKey(low, "v", "m", 3, Engine.CATALYST)));
    assertThrows(IllegalArgumentException.class, () -> BitOr.perKey(masks, "v", "m", 65, Engine.CPU));
  }
}
