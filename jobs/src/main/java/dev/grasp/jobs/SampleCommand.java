package dev.grasp.jobs;

import dev.grasp.graph.Graph;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.TableWriter;
import dev.grasp.graph.linalg.Engine;
import dev.grasp.graph.util.LineageCutter;
import dev.grasp.sampling.baseline.Samplers;
import dev.grasp.sampling.eval.ComparisonReport;
import dev.grasp.sampling.eval.GraphProfile;
import dev.grasp.sampling.eval.SampleComparison;
import dev.grasp.sampling.jdd.JddSample;
import dev.grasp.sampling.jdd.JddSampler;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grasp sample}: draws a sample graph with one of the baseline samplers or the JDM/DCM sampler and writes
 * {@code vertices/}, {@code edges/} and {@code report.json}; with {@code --report} it also compares the sample with
 * its original into {@code compare/} (report.json, PNG plots, index.html; see {@code grasp compare}).
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = "Sample a directed graph: random-node | random-edge | random-walk | forest-fire | jdd.")
public final class SampleCommand extends GraspCommand {

  @Mixin
  InputOptions in = new InputOptions();

  @Mixin
  OutputOptions out = new OutputOptions();

  @Option(names = "--method", required = true,
      description = "random-node | random-edge | random-walk | forest-fire | jdd.")
  String method;

  @Option(names = "--ratio", defaultValue = "0.1", description = "Target fraction of vertices, in (0, 1] "
      + "(default: ${DEFAULT-VALUE}).")
  double ratio;

  @Option(names = "--nodes", defaultValue = "0", description = "Target vertex count instead of --ratio (jdd: "
      + "exactly this many; baselines: ratio = nodes / |V|); at most the input's vertex count; 0 = use --ratio "
      + "(default: ${DEFAULT-VALUE}).")
  long nodes;

  @Option(names = "--seed", defaultValue = "20060820", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--report", description = "Also compare the sample with the original into compare/.")
  boolean report;

  @Mixin
  CompareOptions compare = new CompareOptions();

  @Override
  protected void validate() {
    in.validate();
    sampleFormat(out);
    Samplers.create(method, ratio, seed);
    if (nodes < 0) {
      throw new IllegalArgumentException("`--nodes` must be >= 0 (0 = use --ratio), got " + nodes);
    }
    compare.settings();
  }

  /** The ratio a sampler gets: --ratio, or --nodes / |V| when --nodes is given (refused above |V|). */
  private double effectiveRatio(long vertices) {
    if (nodes == 0) {
      return ratio;
    }
    if (nodes > vertices) {
      throw new IllegalArgumentException("`--nodes` must be at most the input's vertex count " + vertices + ", got "
          + nodes);
    }
    return (double) nodes / vertices;
  }

  /** Sample outputs are vertex and edge tables: parquet or csv. */
  static TableWriter.Format sampleFormat(OutputOptions out) {
    TableWriter.Format f = out.format();
    if (f == TableWriter.Format.SNAP) {
      throw new IllegalArgumentException("`--output-format` must be parquet or csv for a sample, got snap");
    }
    return f;
  }

  @Override
  protected void run(JobContext ctx) {
    try (AtomicOutput o = AtomicOutput.begin(ctx.spark(), out.path(), out.overwrite())) {
      ctx.param("input", in.path()).param("format", in.format).param("method", method).param("ratio", ratio)
          .param("nodes", nodes).param("seed", seed).param("outputFormat", out.outputFormat).param("report", report);
      GraphInput input = ctx.stage("read", () -> in.read(ctx.spark()));
      ctx.put("read", input.report().toMap());
      Graph g = input.graph();
      double r = effectiveRatio(input.report().vertices());
      Graph sample = ctx.stage("sample", () -> {
        Graph s;
        if ("jdd".equals(method)) {
          // The jdd sampler's own report (rescaling, hub classes, repairs, exactness) goes into report.json.
          JddSample js = new JddSampler().setRatio(r).setNumNodes(nodes).setSeed(seed).sample(g);
          ctx.put("jdd", parseJson(js.report().toJson()));
          s = js.graph();
        } else {
          s = Samplers.create(method, r, seed).sample(g);
        }
        // On a cluster (or under RAPIDS, for file scans the GPU reads) written once under the run's checkpoint
        // directory: blocks of a local checkpoint on a lost executor could not be recomputed and the writes below
        // would fail. In local mode no executor is lost without the driver, so a local checkpoint does.
        if (ctx.spark().sparkContext().isLocal() && !Engine.rapidsSqlOn(ctx.spark())) {
          return new Graph(s.vertices().localCheckpoint(true), s.edges().localCheckpoint(true));
        }
        return new Graph(LineageCutter.materialize(s.vertices(), "sample-vertices"),
            LineageCutter.materialize(s.edges(), "sample-edges"));
      });
      TableWriter.Format fmt = sampleFormat(out);
      ctx.stage("write vertices", () -> TableWriter.write(sample.vertices().orderBy(Graph.ID),
          o.path("vertices"), fmt));
      ctx.stage("write edges", () -> TableWriter.write(sample.edges().orderBy(Graph.SRC,
          Graph.DST), o.path("edges"), fmt));
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("originalVertices", input.report().vertices());
      summary.put("originalEdges", input.report().edges());
      summary.put("sampleVertices", sample.numVertices());
      summary.put("sampleEdges", sample.numEdges());
      summary.put("ratio", r);
      if (report) {
        SampleComparison cmp = new SampleComparison(compare.settings());
        GraphProfile po = ctx.stage("profile original", () -> cmp.profile(g));
        GraphProfile ps = ctx.stage("profile sample", () -> cmp.profile(sample));
        SampleComparison.Result cr = cmp.compare(po, ps);
        ctx.stage("write comparison", () -> ComparisonReport.write(CompareCommand.localPath(o.path("compare")),
            method + " sample of " + in.path() + " at r = " + r, cmp.settings(), cr, po, ps));
        summary.put("meanD", cr.meanD());
        summary.put("d", cr.ds());
      }
      ctx.put("summary", summary);
      ctx.finish(o);
      System.out.println("grasp sample: " + method + " kept " + summary.get("sampleVertices") + " of "
          + summary.get("originalVertices") + " vertices, " + summary.get("sampleEdges") + " edges"
          + (report ? String.format(", mean KS D %.4f", (Double) summary.get("meanD")) : "") + " -> "
          + o.finalPath());
    }
  }

  private static Object parseJson(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Object.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("jdd report is not JSON: " + e.getMessage(), e);
    }
  }
}
