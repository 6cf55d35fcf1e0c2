package dev.grasp.graph.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Maps string vertex ids to longs deterministically: id = xxhash64("grasp-id", name). The same name gets the same id in
 * every file, run and partitioning, so edges, labels and attributes read separately join. A collision (probability
 * about n²/2⁶⁵) is detected by {@link #checkInjective} and reported rather than merging two vertices silently.
 *
 * <p>Mapping table schema: {@code id: long, name: string}; written beside outputs as {@code idmap/} so results can be
 * joined back to the original names.
 */
public final class IdMapping {

  public static final String NAME = "name";
  private static final String SALT = "grasp-id";

  private IdMapping() {}

  /** The long id of a string id column. */
  public static Column idOf(Column name) {
    return xxhash64(lit(SALT), name);
  }

  /** Fails when two distinct names of {@code mapping} (id, name) share an id. */
  public static void checkInjective(Dataset<Row> mapping, String source) {
    Row r = mapping.agg(countDistinct(col(NAME)), countDistinct(col("id"))).first();
    if (r.getLong(0) != r.getLong(1)) {
      throw new InputException(source + ": " + (r.getLong(0) - r.getLong(1))
          + " string ids collide under the 64-bit id hash; rename them or use numeric ids");
    }
  }
}
