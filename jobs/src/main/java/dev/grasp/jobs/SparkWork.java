package dev.grasp.jobs;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;

/**
 * Counts the Spark jobs a command starts and measures the size of the plans it runs, so that each stage of a
 * {@code report.json} shows {@code sparkJobs} (jobs started) and {@code planChars} (characters of the largest
 * optimised logical plan among its queries, with the cached plans it reads: every node's one-line form with all its
 * fields, the text Spark renders at each query start and adaptive re-plan, where unrolled expressions and long
 * cached lineages show up). Both come from Spark's listener bus, drained at each stage boundary.
 */
final class SparkWork {

  private final SparkSession spark;
  private final AtomicLong jobs = new AtomicLong();
  private final AtomicLong largestPlan = new AtomicLong();

  private final SparkListener jobListener = new SparkListener() {
    @Override
    public void onJobStart(SparkListenerJobStart start) {
      jobs.incrementAndGet();
    }
  };
  private final QueryExecutionListener planListener = new QueryExecutionListener() {
    @Override
    public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
      record(qe);
    }

    @Override
    public void onFailure(String funcName, QueryExecution qe, Exception exception) {
      record(qe);
    }
  };

  /** Listens to {@code spark} until {@link #close}. */
  SparkWork(SparkSession spark) {
    this.spark = spark;
    spark.sparkContext().addSparkListener(jobListener);
    spark.listenerManager().register(planListener);
  }

  /**
   * Stops listening. A session outlives the command in tests and in a pipeline's later steps; listeners left behind
   * would each measure every later query's plan again.
   */
  void close() {
    spark.sparkContext().removeSparkListener(jobListener);
    spark.listenerManager().unregister(planListener);
  }

  private void record(QueryExecution qe) {
    long chars;
    try {
      chars = chars(qe.optimizedPlan());
    } catch (RuntimeException e) {
      return; // a plan that cannot be optimised was reported by its own failure
    }
    largestPlan.accumulateAndGet(chars, Math::max);
  }

  /**
   * The characters Spark renders for {@code plan}'s text before its length cap: Σ over the nodes (children, subqueries
   * and inner children: a cached relation prints the physical plan it caches, with the plans cached below it) of the
   * node's one-line description with every field. A node reached twice is counted twice, as it is rendered twice; the
   * walk visits each node once.
   */
  static long chars(TreeNode<?> plan) {
    return chars(plan, new IdentityHashMap<>());
  }

  private static long chars(TreeNode<?> node, Map<TreeNode<?>, Long> seen) {
    Long known = seen.get(node);
    if (known != null) {
      return known;
    }
    long n = node.simpleString(Integer.MAX_VALUE).length();
    n = add(n, node.children().iterator(), seen);
    n = add(n, node.innerChildren().iterator(), seen);
    if (node instanceof QueryPlan<?> q) {
      n = add(n, q.subqueries().iterator(), seen);
    }
    seen.put(node, n);
    return n;
  }

  private static long add(long n, scala.collection.Iterator<? extends TreeNode<?>> it, Map<TreeNode<?>, Long> seen) {
    long sum = n;
    while (it.hasNext()) {
      long c = chars(it.next(), seen);
      sum = sum > Long.MAX_VALUE - c ? Long.MAX_VALUE : sum + c;
    }
    return sum;
  }

  /** A reading of both counters (of the session {@code session}), after the events posted so far were delivered. */
  record Reading(long jobs, long largestPlan, SparkWork session) {}

  /** Waits (at most a second) for the listener bus to deliver pending events, then reads and resets the plan maximum. */
  Reading take() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(1000);
    } catch (TimeoutException e) {
      // counters may miss the last events of a busy bus; the report then undercounts, it is not wrong otherwise
    }
    return new Reading(jobs.get(), largestPlan.getAndSet(0), this);
  }
}
