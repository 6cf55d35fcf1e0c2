package dev.grasp.graph.util;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * A DataFrame over data held in the driver (arrays computed by a driver-local stage): the data is broadcast once and
 * partition p of n builds the rows of its slice, [⌊size·p/n⌋, ⌊size·(p+1)/n⌋). Unlike a parallelized collection,
 * whose slices travel inside the tasks (and again for every job that reads them), a broadcast is sent once, in
 * blocks, to each executor.
 */
public final class DriverRows {

  private DriverRows() {}

  /** Builds the rows of one slice of the data. */
  @FunctionalInterface
  public interface Slice<T> extends Serializable {
    /** The rows of positions {@code from} (inclusive) to {@code to} (exclusive). */
    Iterator<InternalRow> rows(T data, int from, int to);
  }

  /**
   * {@code size} rows of {@code data} in {@code parts} partitions (at least 1, at most {@code size}), in position
   * order; {@code data} must be serializable.
   */
  public static <T> Dataset<Row> of(SparkSession spark, T data, int size, int parts, StructType schema,
      Slice<T> slice) {
    int n = Math.max(1, Math.min(parts, size));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<T> b = jsc.broadcast(data);
    List<Integer> indices = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      indices.add(p);
    }
    JavaRDD<InternalRow> rows = jsc.parallelize(indices, n).mapPartitionsWithIndex((p, it) -> {
      int from = (int) ((long) size * p / n);
      int to = (int) ((long) size * (p + 1) / n);
      return slice.rows(b.value(), from, to);
    }, true);
    return spark.internalCreateDataFrame(rows.rdd(), schema, false);
  }
}
