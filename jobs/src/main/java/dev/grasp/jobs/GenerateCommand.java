package dev.grasp.jobs;

import dev.grasp.graph.Graph;
import dev.grasp.graph.gen.AttributedSbm;
import dev.grasp.graph.gen.RMat;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.TableWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code grasp generate rmat|sbm}: seeded synthetic graphs written as {@code edges/}, {@code vertices/}. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Seeded synthetic graphs (directed R-MAT, attributed SBM).",
    subcommands = {GenerateCommand.Rmat.class, GenerateCommand.Sbm.class})
public final class GenerateCommand implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static void write(JobContext ctx, OutputOptions out, Graph g) {
    try (AtomicOutput o = ctx.output(out.path(), out.overwrite())) {
      TableWriter.Format f = out.format();
      // Sorted, so the files are byte-identical for any partitioning.
      ctx.stage("write edges", () -> TableWriter.write(g.edges().orderBy(Graph.SRC, Graph.DST), o.path("edges"), f));
      TableWriter.Format vf = f == TableWriter.Format.SNAP ? TableWriter.Format.CSV : f;
      ctx.stage("write vertices", () -> TableWriter.write(g.vertices().orderBy(Graph.ID), o.path("vertices"),
          vf));
      String fmt = vf == TableWriter.Format.CSV ? "csv" : "parquet";
      long e = ctx.stage("count edges", () -> f == TableWriter.Format.SNAP
          ? ctx.spark().read().text(o.path("edges")).count()
          : ctx.spark().read().format(fmt).option("header", "true").load(o.path("edges")).count());
      long v = ctx.stage("count vertices", () -> ctx.spark().read().format(fmt).option("header", "true")
          .load(o.path("vertices")).count());
      ctx.put("nodes", v).put("edges", e);
      ctx.finish(o);
      System.out.println("grasp " + ctx.report().get("command") + ": " + v + " nodes, " + e + " edges -> "
          + o.finalPath());
    }
  }

  /** R-MAT. */
  @Command(name = "rmat", mixinStandardHelpOptions = true,
      description = "Directed R-MAT graph (self-loops and repeated pairs removed).")
  static final class Rmat extends GraspCommand {
    @Option(names = "--scale", required = true, description = "log2 of the id range.")
    int scale;

    @Option(names = "--edge-factor", defaultValue = "16", description = "Edges drawn per id (default: ${DEFAULT-VALUE}).")
    double edgeFactor;

    @Option(names = "--a", defaultValue = "0.57", description = "Quadrant a (default: ${DEFAULT-VALUE}).")
    double a;

    @Option(names = "--b", defaultValue = "0.19", description = "Quadrant b (default: ${DEFAULT-VALUE}).")
    double b;

    @Option(names = "--c", defaultValue = "0.19", description = "Quadrant c (default: ${DEFAULT-VALUE}).")
    double c;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--partitions", description = "Partitions of the draw (default: 1 per 2M edges).")
    Integer partitions;

    @Mixin
    OutputOptions out = new OutputOptions();

    private RMat model() {
      int parts = partitions != null ? partitions
          : Math.max(1, (int) (edgeFactor * Math.pow(2, scale) / 2_000_000) + 1);
      return new RMat(scale, edgeFactor, a, b, c, seed, parts);
    }

    @Override
    protected void validate() {
      model();
      out.format();
    }

    @Override
    protected void run(JobContext ctx) {
      RMat m = model();
      ctx.param("scale", scale).param("edgeFactor", edgeFactor).param("a", a).param("b", b).param("c", c)
          .param("seed", seed).param("partitions", m.partitions());
      write(ctx, out, m.generate(ctx.spark()));
    }
  }

  /** Attributed SBM. */
  @Command(name = "sbm", mixinStandardHelpOptions = true,
      description = "Attributed stochastic block model with planted blocks (undirected pairs stored once).")
  static final class Sbm extends GraspCommand {
    @Option(names = "--nodes", required = true, description = "Number of vertices.")
    long nodes;

    @Option(names = "--blocks", defaultValue = "4", description = "Planted blocks (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--mean-degree", defaultValue = "10", description = "Mean degree (default: ${DEFAULT-VALUE}).")
    double meanDegree;

    @Option(names = "--mixing", defaultValue = "0.2",
        description = "Share of edge ends drawn from the whole graph (default: ${DEFAULT-VALUE}).")
    double mixing;

    @Option(names = "--attributes", defaultValue = "1", description = "Categorical attributes (default: ${DEFAULT-VALUE}).")
    int attributes;

    @Option(names = "--values", defaultValue = "0", description = "Values per attribute (default: = blocks).")
    int values;

    @Option(names = "--agreement", defaultValue = "0.7",
        description = "Probability an attribute takes its block's value (default: ${DEFAULT-VALUE}).")
    double agreement;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Mixin
    OutputOptions out = new OutputOptions();

    private AttributedSbm model() {
      return new AttributedSbm(nodes, blocks, meanDegree, mixing, attributes, values <= 0 ? blocks : values,
          agreement, seed, partitions);
    }

    @Override
    protected void validate() {
      model();
      out.format();
    }

    @Override
    protected void run(JobContext ctx) {
      AttributedSbm m = model();
      ctx.param("nodes", nodes).param("blocks", blocks).param("meanDegree", meanDegree).param("mixing", mixing)
          .param("attributes", attributes).param("values", m.values()).param("agreement", agreement)
          .param("seed", seed);
      write(ctx, out, m.generate(ctx.spark()));
    }
  }
}
