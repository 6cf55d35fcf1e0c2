package dev.grasp.graph.util;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.XXH64;

/**
 * Seeded randomness as a pure function of (seed, key…): the same numbers whatever the partitioning, on executors (as
 * Catalyst {@code xxhash64} column expressions, which the RAPIDS Accelerator runs) and on the driver (the same hash
 * in Java, bit for bit).
 *
 * <p>Spark's {@code xxhash64(c1, …, cn)} starts from the seed 42 and folds each value into the running hash; the
 * driver-side methods reproduce that exactly for {@code long} keys, so a test can recompute any random draw.
 */
public final class Seeds {

  private static final long SPARK_HASH_SEED = 42L;
  private static final double TWO_POW_MINUS_53 = 1.0 / (1L << 53);

  private Seeds() {}

  /** A 64-bit hash of (seed, keys…) as a column; keys must be long (or int, cast by the caller) columns. */
  public static Column hash(long seed, Column... keys) {
    Column[] all = new Column[keys.length + 1];
    all[0] = lit(seed);
    System.arraycopy(keys, 0, all, 1, keys.length);
    return xxhash64(all);
  }

  /** A uniform double in [0, 1) from (seed, keys…), as a column. */
  public static Column uniform(long seed, Column... keys) {
    return shiftrightunsigned(hash(seed, keys), 11).cast("double").multiply(TWO_POW_MINUS_53);
  }

  /** The driver-side twin of {@link #hash(long, Column...)} for long keys. */
  public static long hash(long seed, long... keys) {
    long h = XXH64.hashLong(seed, SPARK_HASH_SEED);
    for (long k : keys) {
      h = XXH64.hashLong(k, h);
    }
    return h;
  }

  /** The driver-side twin of {@link #uniform(long, Column...)} for long keys. */
  public static double uniform(long seed, long... keys) {
    return (hash(seed, keys) >>> 11) * TWO_POW_MINUS_53;
  }
}
