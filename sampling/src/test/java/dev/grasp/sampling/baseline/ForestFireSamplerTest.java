package dev.grasp.sampling.baseline;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grasp.graph.util.Seeds;
import dev.grasp.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ForestFireSamplerTest {

  @Test
  void burnCountsAreGeometricWithTheLeskovecMeans() {
    // P(X >= k) = p^k: mean p/(1-p) (2.333 for p_f = 0.7, 0.289 for p_b = 0.224), P(X = 0) = 1 - p.
    Row r = TestSpark.get().range(0, 40_000, 1, 3)
        .select(ForestFireSampler.geometric(Seeds.uniform(1L, col("id")), 0.7).as("x"),
            ForestFireSampler.geometric(Seeds.uniform(2L, col("id")), 0.7 * 0.32).as("y"))
        .agg(avg(col("x")), avg(col("y")), avg(when(col("x").equalTo(0), 1.0).otherwise(0.0)), min(col("x")))
        .first();
    assertEquals(0.7 / 0.3, r.getDouble(0), 0.05);
    assertEquals(0.224 / 0.776, r.getDouble(1), 0.02);
    assertEquals(0.3, r.getDouble(2), 0.01);
    assertEquals(0, r.getInt(3));
  }
}
