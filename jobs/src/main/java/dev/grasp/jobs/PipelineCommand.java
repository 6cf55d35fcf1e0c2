package dev.grasp.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.FileSystems;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code grasp pipeline --conf F [--set key=value …]}: runs the steps a HOCON conf lists (read → stats → sample →
 * embed → rescale → cluster → evaluate), each as the grasp command it names with the arguments of its {@code args}
 * block, each writing {@code <output>/<run-id>/<step>/}. A step whose output already holds a {@code report.json} is
 * complete (outputs are atomic) and is skipped unless {@code --force}; so a rerun recomputes nothing and a rerun after
 * a killed step finishes the rest. Writes {@code pipeline-report.json} with every step's status and report.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Run the configured steps end to end (idempotent; see conf/local.conf).")
public final class PipelineCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineCommand.class);

  @Option(names = "--conf", required = true, description = "HOCON pipeline conf (e.g. conf/local.conf).")
  String conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a conf key, repeatable (e.g. --set output=/tmp/runs --set steps.sample.args.ratio=0.2).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--only", paramLabel = "STEP", description = "Run only these steps (repeatable; e.g. for Airflow).")
  List<String> only = new ArrayList<>();

  @Option(names = "--skip", paramLabel = "STEP", description = "Skip these steps (repeatable).")
  List<String> skip = new ArrayList<>();

  @Option(names = "--force", description = "Recompute steps whose output is already complete.")
  boolean force;

  @Option(names = "--dry-run", description = "Print each step's command line and check it parses; run nothing.")
  boolean dryRun;

  /** One planned step: its name, its grasp command line and its output directory. */
  public record Step(String name, List<String> args, String output) {}

  @Override
  public Integer call() {
    Config c = load(conf, sets);
    List<Step> plan = plan(c);
    List<String> names = plan.stream().map(Step::name).toList();
    for (String o : only) {
      if (!names.contains(o)) {
        throw new IllegalArgumentException("`--only` names step '" + o + "', not in the conf's pipeline " + names);
      }
    }
    String runDir = runDir(c);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("conf", conf);
    report.put("overrides", sets);
    report.put("runDirectory", runDir);
    report.put("startedAt", Instant.now().toString());
    Map<String, Object> steps = new LinkedHashMap<>();
    report.put("steps", steps);
    for (Step s : plan) {
      if ((!only.isEmpty() && !only.contains(s.name())) || skip.contains(s.name())) {
        continue;
      }
      if (dryRun) {
        System.out.println(s.name() + ": grasp " + String.join(" ", s.args()));
        parseOnly(s);
        continue;
      }
      Map<String, Object> st = new LinkedHashMap<>();
      steps.put(s.name(), st);
      st.put("command", s.args());
      org.apache.hadoop.fs.Path rep = new org.apache.hadoop.fs.Path(s.output(), "report.json");
      if (exists(rep) && !force) {
        LOG.info("pipeline: step {} is complete ({}), skipped", s.name(), s.output());
        st.put("status", "skipped (complete)");
        st.put("report", readJson(rep));
        continue;
      }
      List<String> args = new ArrayList<>(s.args());
      if (force && exists(new org.apache.hadoop.fs.Path(s.output()))) {
        args.add("--overwrite");
      }
      LOG.info("pipeline: step {}: grasp {}", s.name(), String.join(" ", args));
      long t0 = System.nanoTime();
      StringWriter err = new StringWriter();
      int code = Main.run(new PrintWriter(System.out, true), new PrintWriter(err), args.toArray(new String[0]));
      st.put("seconds", Math.round((System.nanoTime() - t0) / 1e6) / 1000.0);
      if (code != 0) {
        st.put("status", "failed (exit " + code + ")");
        st.put("error", err.toString().trim());
        writeReport(runDir, report);
        System.err.print(err);
        throw code == 2 ? new IllegalArgumentException("step " + s.name() + ": " + err.toString().trim())
            : new IllegalStateException("step " + s.name() + " failed: " + err.toString().trim());
      }
      st.put("status", "ran");
      st.put("report", readJson(rep));
    }
    if (!dryRun) {
      report.put("finishedAt", Instant.now().toString());
      writeReport(runDir, report);
      System.out.println("pipeline report: " + runDir + "/pipeline-report.json");
    }
    return 0;
  }

  /** Loads a conf file with {@code --set} overrides on top, resolving substitutions. */
  public static Config load(String path, List<String> sets) {
    File f = new File(path);
    if (!f.isFile()) {
      throw new IllegalArgumentException("`--conf` file '" + path + "' does not exist");
    }
    Config base;
    try {
      base = ConfigFactory.parseFile(f);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("`--conf` " + path + ": " + e.getMessage(), e);
    }
    Config over = ConfigFactory.empty();
    for (String kv : sets) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("`--set` takes KEY=VALUE, got '" + kv + "'");
      }
      try {
        over = ConfigFactory.parseString(kv.substring(0, eq).trim() + " = " + quote(kv.substring(eq + 1).trim()))
            .withFallback(over);
      } catch (ConfigException e) {
        throw new IllegalArgumentException("`--set` " + kv + ": " + e.getMessage(), e);
      }
    }
    try {
      return over.withFallback(base).resolve();
    } catch (ConfigException e) {
      throw new IllegalArgumentException("`--conf` " + path + ": " + e.getMessage(), e);
    }
  }

  private static String quote(String v) {
    if (v.matches("-?[0-9.eE+-]+|true|false|null") || v.startsWith("[") || v.startsWith("{") || v.startsWith("\"")) {
      return v;
    }
    return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The run directory: {@code output/run-id}. */
  public static String runDir(Config c) {
    return c.getString("output") + "/" + c.getString("run-id");
  }

  /** The steps in conf order, with their grasp command lines. */
  public static List<Step> plan(Config c) {
    String run = runDir(c);
    List<Step> plan = new ArrayList<>();
    if (!c.hasPath("pipeline")) {
      throw new IllegalArgumentException("conf has no `pipeline` list of steps");
    }
    List<String> sparkArgs = sparkArgs(c);
    for (String name : c.getStringList("pipeline")) {
      String path = "steps." + name;
      if (!c.hasPath(path)) {
        throw new IllegalArgumentException("`pipeline` names step '" + name + "' but conf has no `" + path + "`");
      }
      Config s = c.getConfig(path);
      List<String> args = new ArrayList<>(List.of(s.getString("command").trim().split("\\s+")));
      if (s.hasPath("args")) {
        args.addAll(toArgs(s.getObject("args"), run));
      }
      String output = run + "/" + name;
      args.add("--output");
      args.add(output);
      args.addAll(sparkArgs);
      plan.add(new Step(name, List.copyOf(args), output));
    }
    return plan;
  }

  private static List<String> sparkArgs(Config c) {
    List<String> out = new ArrayList<>();
    if (c.hasPath("spark.master")) {
      out.add("--master");
      out.add(c.getString("spark.master"));
    }
    if (c.hasPath("spark.conf")) {
      Map<String, String> sorted = new TreeMap<>();
      for (Map.Entry<String, ConfigValue> e : c.getConfig("spark.conf").entrySet()) {
        sorted.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
      }
      sorted.forEach((k, v) -> {
        out.add("--conf");
        out.add(k + "=" + v);
      });
    }
    if (c.hasPath("spark.checkpoint-dir")) {
      out.add("--checkpoint-dir");
      out.add(c.getString("spark.checkpoint-dir"));
    }
    return out;
  }

  /** Turns an args block into options, keys sorted: values as {@code --key value}, true as a flag, lists repeated. */
  static List<String> toArgs(ConfigObject args, String run) {
    List<String> out = new ArrayList<>();
    for (String key : new java.util.TreeSet<>(args.keySet())) {
      ConfigValue v = args.get(key);
      String opt = "--" + key;
      if (v.valueType() == ConfigValueType.NULL) {
        continue;
      }
      if (v.valueType() == ConfigValueType.BOOLEAN) {
        if ((Boolean) v.unwrapped()) {
          out.add(opt);
        }
      } else if (v.valueType() == ConfigValueType.LIST) {
        for (ConfigValue item : (ConfigList) v) {
          out.add(opt);
          out.add(String.valueOf(item.unwrapped()).replace("{run}", run));
        }
      } else if (v.valueType() == ConfigValueType.OBJECT) {
        throw new IllegalArgumentException("step argument `" + key + "` must be a value or a list, not an object");
      } else {
        out.add(opt);
        out.add(String.valueOf(v.unwrapped()).replace("{run}", run));
      }
    }
    return out;
  }

  private static void parseOnly(Step s) {
    picocli.CommandLine cl = Main.commandLine();
    try {
      cl.parseArgs(s.args().toArray(new String[0]));
    } catch (picocli.CommandLine.ParameterException e) {
      throw new IllegalArgumentException("step " + s.name() + ": " + e.getMessage(), e);
    }
  }

  private static FileSystem fs(org.apache.hadoop.fs.Path p) throws IOException {
    return FileSystems.of(p, new Configuration());
  }

  private static boolean exists(org.apache.hadoop.fs.Path p) {
    try {
      return fs(p).exists(p);
    } catch (IOException e) {
      throw new IllegalStateException("cannot check " + p + ": " + e.getMessage(), e);
    }
  }

  private static Object readJson(org.apache.hadoop.fs.Path p) {
    try (InputStream in = fs(p).open(p)) {
      return new ObjectMapper().readValue(in, Object.class);
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  private static void writeReport(String runDir, Map<String, Object> report) {
    try {
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(runDir, "pipeline-report.json");
      AtomicOutput.writeFile(fs(file), file, JobContext.toJson(report));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the pipeline report in " + runDir + ": " + e.getMessage(), e);
    }
  }
}
