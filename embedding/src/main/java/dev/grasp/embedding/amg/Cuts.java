package dev.grasp.embedding.amg;

import dev.grasp.graph.util.LineageCutter;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Statistics;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.RDDInfo;
import scala.Option;
import scala.math.BigInt;

/**
 * Lineage cuts for the iterative AMG code that also reset Catalyst's size estimate of the cut frame to its measured
 * size.
 *
 * <p>Why: since Spark 3.4 a (local) checkpoint keeps the <em>estimated</em> statistics of the plan it cuts
 * ({@code LogicalRDD.originStats}). Without column statistics an inner join is estimated as the product of its
 * children's sizes, so every cut frame carries the product of all the estimates it was computed from; the solver joins
 * such frames with themselves round after round (x ← x + D⁻¹(b − A x)), the number of digits of the estimate doubles
 * each time, and planning a small graph's run spent minutes multiplying {@code BigInt}s
 * ({@code SizeInBytesOnlyStatsPlanVisitor.visitJoin}). Here the cut frame's estimate is the in-memory size of its
 * checkpointed blocks (or Spark's default size when unknown), so estimates stay products of a few real sizes, and small
 * frames can be broadcast.
 *
 * <p>The cut itself is {@link LineageCutter#cutNow}: a local checkpoint in local mode, a reliable one on a cluster (a
 * lost executor would otherwise take every earlier level's local checkpoint blocks with it and fail the run). Cost: the
 * eager checkpoint (one job) plus a driver-side look-up of its size (the cached blocks, or the checkpoint files).
 */
final class Cuts {

  private Cuts() {}

  /** An eager checkpoint of {@code df} whose size estimate is the measured size of its blocks or files. */
  static Dataset<Row> cut(Dataset<Row> df) {
    Dataset<Row> cp = LineageCutter.cutNow(df);
    LogicalPlan plan = cp.logicalPlan();
    if (!(plan instanceof LogicalRDD)) {
      return cp;
    }
    LogicalRDD lr = (LogicalRDD) plan;
    SparkSession spark = cp.sparkSession();
    long bytes = measuredBytes(spark, lr.rdd());
    Option<Statistics> stats = bytes > 0
        ? Option.apply(new Statistics(BigInt.apply(bytes), Option.empty(),
            Statistics.apply$default$3(), false))
        : Option.empty();
    LogicalRDD fresh = lr.copy(lr.output(), lr.rdd(), lr.outputPartitioning(), lr.outputOrdering(), lr.isStreaming(),
        spark, stats, Option.empty());
    return Dataset.ofRows(spark, fresh);
  }

  /** The cached blocks' size of a local checkpoint, the files' size of a reliable one; 0 when unknown. */
  private static long measuredBytes(SparkSession spark, RDD<?> rdd) {
    Option<String> file = rdd.getCheckpointFile();
    if (file.isDefined()) {
      Path path = new Path(file.get());
      try {
        return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).getContentSummary(path).getLength();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot measure the checkpoint " + path, e);
      }
    }
    int id = rdd.id();
    for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
      if (info.id() == id) {
        return info.memSize() + info.diskSize();
      }
    }
    return 0L;
  }
}
