package dev.grasp.graph.util;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.spark_partition_id;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Dense 0-based positions of rows in a total order, computed without a single-partition window: range-partition by
 * the order, number rows inside each partition, add each partition's offset (a prefix sum of the per-partition counts,
 * done on the driver). The result depends only on the order, never on the partitioning, as long as the order columns
 * are a total order (end them with a unique id). The result is materialised with its lineage cut
 * ({@link LineageCutter#cutNow}: a reliable checkpoint on a cluster, a local one in local mode).
 * O(n log n / p) per partition plus one small collect.
 */
public final class DenseIndex {

  private DenseIndex() {}

  /** {@code df} with a {@code long} column {@code indexColumn} = rank − 1 in the order of {@code order}. */
  public static Dataset<Row> of(Dataset<Row> df, String indexColumn, Column... order) {
    SparkSession spark = df.sparkSession();
    int parts = Math.max(1, spark.sessionState().conf().numShufflePartitions());
    Dataset<Row> ranked = df.repartitionByRange(parts, order)
        .withColumn("_pid", spark_partition_id())
        .withColumn("_local", row_number().over(Window.partitionBy("_pid").orderBy(order)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    List<Row> counts = ranked.groupBy("_pid").agg(count(lit(1)).as("n")).orderBy("_pid").collectAsList();
    List<Row> offsets = new ArrayList<>();
    long acc = 0;
    for (Row r : counts) {
      offsets.add(RowFactory.create(r.getInt(0), acc));
      acc += r.getLong(1);
    }
    StructType schema = new StructType().add("_pid", DataTypes.IntegerType, false)
        .add("_offset", DataTypes.LongType, false);
    Dataset<Row> offsetTable = spark.createDataFrame(offsets, schema);
    Dataset<Row> out = LineageCutter.cutNow(ranked.join(broadcast(offsetTable), "_pid")
        .withColumn(indexColumn, col("_offset").plus(col("_local")).minus(1))
        .drop("_pid", "_local", "_offset"));
    ranked.unpersist(false);
    return out;
  }
}
