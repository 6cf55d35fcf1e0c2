package dev.grasp.graph.util;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * Cuts the lineage of an iterative computation every {@code interval} rounds: a reliable (eager) checkpoint when
 * the session has a checkpoint directory — sessions built by grasp jobs set one per run and enable
 * {@code spark.cleaner.referenceTracking.cleanCheckpoints} — and a local checkpoint otherwise.
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
}
