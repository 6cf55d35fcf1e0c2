package dev.grasp.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;

import dev.grasp.embedding.amg.AmgClustering;
import dev.grasp.embedding.amg.AmgParams;
import dev.grasp.embedding.fastrp.FastRP;
import dev.grasp.embedding.hyperbolic.HyperbolicRescaler;
import dev.grasp.embedding.hyperbolic.HyperbolicRescalerModel;
import dev.grasp.graph.Graph;
import dev.grasp.graph.gen.RMat;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.stats.DegreeMatrices;
import dev.grasp.graph.stats.Degrees;
import dev.grasp.graph.util.LineageCutter;
import dev.grasp.graph.util.Seeds;
import dev.grasp.jobs.gpu.ExplainCapture;
import dev.grasp.jobs.gpu.ExplainParser;
import dev.grasp.jobs.gpu.ExplainParser.Fallback;
import dev.grasp.jobs.gpu.ExplainParser.StageSummary;
import dev.grasp.jobs.gpu.GpuThresholds;
import dev.grasp.sampling.eval.SampleComparison;
import dev.grasp.sampling.jdd.JddSample;
import dev.grasp.sampling.jdd.JddSampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code grasp gpu-check}: runs the hot stage of every algorithm on a small Parquet R-MAT graph with the RAPIDS
 * Accelerator in explain-only mode, and writes {@code gpu-report.json} (per stage: operators, operators that would run
 * on the GPU, each fallback with the plugin's reason) plus the captured explain text, prints a table, and exits 3 when
 * the thresholds file is breached. Needs the plugin jar on Spark's classpath: run it through {@code bin/grasp-gpu-check}.
 */
@Command(name = "gpu-check", mixinStandardHelpOptions = true,
    description = "GPU eligibility of the hot stages under the RAPIDS Accelerator (explainOnly mode; run via "
        + "bin/grasp-gpu-check). Exit 3 when conf/gpu-thresholds.json is breached.")
public final class GpuCheckCommand extends GraspCommand {

  /** Exit code when the measured stages breach the thresholds. */
  public static final int THRESHOLDS_BREACHED = 3;

  private static final Logger LOG = LoggerFactory.getLogger(GpuCheckCommand.class);
  private static final String PLUGIN = "com.nvidia.spark.SQLPlugin";

  @Option(names = "--output", defaultValue = "runs/gpu-check",
      description = "Output directory, replaced when present (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--thresholds", defaultValue = "conf/gpu-thresholds.json",
      description = "Thresholds file; 'none' only reports (default: ${DEFAULT-VALUE}).")
  String thresholds;

  @Option(names = "--scale", defaultValue = "7", description = "R-MAT scale of the input graph: 2^scale vertices "
      + "(default: ${DEFAULT-VALUE}).")
  int scale;

  @Option(names = "--only", split = ",", description = "Run only these runs: stats, jdd, fastrp, hyperbolic, amg, "
      + "eval (default: all).")
  List<String> only = new ArrayList<>();

  private int exitCode;

  /** One algorithm run and the stages read from its captured explains (by job description). */
  private record Run(String name, Body body, Map<String, Predicate<String>> stages) {}

  @FunctionalInterface
  private interface Body {
    void run(SparkSession spark, Graph g, Dataset<Row> vectors, String scratch);
  }

  private static final int DIM = 16;

  @Override
  protected void validate() {
    if (scale < 4 || scale > 16) {
      throw new IllegalArgumentException("`--scale` must be in [4, 16], got " + scale);
    }
    Set<String> known = new LinkedHashSet<>();
    runs().forEach(r -> known.add(r.name()));
    for (String o : only) {
      if (!known.contains(o)) {
        throw new IllegalArgumentException("`--only` must name runs among " + known + ", got " + o);
      }
    }
  }

  @Override
  public Integer call() {
    validate();
    GpuThresholds limits = "none".equals(thresholds) ? null : GpuThresholds.read(Path.of(thresholds));
    JobContext ctx = JobContext.start(commandName(), sparkOptions);
    try {
      requirePlugin(ctx.spark());
      run(ctx, limits);
    } finally {
      ctx.close();
    }
    return exitCode;
  }

  @Override
  protected void run(JobContext ctx) {
    run(ctx, null);
  }

  private void run(JobContext ctx, GpuThresholds limits) {
    SparkSession spark = ctx.spark();
    try (AtomicOutput o = AtomicOutput.begin(spark, output, true)) {
      ctx.param("scale", scale).param("thresholds", thresholds).param("only", only);
      Map<String, StageSummary> measured = new LinkedHashMap<>();
      Map<String, String> errors = new LinkedHashMap<>();
      // Opened first so that the plugin's explain of every query (the input's too) stays off the console.
      try (ExplainCapture capture = ExplainCapture.open(spark.sparkContext())) {
        String in = o.path("input");
        ctx.stage("input", () -> writeInput(spark, in));
        Graph g = Graph.of(spark.read().parquet(in + "/vertices"), spark.read().parquet(in + "/edges"));
        Dataset<Row> vectors = spark.read().parquet(in + "/vectors");
        for (Run r : runs()) {
          if (!selected(r)) {
            continue;
          }
          capture.clear();
          String scratch = o.path("scratch/" + r.name());
          try {
            ctx.stage(r.name(), () -> r.body().run(spark, g, vectors, scratch));
          } catch (RuntimeException e) {
            LOG.error("gpu-check: run " + r.name() + " failed", e);
            errors.put(r.name(), String.valueOf(e));
          }
          List<ExplainCapture.Explain> explains = capture.explains();
          for (Map.Entry<String, Predicate<String>> s : r.stages().entrySet()) {
            List<String> texts = new ArrayList<>();
            StringBuilder raw = new StringBuilder();
            for (ExplainCapture.Explain e : explains) {
              if (s.getValue().test(e.jobDescription())) {
                texts.add(e.text());
                raw.append("=== job: ").append(e.jobDescription()).append('\n').append(e.text()).append("\n\n");
              }
            }
            measured.put(s.getKey(), ExplainParser.summarise(texts));
            o.writeText("explain/" + s.getKey() + ".txt", raw.toString());
          }
        }
      }
      List<String> violations = new ArrayList<>();
      errors.forEach((run, err) -> violations.add(run + ": failed: " + err));
      if (limits != null) {
        List<String> expected = new ArrayList<>();
        for (Run r : runs()) {
          if (selected(r)) {
            expected.addAll(r.stages().keySet());
          }
        }
        violations.addAll(limits.violations(measured, expected));
      }
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("stages", toJson(measured));
      report.put("violations", violations);
      report.put("errors", errors);
      report.put("input", Map.of("generator", "R-MAT", "scale", scale, "edgeFactor", 8, "vectorDimension", DIM));
      report.put("plugin", Map.of("mode", spark.conf().get("spark.rapids.sql.mode", ""),
          "adaptive", spark.conf().get("spark.sql.adaptive.enabled", "")));
      o.writeText("gpu-report.json", JobContext.toJson(report));
      ctx.put("stages", toJson(measured)).put("violations", violations);
      ctx.finish(o);
      System.out.print(table(measured));
      if (violations.isEmpty()) {
        System.out.println("gpu-check: " + (limits == null ? "no thresholds checked" : "all thresholds met"));
      } else {
        violations.forEach(v -> System.out.println("gpu-check: VIOLATION " + v));
        exitCode = limits == null && errors.isEmpty() ? 0 : THRESHOLDS_BREACHED;
      }
      System.out.println("report: " + o.finalPath() + "/gpu-report.json");
    }
  }

  private boolean selected(Run r) {
    return only.isEmpty() || only.contains(r.name());
  }

  private static void requirePlugin(SparkSession spark) {
    String plugins = spark.conf().get("spark.plugins", "");
    String mode = spark.conf().get("spark.rapids.sql.mode", "");
    if (!plugins.contains(PLUGIN) || !"explainonly".equalsIgnoreCase(mode)) {
      throw new IllegalArgumentException("`spark.plugins` must contain " + PLUGIN + " and `spark.rapids.sql.mode` "
          + "must be explainOnly (run bin/grasp-gpu-check), got plugins='" + plugins + "', mode='" + mode + "'");
    }
  }

  /** R-MAT edges and vertices, plus one seeded vector per vertex, written as Parquet (plans over in-memory data are
   *  folded to local relations, which the plugin does not report). */
  private void writeInput(SparkSession spark, String dir) {
    Graph g = RMat.of(scale, 8.0, 42L).generate(spark);
    g.edges().write().parquet(dir + "/edges");
    g.vertices().write().parquet(dir + "/vertices");
    Dataset<Row> v = g.vertices().select(col(Graph.ID), functions.transform(sequence(lit(0L), lit((long) DIM - 1)),
        j -> Seeds.uniform(7L, col(Graph.ID), j).minus(0.5)).as("vec"));
    v.write().parquet(dir + "/vectors");
  }

  private static List<Run> runs() {
    List<Run> runs = new ArrayList<>();
    runs.add(new Run("stats", (spark, g, vectors, out) -> {
      Dataset<Row> degrees = Degrees.of(g);
      DegreeMatrices.dcm(degrees).write().parquet(out + "/dcm");
      DegreeMatrices.jdm(g, degrees).write().parquet(out + "/jdm");
    }, ordered("stats.dcm-jdm", d -> true)));
    runs.add(new Run("jdd", (spark, g, vectors, out) -> {
      JddSample s = new JddSampler().setRatio(0.5).setSeed(7L).sample(g);
      s.graph().edges().write().parquet(out + "/edges");
      LineageCutter.release(s.graph().vertices());
      LineageCutter.release(s.graph().edges());
    }, ordered("jdd.degree-matrices", d -> d.startsWith("jdd: simplify"),
        "jdd.block-construction", d -> d.startsWith("jdd: draw") || d.startsWith("jdd: generate")
            || d.startsWith("jdd: repair"))));
    runs.add(new Run("fastrp", (spark, g, vectors, out) -> {
      Dataset<Row> emb = new FastRP().setDimension(DIM).setIterationWeights(0.0, 1.0, 1.0).setSeed(42L).embed(g);
      emb.write().parquet(out + "/embedding");
      emb.unpersist();
    }, ordered("fastrp.propagation", d -> d.startsWith("FastRP: propagation"),
        "fastrp.setup", d -> !d.startsWith("FastRP: propagation"))));
    runs.add(new Run("hyperbolic", (spark, g, vectors, out) ->
        HyperbolicRescalerModel.of(DIM, 8, HyperbolicRescaler.SCALAR, new double[] {1.5, 0.7}).setInputCol("vec")
            .transform(vectors).write().parquet(out + "/points"),
        ordered("hyperbolic.transform", d -> true)));
    runs.add(new Run("amg", (spark, g, vectors, out) -> {
      // Small coarsest size so that the check sees distributed levels (matching, Galerkin and V-cycle products).
      AmgParams p = AmgParams.defaults(2).withMaxHierarchies(1).withIterationsPerHierarchy(1).withCoarsestSize(16)
          .withAttributeWeight(0.0).withRestarts(1).withMatchingRounds(2)
          .withKmeansMaxIter(2);
      AmgClustering.with(p).run(g).assignments().write().parquet(out + "/assignments");
    }, ordered("amg.laplacian-product", d -> d.contains("composite iteration"),
        "amg.matching", d -> d.contains("matching round"))));
    runs.add(new Run("eval", (spark, g, vectors, out) ->
        // WCC/SCC (GraphX) and the singular values (MLlib RowMatrix) are RDD code: no SQL plan, not part of the stage.
        new SampleComparison(new SampleComparison.Settings(4, 3, 2, 7L)).profile(g),
        ordered("eval.statistics", d -> d.startsWith("grasp compare:") && !d.contains("singular values"))));
    return runs;
  }

  private static Map<String, Predicate<String>> ordered(String name, Predicate<String> filter) {
    Map<String, Predicate<String>> m = new LinkedHashMap<>();
    m.put(name, filter);
    return m;
  }

  private static Map<String, Predicate<String>> ordered(String name1, Predicate<String> filter1, String name2,
      Predicate<String> filter2) {
    Map<String, Predicate<String>> m = ordered(name1, filter1);
    m.put(name2, filter2);
    return m;
  }

  private static Map<String, Object> toJson(Map<String, StageSummary> measured) {
    Map<String, Object> stages = new LinkedHashMap<>();
    measured.forEach((name, s) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("operatorsTotal", s.operatorsTotal());
      m.put("operatorsOnGpu", s.operatorsOnGpu());
      m.put("gpuShare", Math.round(s.gpuShare() * 1000) / 1000.0);
      m.put("distinctPlans", s.plans());
      List<Map<String, String>> fb = new ArrayList<>();
      for (Fallback f : s.fallbacks()) {
        fb.add(Map.of("operator", f.operator(), "reason", f.reason()));
      }
      m.put("fallbacks", fb);
      stages.put(name, m);
    });
    return stages;
  }

  /** The readable table: stage, operators, on GPU, share, then each fallback indented under its stage. */
  static String table(Map<String, StageSummary> measured) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%-26s %6s %9s %7s %6s%n", "stage", "plans", "operators", "on GPU", "share"));
    measured.forEach((name, s) -> {
      b.append(String.format(Locale.ROOT, "%-26s %6d %9d %7d %5.1f%%%n", name, s.plans(), s.operatorsTotal(),
          s.operatorsOnGpu(), 100 * s.gpuShare()));
      for (Fallback f : s.fallbacks()) {
        b.append("    fallback ").append(f.operator()).append(": ").append(f.reason()).append('\n');
      }
    });
    return b.toString();
  }
}
