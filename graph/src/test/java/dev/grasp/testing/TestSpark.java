package dev.grasp.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import com.holdenkarau.spark.testing.SparkSessionProvider$;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;

/**
 * The one local SparkSession of a test JVM ({@code local[2]}, 4 shuffle partitions, UI off, loopback only, a
 * checkpoint directory), plus spark-testing-base's DataFrame assertions bound to it.
 */
public final class TestSpark {

  private static SparkSession spark;
  private static JavaDataFrameSuiteBase asserts;
  /** Temporary folders of this JVM, deleted by one shutdown hook (thousands piled up in /tmp before). */
  private static final java.util.List<Path> TEMP = new java.util.ArrayList<>();

  private TestSpark() {}

  /** The shared session, created on first use. */
  public static synchronized SparkSession get() {
    if (spark == null) {
      try {
        Path checkpoints = Files.createTempDirectory("grasp-test-checkpoints");
        deleteAtExit(checkpoints);
        spark = SparkSession.builder()
            .master("local[2]")
            .appName("grasp-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            // plan text is rendered at every query start; deep iterative plans made that the main test cost
            .config("spark.sql.maxPlanStringLength", "20000")
            .config("spark.default.parallelism", "4")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.adaptive.enabled", "false")
            .config("spark.cleaner.referenceTracking.cleanCheckpoints", "true")
            .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        spark.sparkContext().setCheckpointDir(checkpoints.toString());
        SparkSessionProvider$.MODULE$._sparkSession_$eq(spark);
        asserts = new JavaDataFrameSuiteBase();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return spark;
  }

  private static synchronized void deleteAtExit(Path dir) {
    if (TEMP.isEmpty()) {
      Runtime.getRuntime().addShutdownHook(new Thread(TestSpark::deleteTemp, "grasp-test-temp-cleanup"));
    }
    TEMP.add(dir);
  }

  private static synchronized void deleteTemp() {
    for (Path dir : TEMP) {
      if (!Files.exists(dir)) {
        continue;
      }
      try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        System.err.println("grasp tests: could not delete " + dir + ": " + e);
      }
    }
  }

  /** Ids of the RDDs the shared session's context holds persisted now (cached, or local checkpoints). */
  public static Set<Object> persistentRddIds() {
    return new HashSet<>(JavaConverters.mapAsJavaMapConverter(get().sparkContext().getPersistentRDDs()).asJava()
        .keySet());
  }

  /** Asserts equal schema and rows, ignoring row order. */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    get();
    asserts.assertDataFrameNoOrderEquals(expected, actual);
  }

  /** Asserts equal schema and rows in order, numbers within {@code tol}. */
  public static void assertApproxEquals(Dataset<Row> expected, Dataset<Row> actual, double tol) {
    get();
    asserts.assertDataFrameApproximateEquals(expected, actual, tol);
  }

  /**
   * A file of the shared datasets folder: {@code datasets/} under the first of {@code -Dgrasp.shared.dir}, the
   * environment variable {@code GRASP_SHARED_DIR} and {@code ../shared} beside the project that has one. A test whose
   * dataset is absent on this machine is skipped (JUnit abort) with the paths it looked in, never failed or faked.
   */
  public static File sharedDataset(String relative) {
    java.util.List<File> roots = new java.util.ArrayList<>();
    String prop = System.getProperty("grasp.shared.dir");
    if (prop != null) {
      roots.add(new File(prop));
    }
    String env = System.getenv("GRASP_SHARED_DIR");
    if (env != null && !env.isBlank()) {
      roots.add(new File(env));
    }
    String project = System.getProperty("grasp.project.dir", System.getProperty("user.dir") + "/..");
    roots.add(new File(project, "../shared"));
    for (File root : roots) {
      File f = new File(new File(root, "datasets"), relative);
      if (f.exists()) {
        return f;
      }
    }
    org.junit.jupiter.api.Assumptions.abort("shared dataset " + relative + " not found under any of " + roots
        + " (set GRASP_SHARED_DIR to the folder holding datasets/)");
    throw new AssertionError("unreachable");
  }

  /** A fresh temporary directory path that does not exist yet; whatever a test writes there is deleted at exit. */
  public static String freshDir(String prefix) {
    try {
      Path p = Files.createTempDirectory(prefix);
      Files.delete(p);
      deleteAtExit(p);
      return p.toString();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
