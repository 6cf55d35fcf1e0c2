package dev.grasp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.columnar.InMemoryRelation;
import org.junit.jupiter.api.Test;

class SparkWorkTest {

  private static final SparkSession SPARK = TestSpark.get();

  /** The cached relation a plan reads (the first found). */
  private static InMemoryRelation cachedIn(LogicalPlan plan) {
    scala.Option<LogicalPlan> found = plan.find(new scala.runtime.AbstractFunction1<LogicalPlan, Object>() {
      @Override
      public Object apply(LogicalPlan p) {
        return p instanceof InMemoryRelation;
      }
    });
    assertTrue(found.isDefined(), "the plan reads a cached relation: " + plan);
    return (InMemoryRelation) found.get();
  }

  /**
   * A query over a cached frame counts the physical plan the cache holds, as Spark renders it; a query that reads the
   * cached frame twice counts it twice. (Counting children alone, a cached relation is one line.)
   */
  @Test
  void planCharsCountTheCachedPlansAQueryReads() {
    Dataset<Row> cached = SPARK.range(100).selectExpr("id", "id % 7 AS k", "id * 3 AS v").filter("k > 1")
        .groupBy("k").sum("v").persist();
    try {
      LogicalPlan once = cached.filter("k < 5").queryExecution().optimizedPlan();
      InMemoryRelation relation = cachedIn(once);
      long inner = SparkWork.chars(relation.cachedPlan());
      long line = relation.simpleString(Integer.MAX_VALUE).length();
      assertTrue(inner > 100, "the cached aggregate's physical plan has several nodes: " + inner);
      assertTrue(SparkWork.chars(once) >= inner + line, SparkWork.chars(once) + " vs " + inner + " + " + line);

      Dataset<Row> other = cached.withColumnRenamed("sum(v)", "w");
      LogicalPlan twice = cached.join(other, "k").queryExecution().optimizedPlan();
      assertTrue(SparkWork.chars(twice) >= 2 * inner, SparkWork.chars(twice) + " vs 2 × " + inner);
    } finally {
      cached.unpersist(true);
    }
  }
}
