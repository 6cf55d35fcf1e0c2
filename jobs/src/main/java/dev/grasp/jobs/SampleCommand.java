package dev.grasp.jobs;

import dev.grasp.graph.DriverCopy;
import dev.grasp.graph.Graph;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.DriverTables;
import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.GraphReader;
import dev.grasp.graph.io.ReadReport;
import dev.grasp.graph.io.TableWriter;
import dev.grasp.graph.linalg.Engine;
import dev.grasp.graph.stats.LocalGraph;
import dev.grasp.graph.util.LineageCutter;
import dev.grasp.sampling.baseline.Samplers;
import dev.grasp.sampling.eval.ComparisonReport;
import dev.grasp.sampling.eval.GraphProfile;
import dev.grasp.sampling.eval.SampleComparison;
import dev.grasp.sampling.jdd.JddSample;
import dev.grasp.sampling.jdd.JddSampler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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

  // Help and defaults of the sampling parameters come from JddSampler's params (StageParams: descriptionKey
  // "jdd.<param>"); the baselines (BaseSampler) share the ratio and seed rules and defaults.
  @Option(names = "--ratio", descriptionKey = "jdd.ratio")
  double ratio;

  @Option(names = "--nodes", descriptionKey = "jdd.numNodes")
  long nodes;

  @Option(names = "--seed", descriptionKey = "jdd.seed")
  long seed;

  @Option(names = "--hub-policy", descriptionKey = "jdd.hubPolicy")
  String hubPolicy;

  @Option(names = "--marginal-rounding", descriptionKey = "jdd.marginalRounding")
  String marginalRounding;

  @Option(names = "--reciprocity", descriptionKey = "jdd.reciprocity")
  String reciprocity;

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
    jddSampler(ratio);
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

  /**
   * A jdd sample of a small text graph is read, built, written and compared in the driver without a Spark session
   * ({@link JddSampler#sampleInDriver}: the same sample); everything else by Spark stages.
   */
  @Override
  protected void run(JobContext ctx) {
    try (AtomicOutput o = ctx.output(out.path(), out.overwrite())) {
      ctx.param("input", in.path()).param("format", in.format).param("method", method).param("ratio", ratio)
          .param("nodes", nodes).param("seed", seed).param("outputFormat", out.outputFormat).param("report", report);
      long maxBytes = ctx.driverMaxBytes();
      boolean jdd = "jdd".equals(method);
      Object read = ctx.stage("read", () -> {
        Optional<GraphReader.Local> l = jdd ? in.readInDriver(ctx.hadoopConf(), maxBytes) : Optional.empty();
        return l.isPresent() ? l.get() : in.read(ctx.spark());
      });
      GraphInput input;
      if (read instanceof GraphReader.Local l) {
        ctx.put("read", l.report().toMap());
        double r = effectiveRatio(l.report().vertices());
        JddSampler.LocalSample ls = ctx.stage("sample", () -> jddSampler(r).sampleInDriver(l.graph(), maxBytes));
        if (ls != null) {
          ctx.put("jdd", parseJson(ls.report().toJson()));
          finishInDriver(ctx, o, l, ls.graph(), r, maxBytes);
          return;
        }
        input = l.toSpark(ctx.spark());
      } else {
        input = (GraphInput) read;
        ctx.put("read", input.report().toMap());
      }
      sampleWithSpark(ctx, o, input);
    }
  }

  private JddSampler jddSampler(double r) {
    return new JddSampler().setRatio(r).setNumNodes(nodes).setSeed(seed).setHubPolicy(hubPolicy)
        .setMarginalRounding(marginalRounding).setReciprocity(reciprocity);
  }

  /** Writes a sample held in the driver, compares it when asked, and commits. */
  private void finishInDriver(JobContext ctx, AtomicOutput o, GraphReader.Local original, DriverCopy sample,
      double r, long maxBytes) {
    TableWriter.Format fmt = sampleFormat(out);
    StructType vs = new StructType().add(Graph.ID, DataTypes.LongType, false);
    ctx.stage("write vertices", () -> DriverTables.write(ctx.hadoopConf(), new DriverTables.Rows(vs,
        sample.vertexCount(), i -> new GenericInternalRow(new Object[] {sample.ids()[i]})), o.path("vertices"), fmt));
    StructType es = new StructType().add(Graph.SRC, DataTypes.LongType, false)
        .add(Graph.DST, DataTypes.LongType, false);
    ctx.stage("write edges", () -> DriverTables.write(ctx.hadoopConf(), new DriverTables.Rows(es,
        sample.edgeCount(), i -> new GenericInternalRow(new Object[] {sample.src()[i], sample.dst()[i]})),
        o.path("edges"), fmt));
    Map<String, Object> summary = summary(original.report(), sample.vertexCount(), sample.edgeCount(), r);
    if (report) {
      SampleComparison cmp = new SampleComparison(compare.settings());
      boolean drop = comparedSelfLoops(ctx) == SampleComparison.SelfLoops.DROP;
      DriverCopy orig = drop ? SampleComparison.withoutSelfLoops(original.graph()) : original.graph();
      DriverCopy smp = drop ? SampleComparison.withoutSelfLoops(sample) : sample;
      GraphProfile po = ctx.stage("profile original", () -> cmp.profileInDriver(LocalGraph.of(orig, Long.MAX_VALUE)));
      GraphProfile ps = ctx.stage("profile sample", () -> cmp.profileInDriver(LocalGraph.of(smp, Long.MAX_VALUE)));
      compared(ctx, o, cmp, po, ps, r, summary);
    }
    finish(ctx, o, summary);
  }

  /**
   * {@code df} as a local checkpoint; a frame that already is one (the jdd sampler cuts its sample) is not copied
   * again.
   */
  private static Dataset<Row> localCut(Dataset<Row> df) {
    return df.logicalPlan() instanceof LogicalRDD ? df : df.localCheckpoint(true);
  }

  /** The Spark stages: sample, materialise, write, compare. */
  private void sampleWithSpark(JobContext ctx, AtomicOutput o, GraphInput input) {
    Graph g = input.graph();
    double r = effectiveRatio(input.report().vertices());
    Graph sample = ctx.stage("sample", () -> {
      Graph s;
      if ("jdd".equals(method)) {
        // The jdd sampler's own report (rescaling, hub classes, repairs, exactness) goes into report.json.
        JddSample js = jddSampler(r).sample(g);
        ctx.put("jdd", parseJson(js.report().toJson()));
        s = js.graph();
      } else {
        s = Samplers.create(method, r, seed).sample(g);
      }
      // On a cluster (or under RAPIDS, for file scans the GPU reads) written once under the run's checkpoint
      // directory: blocks of a local checkpoint on a lost executor could not be recomputed and the writes below
      // would fail. In local mode no executor is lost without the driver, so a local checkpoint does.
      if (ctx.spark().sparkContext().isLocal() && !Engine.rapidsSqlOn(ctx.spark())) {
        return new Graph(localCut(s.vertices()), localCut(s.edges()));
      }
      return new Graph(LineageCutter.materialize(s.vertices(), "sample-vertices"),
          LineageCutter.materialize(s.edges(), "sample-edges"));
    });
    TableWriter.Format fmt = sampleFormat(out);
    ctx.stage("write vertices", () -> TableWriter.write(sample.vertices().orderBy(Graph.ID),
        o.path("vertices"), fmt));
    ctx.stage("write edges", () -> TableWriter.write(sample.edges().orderBy(Graph.SRC,
        Graph.DST), o.path("edges"), fmt));
    Map<String, Object> summary = summary(input.report(), sample.numVertices(), sample.numEdges(), r);
    if (report) {
      SampleComparison cmp = new SampleComparison(compare.settings());
      boolean drop = comparedSelfLoops(ctx) == SampleComparison.SelfLoops.DROP;
      GraphProfile po = ctx.stage("profile original",
          () -> cmp.profile(drop ? SampleComparison.withoutSelfLoops(g) : g));
      GraphProfile ps = ctx.stage("profile sample",
          () -> cmp.profile(drop ? SampleComparison.withoutSelfLoops(sample) : sample));
      compared(ctx, o, cmp, po, ps, r, summary);
    }
    finish(ctx, o, summary);
  }

  private static Map<String, Object> summary(ReadReport original, long vertices, long edges, double r) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("originalVertices", original.vertices());
    summary.put("originalEdges", original.edges());
    summary.put("sampleVertices", vertices);
    summary.put("sampleEdges", edges);
    summary.put("ratio", r);
    return summary;
  }

  /**
   * The self-loop policy of {@code --report}'s comparison: what the method preserves
   * ({@link SampleComparison.SelfLoops#forMethod}), recorded in the report as {@code compareSelfLoops}.
   */
  private SampleComparison.SelfLoops comparedSelfLoops(JobContext ctx) {
    SampleComparison.SelfLoops p = SampleComparison.SelfLoops.forMethod(method);
    ctx.put("compareSelfLoops", p.name().toLowerCase(java.util.Locale.ROOT));
    return p;
  }

  private void compared(JobContext ctx, AtomicOutput o, SampleComparison cmp, GraphProfile po, GraphProfile ps,
      double r, Map<String, Object> summary) {
    SampleComparison.Result cr = cmp.compare(po, ps);
    ctx.stage("write comparison", () -> ComparisonReport.write(CompareCommand.localPath(o.path("compare")),
        method + " sample of " + in.path() + " at r = " + r, cmp.settings(), cr, po, ps));
    summary.put("meanD", cr.meanD());
    summary.put("d", cr.ds());
  }

  private void finish(JobContext ctx, AtomicOutput o, Map<String, Object> summary) {
    ctx.put("summary", summary);
    ctx.finish(o);
    System.out.println("grasp sample: " + method + " kept " + summary.get("sampleVertices") + " of "
        + summary.get("originalVertices") + " vertices, " + summary.get("sampleEdges") + " edges"
        + (report ? String.format(", mean KS D %.4f", (Double) summary.get("meanD")) : "") + " -> "
        + o.finalPath());
  }

  private static Object parseJson(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Object.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("jdd report is not JSON: " + e.getMessage(), e);
    }
  }
}
