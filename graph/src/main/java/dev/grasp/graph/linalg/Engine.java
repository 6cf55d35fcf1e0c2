package dev.grasp.graph.linalg;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The two engines of the vector kernel ({@link SparseOperator}); both give the same bits.
 *
 * <p>{@link #CPU} works partition-locally on primitive arrays (entries grouped by row block once, source vectors
 * shipped once per block that needs them); {@link #CATALYST} is built from Spark SQL built-ins only (joins,
 * {@code groupBy/agg}, {@code posexplode}), the shape the RAPIDS Accelerator runs on GPUs. The Spark property
 * {@value #CONF} chooses: {@code auto} (default: CATALYST when the RAPIDS SQL plugin is on, else CPU), {@code cpu} or
 * {@code catalyst}.
 */
public enum Engine {
  CPU, CATALYST;

  /** The Spark property that chooses the engine: auto, cpu or catalyst. */
  public static final String CONF = "spark.grasp.kernel.engine";

  private static final String RAPIDS_PLUGIN = "com.nvidia.spark.SQLPlugin";

  /** The engine the session's {@value #CONF} asks for. */
  public static Engine of(SparkSession spark) {
    String v = spark.conf().get(CONF, "auto");
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "auto" -> rapidsSqlOn(spark) ? CATALYST : CPU;
      case "cpu" -> CPU;
      case "catalyst" -> CATALYST;
      default -> throw new IllegalArgumentException("`" + CONF + "` must be auto, cpu or catalyst, got '" + v + "'");
    };
  }

  /** Whether the session runs the RAPIDS Accelerator's SQL plugin (its GPU planner replaces supported operators). */
  public static boolean rapidsSqlOn(SparkSession spark) {
    return spark.conf().get("spark.plugins", "").contains(RAPIDS_PLUGIN)
        && !"false".equalsIgnoreCase(spark.conf().get("spark.rapids.sql.enabled", "true"));
  }
}
