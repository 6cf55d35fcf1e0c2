package dev.grasp.graph.util;

import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.SparkSession;

/**
 * The byte threshold under which a stage collects its data to the driver and computes there in one pass instead of
 * running a Spark job per step: the Spark property {@value #CONF} (a size such as {@code 64m}; default
 * {@value #DEFAULT}; {@code 0} keeps every stage distributed). Stages estimate their bytes before collecting.
 */
public final class DriverLocal {

  /** The Spark property holding the threshold. */
  public static final String CONF = "spark.grasp.driverLocal.maxBytes";
  /** The default threshold. */
  public static final String DEFAULT = "64m";

  private DriverLocal() {}

  /** The session's threshold in bytes. */
  public static long maxBytes(SparkSession spark) {
    String v = spark.conf().get(CONF, DEFAULT);
    try {
      long b = JavaUtils.byteStringAsBytes(v.trim());
      if (b >= 0) {
        return b;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("`" + CONF + "` must be a size in bytes such as 64m or 0, got '" + v + "'");
  }

  /** Whether data of {@code bytes} (an estimate) may be collected to the driver. */
  public static boolean fits(SparkSession spark, long bytes) {
    return bytes <= maxBytes(spark);
  }
}
