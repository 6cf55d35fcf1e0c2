package dev.grasp.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.grasp.graph.io.AtomicOutput;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command run: the Spark session, the run report being built (parameters, inputs, counts, metrics, per-stage
 * timings, Spark app id, version) and the stage bookkeeping that labels Spark jobs for the UI and logs progress.
 */
public final class JobContext {

  private static final Logger LOG = LoggerFactory.getLogger(JobContext.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final SparkSession spark;
  private final String command;
  private final Map<String, Object> report = new LinkedHashMap<>();
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private final Map<String, Object> timings = new LinkedHashMap<>();
  private final Map<String, Object> jobsByStage = new LinkedHashMap<>();
  private final Map<String, Object> planCharsByStage = new LinkedHashMap<>();
  private final SparkWork work;
  private final long start = System.nanoTime();

  private JobContext(SparkSession spark, String command) {
    this.spark = spark;
    this.command = command;
    this.work = new SparkWork(spark);
    report.put("command", command);
    report.put("version", version());
    report.put("startedAt", Instant.now().toString());
    report.put("sparkVersion", spark.version());
    report.put("master", spark.sparkContext().master());
    report.put("applicationId", spark.sparkContext().applicationId());
    report.put("parameters", parameters);
  }

  /** Starts (or joins) the Spark session for {@code command}. */
  public static JobContext start(String command, SparkOptions opts) {
    SparkConf probe = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName("grasp " + command);
    String master = opts.master != null ? opts.master : probe.get("spark.master", "local[*]");
    b.master(master);
    if (master.startsWith("local") && !probe.contains("spark.sql.shuffle.partitions")) {
      // 200 shuffle partitions are tuned for clusters; on one machine they are mostly task overhead.
      b.config("spark.sql.shuffle.partitions", "16");
    }
    if (!probe.contains("spark.sql.adaptive.enabled")) {
      b.config("spark.sql.adaptive.enabled", "true");
    }
    b.config("spark.cleaner.referenceTracking.cleanCheckpoints", "true");
    if (!probe.contains("spark.sql.maxPlanStringLength")) {
      // Iterative stages build deep plans whose text Spark renders for the UI and event log at every query start and
      // AQE update, even without a UI. Rendering dominated small runs (measured, 20-node graph, FastRP d = 16:
      // 79 s with a 1,000,000-character cap, 32 s with 20,000) and can exhaust a small driver heap. Truncate early.
      b.config("spark.sql.maxPlanStringLength", "20000");
    }
    for (String kv : opts.conf) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("`--conf` takes KEY=VALUE, got '" + kv + "'");
      }
      b.config(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    SparkSession spark = b.getOrCreate();
    String cp = opts.checkpointDir != null ? opts.checkpointDir
        : System.getProperty("java.io.tmpdir") + "/grasp-checkpoints";
    spark.sparkContext().setCheckpointDir(cp);
    spark.sparkContext().setJobGroup("grasp-" + command, "grasp " + command, false);
    return new JobContext(spark, command);
  }

  public SparkSession spark() {
    return spark;
  }

  /** Records a parameter in the report. */
  public JobContext param(String name, Object value) {
    parameters.put(name, value);
    return this;
  }

  /** Puts a top-level report entry (inputs, counts, metrics …). */
  public JobContext put(String key, Object value) {
    report.put(key, value);
    return this;
  }

  /**
   * Runs one stage: labels its Spark jobs, logs start and end, records its wall time in seconds, the Spark jobs it
   * started and the size of its largest plan ({@link SparkWork}).
   */
  public <T> T stage(String name, Supplier<T> body) {
    spark.sparkContext().setJobDescription("grasp " + command + ": " + name);
    LOG.info("grasp {}: stage {} started", command, name);
    SparkWork.Reading before = work.take();
    long t0 = System.nanoTime();
    try {
      return body.get();
    } finally {
      double secs = (System.nanoTime() - t0) / 1e9;
      SparkWork.Reading after = work.take();
      timings.put(name, Math.round(secs * 1000) / 1000.0);
      jobsByStage.put(name, after.jobs() - before.jobs());
      planCharsByStage.put(name, after.largestPlan());
      LOG.info("grasp {}: stage {} finished in {} s ({} Spark jobs, largest plan {} characters)", command, name,
          String.format("%.3f", secs), after.jobs() - before.jobs(), after.largestPlan());
      spark.sparkContext().setJobDescription(null);
    }
  }

  /** Runs a stage with no result. */
  public void stage(String name, Runnable body) {
    stage(name, () -> {
      body.run();
      return null;
    });
  }

  /** The report as it stands, with timings and the total. */
  public Map<String, Object> report() {
    Map<String, Object> r = new LinkedHashMap<>(report);
    r.put("timingsSeconds", new LinkedHashMap<>(timings));
    r.put("sparkJobs", new LinkedHashMap<>(jobsByStage));
    r.put("planChars", new LinkedHashMap<>(planCharsByStage));
    r.put("totalSeconds", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
    r.put("finishedAt", Instant.now().toString());
    return r;
  }

  /** Writes {@code report.json} into the output and commits it. */
  public void finish(AtomicOutput out) {
    out.writeText("report.json", toJson(report()));
    out.commit();
  }

  /** JSON text of a report map. */
  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The suite's version, from the jar's resources. */
  public static String version() {
    try (InputStream in = JobContext.class.getResourceAsStream("/grasp-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
