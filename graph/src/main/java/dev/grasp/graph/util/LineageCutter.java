package dev.grasp.graph.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
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
 * Cuts the lineage of an iterative computation every {@code interval} rounds: a reliable (eager) checkpoint when
 * the session has a checkpoint directory — sessions built by grasp jobs set one per run and enable
 * {@code spark.cleaner.referenceTracking.cleanCheckpoints} — and a local checkpoint otherwise.
 *
 * <p>{@link #materialize} cuts the lineage of an algorithm's <em>input</em> instead: Spark renders the text of the
 * whole plan at every query start (cached relations print the plans they cache), so an input with a long plan (a
 * parser's validation expressions, a split's joins) repeated in every round of an iterative stage made rendering,
 * not data, the cost of small and medium runs.
 */
public final class LineageCutter {

  private final boolean reliable;
  private final int interval;

  /** @param interval cut every {@code interval} rounds; {@code <= 0} never cuts */
  public LineageCutter(SparkSession spark, int interval) {
    this.reliable = spark.sparkContext().getCheckpointDir().isDefined();
    this.interval = interval;
  }

  /** Whether round {@code round} (1-based) is a cutting round. */
  public boolean isCutRound(int round) {
    return interval > 0 && round % interval == 0;
  }

  /** Returns {@code df} with its lineage cut when {@code round} is a cutting round, else {@code df} unchanged. */
  public <T> Dataset<T> maybeCut(Dataset<T> df, int round) {
    if (!isCutRound(round)) {
      return df;
    }
    return reliable ? df.checkpoint(true) : df.localCheckpoint(true);
  }

  /**
   * Whether {@link #cutNow} writes reliable checkpoints: on a cluster (any master but {@code local[…]}) whose session
   * has a checkpoint directory. In local mode no executor can be lost without the driver, so local checkpoints (kept
   * in the block manager, no file written) are enough there.
   */
  public static boolean reliableCuts(SparkSession spark) {
    return !spark.sparkContext().isLocal() && spark.sparkContext().getCheckpointDir().isDefined();
  }

  /**
   * {@code df} computed once now, with its lineage cut, in a form that survives the loss of an executor where one can
   * be lost. On a cluster with a checkpoint directory ({@link #reliableCuts}) an eager reliable checkpoint (Spark 3.5
   * computes and writes it in one job). Otherwise an eager local checkpoint, which lives only in the executors' block
   * managers: on a cluster an executor lost after such a cut takes its partitions with it and the job fails
   * ("Checkpoint block … not found"), as a checkpoint has no lineage to recompute from. Reliable checkpoint files are
   * removed when the frame is garbage-collected if the session enables
   * {@code spark.cleaner.referenceTracking.cleanCheckpoints} (grasp's job sessions do).
   */
  public static <T> Dataset<T> cutNow(Dataset<T> df) {
    return reliableCuts(df.sparkSession()) ? df.checkpoint(true) : df.localCheckpoint(true);
  }

  /**
   * {@link #cutNow}, with Catalyst's size estimate of the cut frame reset to its measured size: the in-memory size of
   * a local checkpoint's blocks, the files' size of a reliable one (Spark's default size when unknown).
   *
   * <p>Why: since Spark 3.4 a checkpoint keeps the <em>estimated</em> statistics of the plan it cuts
   * ({@code LogicalRDD.originStats}). Without column statistics an inner join is estimated as the product of its
   * children's sizes, so every cut frame carries the product of all the estimates it was computed from. An iterative
   * solver that joins such frames with themselves round after round (AMG's x ← x + D⁻¹(b − A x)) doubles the number
   * of digits of the estimate each time; planning a small graph's run then spent minutes multiplying {@code BigInt}s
   * ({@code SizeInBytesOnlyStatsPlanVisitor.visitJoin}). With measured sizes, estimates stay products of a few real
   * sizes, and small frames can be broadcast. Cost: the eager checkpoint (one job) plus a driver-side look-up of its
   * size (the cached blocks, or the checkpoint files).
   */
  public static Dataset<Row> cutMeasured(Dataset<Row> df) {
    Dataset<Row> cp = cutNow(df);
    LogicalPlan plan = cp.logicalPlan();
    if (!(plan instanceof LogicalRDD lr)) {
      return cp;
    }
    SparkSession spark = cp.sparkSession();
    long bytes = measuredBytes(spark, lr.rdd());
    Option<Statistics> stats = bytes > 0
        ? Option.apply(new Statistics(BigInt.apply(bytes), Option.empty(), Statistics.apply$default$3(), false))
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

  /**
   * Frees a cut's blocks now, once nothing will read it again: a local checkpoint's cached partitions are otherwise
   * freed only when the garbage collector has collected the frame and Spark's context cleaner noticed (a reliable
   * checkpoint keeps no blocks; its files go the same way, see {@link #cutNow}). Anything but a cut is left alone.
   * Touches only plan metadata: the checkpoint's {@code LogicalRDD} holds the RDD to unpersist.
   */
  public static void release(Dataset<?> cut) {
    if (cut.logicalPlan() instanceof LogicalRDD lr && lr.rdd().getStorageLevel().isValid()) {
      lr.rdd().unpersist(false);
    }
  }

  /**
   * {@code df} written as Parquet under the session's checkpoint directory and read back, so that later plans start
   * from a file scan (GPU-eligible, with real size statistics) instead of {@code df}'s lineage; a local checkpoint
   * when the session has no checkpoint directory. The files are deleted when the JVM's Hadoop file systems close.
   * One write and one read of {@code df}; partitioning is not preserved.
   */
  public static Dataset<Row> materialize(Dataset<Row> df, String label) {
    SparkSession spark = df.sparkSession();
    scala.Option<String> dir = spark.sparkContext().getCheckpointDir();
    if (dir.isEmpty()) {
      return df.localCheckpoint(true);
    }
    Path path = new Path(dir.get(), "grasp-" + label + "-" + UUID.randomUUID());
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      df.write().parquet(path.toString());
      fs.deleteOnExit(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot materialize " + label + " under " + path, e);
    }
    return spark.read().parquet(path.toString());
  }
}
