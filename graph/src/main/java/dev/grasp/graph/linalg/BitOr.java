package dev.grasp.graph.linalg;

import static org.apache.spark.sql.functions.bit_or;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.shiftleft;
import static org.apache.spark.sql.functions.shiftright;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The bitwise OR of {@code long} masks per key, in the kernel's two engines ({@link Engine}), with the same bits:
 * {@link Engine#CPU} aggregates with {@code bit_or}; {@link Engine#CATALYST} assembles the OR from one {@code max} per
 * bit shifted back into place (more aggregation buffers, but every operator is one the RAPIDS Accelerator 25.04 runs:
 * it has no {@code bit_or}). Used by the hop plot's multi-source BFS, where bit i of a vertex's mask says that source
 * i has reached it.
 */
public final class BitOr {

  private BitOr() {}

  /**
   * One row per distinct {@code key} of {@code masks}: ({@code key}, OR of its {@code mask} values), the masks using
   * only their {@code bits} low bits (1..64); the engine is the session's ({@link Engine#of}).
   */
  public static Dataset<Row> perKey(Dataset<Row> masks, String key, String mask, int bits) {
    return perKey(masks, key, mask, bits, Engine.of(masks.sparkSession()));
  }

  /** {@link #perKey(Dataset, String, String, int)} with the engine given. */
  public static Dataset<Row> perKey(Dataset<Row> masks, String key, String mask, int bits, Engine engine) {
    if (bits < 1 || bits > Long.SIZE) {
      throw new IllegalArgumentException("bits must be in 1..64, got " + bits);
    }
    if (engine == Engine.CPU) {
      return masks.groupBy(key).agg(bit_or(col(mask)).as(mask));
    }
    Column[] perBitMax = new Column[bits];
    Column or = lit(0L);
    for (int i = 0; i < bits; i++) {
      perBitMax[i] = max(shiftright(col(mask), i).bitwiseAND(lit(1L))).as("_b" + i);
      or = or.bitwiseOR(shiftleft(col("_b" + i), i));
    }
    return masks.groupBy(key).agg(perBitMax[0], Arrays.copyOfRange(perBitMax, 1, bits))
        .select(col(key), or.as(mask));
  }
}
