package dev.grasp.jobs;

import static org.apache.spark.sql.functions.col;

import dev.grasp.graph.Graph;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.FileSystems;
import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.Policies;
import dev.grasp.graph.io.TableWriter;
import dev.grasp.sampling.eval.ComparisonReport;
import dev.grasp.sampling.eval.GraphProfile;
import dev.grasp.sampling.eval.SampleComparison;
import java.net.URI;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grasp compare}: compares a {@code grasp sample} output with its original on the Leskovec–Faloutsos criteria
 * and writes {@code report.json} (every KS D, their mean, reciprocity, DCM/JDM rel-L1, run report), PNG plots and an
 * {@code index.html} showing them. Plots are rendered on the driver into a local output directory.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare a sample with its original (KS D per criterion, plots).")
public final class CompareCommand extends GraspCommand {

  @Option(names = "--original", required = true, description = "The original graph's edge list.")
  String original;

  @Option(names = "--format", defaultValue = "snap",
      description = "Format of --original: snap | csv | tsv | parquet (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--sample", required = true, description = "A `grasp sample` output directory.")
  String sample;

  @Option(names = "--sample-format", defaultValue = "parquet",
      description = "Format the sample was written in: parquet | csv (default: ${DEFAULT-VALUE}).")
  String sampleFormat;

  @Option(names = "--output", required = true, description = "Report directory (written atomically).")
  String output;

  @Option(names = "--overwrite", description = "Replace an existing output directory.")
  boolean overwrite;

  @Option(names = "--self-loops", defaultValue = "auto",
      description = "auto | drop | keep: whether self-loops count in both graphs' profiles. auto: drop for a jdd "
          + "sample (the sampler's target is the simple graph), keep for the other samplers (they keep the "
          + "original's self-loops), as the sample's report.json names its method; keep without one "
          + "(default: ${DEFAULT-VALUE}).")
  String selfLoops;

  @Mixin
  CompareOptions compare = new CompareOptions();

  private final InputOptions in = new InputOptions();

  @Override
  protected void validate() {
    in.input = original;
    in.format = format;
    in.selfLoops = "keep";
    in.duplicates = "dedupe";
    in.malformed = "fail";
    in.idType = "long";
    in.validate();
    if (!"auto".equals(selfLoops)) {
      try {
        Policies.parse(SampleComparison.SelfLoops.class, "--self-loops", selfLoops);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("`--self-loops` must be auto, drop or keep, got '" + selfLoops + "'");
      }
    }
    TableWriter.Format f = TableWriter.format("--sample-format", sampleFormat);
    if (f == TableWriter.Format.SNAP) {
      throw new IllegalArgumentException("`--sample-format` must be parquet or csv, got snap");
    }
    compare.settings();
  }

  /** The self-loop policy and why it was chosen. */
  record SelfLoopChoice(SampleComparison.SelfLoops policy, String reason) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("policy", policy.name().toLowerCase(java.util.Locale.ROOT));
      m.put("reason", reason);
      return m;
    }
  }

  /** {@code --self-loops}, with {@code auto} resolved from the method named in the sample's report.json. */
  SelfLoopChoice selfLoopChoice(JobContext ctx) {
    if (!"auto".equals(selfLoops)) {
      return new SelfLoopChoice(Policies.parse(SampleComparison.SelfLoops.class, "--self-loops", selfLoops),
          "--self-loops " + selfLoops);
    }
    String method = sampleMethod(ctx.hadoopConf(), sample);
    if (method == null) {
      return new SelfLoopChoice(SampleComparison.SelfLoops.KEEP,
          "auto: no sampling method in " + sample + "/report.json, so self-loops are kept");
    }
    SampleComparison.SelfLoops p = SampleComparison.SelfLoops.forMethod(method);
    return new SelfLoopChoice(p, "auto: the sample's method is " + method + ", which "
        + (p == SampleComparison.SelfLoops.DROP ? "samples the simple graph" : "keeps the original's self-loops"));
  }

  /** {@code parameters.method} of a sample output's report.json, or null when there is none. */
  static String sampleMethod(org.apache.hadoop.conf.Configuration conf, String dir) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir, "report.json");
    try (java.io.InputStream is = FileSystems.of(p, conf).open(p)) {
      com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(is)
          .path("parameters").path("method");
      return m.isTextual() ? m.asText() : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** A local filesystem path for a (possibly {@code file:}-qualified) output path; plots are written with java.io. */
  static java.nio.file.Path localPath(String path) {
    if (path.startsWith("file:")) {
      return java.nio.file.Path.of(URI.create(path.replace(" ", "%20")));
    }
    if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      throw new IllegalArgumentException("`--output` must be a local directory for the plots, got " + path);
    }
    return java.nio.file.Path.of(path);
  }

  /** Reads a {@code grasp sample} output (vertices/ and edges/). */
  static Graph readSample(SparkSession spark, String dir, String format) {
    boolean csv = TableWriter.format("--sample-format", format) == TableWriter.Format.CSV;
    Dataset<Row> v = csv ? spark.read().option("header", "true").csv(dir + "/vertices")
        : spark.read().parquet(dir + "/vertices");
    Dataset<Row> e = csv ? spark.read().option("header", "true").csv(dir + "/edges")
        : spark.read().parquet(dir + "/edges");
    if (csv) {
      v = v.withColumn(Graph.ID, col(Graph.ID).cast("long"));
      e = e.withColumn(Graph.SRC, col(Graph.SRC).cast("long")).withColumn(Graph.DST, col(Graph.DST).cast("long"));
    }
    return Graph.of(v, e);
  }

  @Override
  protected void run(JobContext ctx) {
    try (AtomicOutput o = ctx.output(output, overwrite)) {
      ctx.param("original", original).param("format", format).param("sample", sample)
          .param("sampleFormat", sampleFormat).param("settings", compare.settings());
      // Self-loops are dropped after the read, so vertices whose only edges they are stay (as the jdd sampler's
      // simple view keeps them, at degree 0).
      SelfLoopChoice loops = selfLoopChoice(ctx);
      boolean drop = loops.policy() == SampleComparison.SelfLoops.DROP;
      GraphInput input = ctx.stage("read original", () -> in.read(ctx.spark()));
      Map<String, Object> loopReport = loops.toMap();
      loopReport.put("originalSelfLoops", input.report().selfLoops());
      ctx.put("selfLoops", loopReport);
      Graph og = drop ? SampleComparison.withoutSelfLoops(input.graph()) : input.graph();
      Graph read = ctx.stage("read sample", () -> readSample(ctx.spark(), sample, sampleFormat));
      Graph s = drop ? SampleComparison.withoutSelfLoops(read) : read;
      SampleComparison cmp = new SampleComparison(compare.settings());
      GraphProfile po = ctx.stage("profile original", () -> cmp.profile(og));
      GraphProfile ps = ctx.stage("profile sample", () -> cmp.profile(s));
      SampleComparison.Result r = cmp.compare(po, ps);
      ctx.stage("plots", () -> ComparisonReport.write(localPath(o.path("")), "sample " + sample + " vs " + original,
          cmp.settings(), r, po, ps));
      ctx.put("meanD", r.meanD());
      ctx.put("d", r.ds());
      ctx.put("result", r);
      ctx.put("summary", Map.of("originalVertices", r.originalVertices(), "sampleVertices", r.sampleVertices()));
      // The run report (parameters, timings, every D) replaces the plain comparison report.json.
      ctx.finish(o);
      System.out.printf("grasp compare: mean KS D %.4f (in %.3f, out %.3f, wcc %.3f, scc %.3f, hop %.3f, "
              + "clustering %.3f, sv %.3f) -> %s%n", r.meanD(), r.inDegreeD(), r.outDegreeD(), r.wccD(), r.sccD(),
          r.hopPlotD(), r.clusteringD(), r.singularValuesD(), o.finalPath() + "/index.html");
    }
  }
}
