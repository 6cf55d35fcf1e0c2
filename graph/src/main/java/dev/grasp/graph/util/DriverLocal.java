package dev.grasp.graph.util;

import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.SparkSession;

/**
 * The byte threshold under which a stage collects its data to the driver and computes there in one pass instead of
 * running a Spark job per step: the Spark property {@value #CONF}, a size such as {@code 512m}, {@code 0} to keep
 * every stage distributed, or {@value #AUTO} (the default): an eighth of the driver's heap, at most half of
 * {@code spark.driver.maxResultSize} (when that is set above 0), at least {@value #FLOOR_TEXT}. Stages estimate their
 * bytes before collecting. The driver and the Spark path of a stage give the same results, so the threshold moves
 * only time and driver memory.
 */
public final class DriverLocal {

  /** The Spark property holding the threshold. */
  public static final String CONF = "spark.grasp.driverLocal.maxBytes";
  /** The value that sizes the threshold from the driver's heap. */
  public static final String AUTO = "auto";
  /** The default threshold. */
  public static final String DEFAULT = AUTO;
  private static final String FLOOR_TEXT = "64m";
  private static final long FLOOR = 64L << 20;

  private DriverLocal() {}

  /** The session's threshold in bytes. */
  public static long maxBytes(SparkSession spark) {
    return maxBytes(spark.conf().get(CONF, DEFAULT), spark.conf().get("spark.driver.maxResultSize", "1g"));
  }

  /**
   * The threshold in bytes for a setting {@code v} of {@value #CONF} and a {@code spark.driver.maxResultSize}, in this
   * JVM (whose heap sizes {@value #AUTO}).
   */
  public static long maxBytes(String v, String maxResultSize) {
    if (AUTO.equalsIgnoreCase(v.trim())) {
      return auto(Runtime.getRuntime().maxMemory(), JavaUtils.byteStringAsBytes(maxResultSize));
    }
    try {
      long b = JavaUtils.byteStringAsBytes(v.trim());
      if (b >= 0) {
        return b;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("`" + CONF + "` must be a size in bytes such as 512m, 0 or auto, got '" + v
        + "'");
  }

  /** The {@value #AUTO} threshold for a driver heap and a result-size limit (0: unlimited). */
  static long auto(long heapBytes, long maxResultBytes) {
    long t = heapBytes / 8;
    if (maxResultBytes > 0) {
      t = Math.min(t, maxResultBytes / 2);
    }
    return Math.max(FLOOR, t);
  }

  /** Whether data of {@code bytes} (an estimate) may be collected to the driver. */
  public static boolean fits(SparkSession spark, long bytes) {
    return bytes <= maxBytes(spark);
  }
}
