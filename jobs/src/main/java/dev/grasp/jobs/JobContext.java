package dev.grasp.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.util.DriverLocal;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil$;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command run: the Spark session, the run report being built (parameters, inputs, counts, metrics, per-stage
 * timings, Spark app id, version) and the stage bookkeeping that labels Spark jobs for the UI and logs progress.
 *
 * <p>The session starts on the first {@link #spark()} call, not before: a command whose data fits the driver
 * ({@link DriverLocal}) reads, computes and writes there without one, and saves the session's start (about 0.7 s on
 * a 2-core machine) and the first jobs' warm-up. Its report then has {@code "applicationId": null}. Settings such a
 * command needs are read by {@link #conf} and {@link #hadoopConf} as the session would see them.
 */
public final class JobContext {

  private static final Logger LOG = LoggerFactory.getLogger(JobContext.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final SparkOptions opts;
  private final String master;
  private SparkSession spark;
  private Configuration hadoop;
  private final String command;
  private final Map<String, Object> report = new LinkedHashMap<>();
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private final Map<String, Object> timings = new LinkedHashMap<>();
  private final Map<String, Object> jobsByStage = new LinkedHashMap<>();
  private final Map<String, Object> planCharsByStage = new LinkedHashMap<>();
  private SparkWork work;
  /** This run's checkpoint folder ({@link #useRunCheckpoints}) and the session's own, given back by {@link #close}. */
  private String runCheckpoints;
  private scala.Option<String> sessionCheckpoints;
  /** The checkpoint root when this run created it (deleted by {@link #close} once empty), else null. */
  private String checkpointRoot;
  /** The command's output path ({@link #output}), whose folder holds a cluster run's default checkpoint root. */
  private String outputPath;
  /**
   * The runtime settings this run changed in a session it joined, with their values before (empty: unset), and that
   * session: {@link #close} gives them back, so one command's {@code --conf} does not leak into the next command run
   * in the same JVM (tests, a pipeline's later steps).
   */
  private final Map<String, scala.Option<String>> joinedBefore = new LinkedHashMap<>();
  private SparkSession joined;
  /** This command's {@code --conf} settings, in order (a repeated key keeps its last value). */
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final long start = System.nanoTime();

  private JobContext(String command, SparkOptions opts) {
    this.command = command;
    this.opts = opts;
    this.master = opts.master != null ? opts.master : new SparkConf().get("spark.master", "local[*]");
    for (String kv : opts.conf) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("`--conf` takes KEY=VALUE, got '" + kv + "'");
      }
      settings.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    applyToRunningSession();
    report.put("command", command);
    report.put("version", version());
    report.put("startedAt", Instant.now().toString());
    report.put("sparkVersion", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    report.put("master", master);
    report.put("applicationId", null);
    report.put("parameters", parameters);
  }

  /** The context of one run of {@code command}; the Spark session starts (or is joined) on first use. */
  public static JobContext start(String command, SparkOptions opts) {
    return new JobContext(command, opts);
  }

  /** The Spark session, started (or joined) now if this run has none yet. */
  public synchronized SparkSession spark() {
    if (spark == null) {
      spark = session();
      work = new SparkWork(spark);
      hadoop = null;
      report.put("master", spark.sparkContext().master());
      report.put("applicationId", spark.sparkContext().applicationId());
      LOG.info("grasp {}: Spark session {} on {}", command, spark.sparkContext().applicationId(),
          spark.sparkContext().master());
    }
    return spark;
  }

  /** Whether this run has used a Spark session. */
  public synchronized boolean sparkStarted() {
    return spark != null;
  }

  /**
   * A setting as the session sees it: this command's {@code --conf} (last wins), else a running session's value, else
   * the JVM's {@code spark.*} system properties (spark-submit's settings), else {@code def}.
   */
  public synchronized String conf(String key, String def) {
    if (settings.containsKey(key)) {
      return settings.get(key);
    }
    SparkSession running = running();
    if (running != null) {
      return running.conf().get(key, def);
    }
    return new SparkConf().get(key, def);
  }

  /** The driver-local threshold in bytes ({@link DriverLocal}) as the session would see it. */
  public long driverMaxBytes() {
    return DriverLocal.maxBytes(conf(DriverLocal.CONF, DriverLocal.DEFAULT), conf("spark.driver.maxResultSize", "1g"));
  }

  /**
   * The Hadoop configuration file systems are opened with: the session's when one runs, else one built as Spark builds
   * it (the {@code spark.hadoop.*} settings applied), without starting a session.
   */
  public synchronized Configuration hadoopConf() {
    SparkSession running = running();
    if (running != null) {
      return running.sparkContext().hadoopConfiguration();
    }
    if (hadoop == null) {
      SparkConf c = new SparkConf();
      settings.forEach(c::set);
      // What SparkHadoopUtil.get().newConfiguration(c) builds, without creating SparkHadoopUtil itself: its
      // constructor hands the configuration to Hadoop's user login (UserGroupInformation), which a driver-only run
      // on local files does not need (FileSystems opens local paths without a login).
      hadoop = SparkHadoopUtil$.MODULE$.newConfiguration(c);
      hadoop.addResource(SparkHadoopUtil$.MODULE$.SPARK_HADOOP_CONF_FILE());
    }
    return hadoop;
  }

  /**
   * A session this JVM already runs (tests, a pipeline's earlier step) takes this command's {@code --conf} now, as
   * joining it would: so the command sees its own settings whether or not it ends up using the session.
   */
  private void applyToRunningSession() {
    SparkSession running = running();
    if (running == null) {
      return;
    }
    settings.forEach((k, v) -> setJoined(running, k, v));
  }

  /** Sets a runtime setting of a joined session, remembering its value before for {@link #close}. */
  private void setJoined(SparkSession running, String k, String v) {
    try {
      scala.Option<String> before = running.conf().getOption(k);
      running.conf().set(k, v);
      joined = running;
      joinedBefore.putIfAbsent(k, before);
    } catch (RuntimeException e) {
      // a static or core setting cannot change in a running session (getOrCreate only warns about it too)
      LOG.warn("grasp {}: {}={} does not apply to the running Spark session: {}", command, k, v, e.getMessage());
    }
  }

  /** This run's session, else one the JVM already runs (tests, a pipeline's earlier step), else null. */
  private SparkSession running() {
    if (spark != null) {
      return spark;
    }
    scala.Option<SparkSession> d = SparkSession.getDefaultSession();
    return d.isDefined() && !d.get().sparkContext().isStopped() ? d.get() : null;
  }

  private SparkSession session() {
    SparkConf probe = new SparkConf();
    Map<String, String> conf = new LinkedHashMap<>();
    if (master.startsWith("local") && !probe.contains("spark.sql.shuffle.partitions")) {
      // 200 shuffle partitions are tuned for clusters; on one machine they are mostly task overhead.
      conf.put("spark.sql.shuffle.partitions", "16");
    }
    if (!probe.contains("spark.sql.adaptive.enabled")) {
      conf.put("spark.sql.adaptive.enabled", "true");
    }
    conf.put("spark.cleaner.referenceTracking.cleanCheckpoints", "true");
    if (!probe.contains("spark.sql.maxPlanStringLength")) {
      // Iterative stages build deep plans whose text Spark renders for the UI and event log at every query start and
      // AQE update, even without a UI. Rendering dominated small runs (measured, 20-node graph, FastRP d = 16:
      // 79 s with a 1,000,000-character cap, 32 s with 20,000) and can exhaust a small driver heap. Truncate early.
      conf.put("spark.sql.maxPlanStringLength", "20000");
    }
    conf.putAll(settings);
    SparkSession running = running();
    SparkSession s;
    if (running != null) {
      // Joined: its runtime settings take this run's values until close(); static ones stay as they are.
      conf.forEach((k, v) -> {
        if (running.conf().isModifiable(k)) {
          setJoined(running, k, v);
        }
      });
      s = running;
    } else {
      SparkSession.Builder b = SparkSession.builder().appName("grasp " + command);
      b.master(master);
      conf.forEach(b::config);
      s = b.getOrCreate();
    }
    useRunCheckpoints(s);
    s.sparkContext().setJobGroup("grasp-" + command, "grasp " + command, false);
    return s;
  }

  /**
   * Begins the command's atomic output at {@code path} ({@link AtomicOutput#begin}). Called before the session starts,
   * it also places a cluster run's default checkpoint root beside the output ({@link #checkpointRoot()}).
   */
  public AtomicOutput output(String path, boolean overwrite) {
    AtomicOutput o = AtomicOutput.begin(hadoopConf(), path, overwrite);
    synchronized (this) {
      outputPath = path;
    }
    return o;
  }

  /**
   * Where this run's checkpoint folder goes: {@code --checkpoint-dir} when given; on a cluster, else, a hidden folder
   * {@code .grasp-checkpoints} beside the output, on the output's file system, which every executor reads as it writes
   * the output (HDFS on a cluster; a node's {@code /tmp} is not shared); in local mode, or without an output,
   * {@code java.io.tmpdir/grasp-checkpoints}.
   */
  String checkpointRoot() {
    if (opts.checkpointDir != null) {
      return opts.checkpointDir.replaceAll("/+$", "");
    }
    if (outputPath != null && !master.startsWith("local")) {
      org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path(outputPath).getParent();
      if (parent != null) {
        return parent.toString().replaceAll("/+$", "") + "/.grasp-checkpoints";
      }
    }
    return (System.getProperty("java.io.tmpdir") + "/grasp-checkpoints").replaceAll("/+$", "");
  }

  /**
   * Points the session's checkpoints at a folder of this run, {@code <root>/run-<uuid>} under
   * {@link #checkpointRoot()}, which {@link #close} deletes, with the root too when this run created it and no other
   * run's folder is in it; the session's own folder (a session this run joined) is kept to be given back.
   */
  private void useRunCheckpoints(SparkSession s) {
    String root = checkpointRoot();
    runCheckpoints = root + "/run-" + java.util.UUID.randomUUID();
    report.put("checkpoints", runCheckpoints);
    try {
      org.apache.hadoop.fs.Path r = new org.apache.hadoop.fs.Path(root);
      checkpointRoot = r.getFileSystem(s.sparkContext().hadoopConfiguration()).exists(r) ? null : root;
    } catch (java.io.IOException e) {
      checkpointRoot = null;
    }
    // SparkContext.checkpointDir is Spark's own field (private[spark], public in bytecode): read here and written back
    // by close(), since setCheckpointDir always makes a new folder
    sessionCheckpoints = s.sparkContext().checkpointDir();
    s.sparkContext().setCheckpointDir(runCheckpoints);
  }

  /**
   * Ends the run, whether it succeeded or failed: gives a joined session back the runtime settings this run changed
   * and its own checkpoint folder, and deletes this run's checkpoint folder (a failure to delete is logged, not
   * thrown). Idempotent.
   */
  public synchronized void close() {
    if (work != null) {
      work.close();
    }
    if (joined != null) {
      joinedBefore.forEach((k, before) -> {
        if (before.isDefined()) {
          joined.conf().set(k, before.get());
        } else {
          joined.conf().unset(k);
        }
      });
      joinedBefore.clear();
      joined = null;
    }
    if (runCheckpoints == null || spark == null) {
      return;
    }
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(runCheckpoints);
    try {
      org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(p, true);
      if (checkpointRoot != null) {
        // not recursive: a folder another run has created meanwhile keeps the root
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(checkpointRoot);
        if (fs.exists(root) && fs.listStatus(root).length == 0) {
          fs.delete(root, false);
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("grasp {}: could not delete the run's checkpoints {}: {}", command, runCheckpoints, e.toString());
    }
    spark.sparkContext().checkpointDir_$eq(sessionCheckpoints);
    runCheckpoints = null;
  }

  /** This run's checkpoint folder while it runs with a session, else null (for tests). */
  synchronized String runCheckpoints() {
    return runCheckpoints;
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
    LOG.info("grasp {}: stage {} started", command, name);
    SparkWork.Reading before = reading();
    if (sparkStarted()) {
      spark.sparkContext().setJobDescription("grasp " + command + ": " + name);
    }
    long t0 = System.nanoTime();
    try {
      return body.get();
    } finally {
      double secs = (System.nanoTime() - t0) / 1e9;
      SparkWork.Reading after = reading();
      // a stage that started the session counts its jobs from the session's start
      long jobs = after.jobs() - (before.session() == after.session() ? before.jobs() : 0);
      timings.put(name, Math.round(secs * 1000) / 1000.0);
      jobsByStage.put(name, jobs);
      planCharsByStage.put(name, after.largestPlan());
      LOG.info("grasp {}: stage {} finished in {} s ({} Spark jobs, largest plan {} characters)", command, name,
          String.format("%.3f", secs), jobs, after.largestPlan());
      if (sparkStarted()) {
        spark.sparkContext().setJobDescription(null);
      }
    }
  }

  private synchronized SparkWork.Reading reading() {
    return work == null ? new SparkWork.Reading(0, 0, null) : work.take();
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
