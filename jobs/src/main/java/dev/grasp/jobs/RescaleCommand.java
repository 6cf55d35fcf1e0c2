package dev.grasp.jobs;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;

import dev.grasp.embedding.hyperbolic.HyperbolicRescaler;
import dev.grasp.embedding.hyperbolic.HyperbolicRescalerModel;
import dev.grasp.graph.Graph;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.GraphReader;
import dev.grasp.graph.io.Policies;
import dev.grasp.graph.io.TableWriter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grasp rescale}: maps {@code grasp embed} embeddings into the Poincaré ball with a learned (or target-radius)
 * block-diagonal Möbius scaling, writing {@code embeddings/} ({@code id, radius, h} in parquet; {@code id,radius,h0,…}
 * in CSV), the fitted {@code model/} and {@code report.json} (scales, radius distribution before/after, training
 * loss per iteration).
 */
@Command(name = "rescale", mixinStandardHelpOptions = true,
    description = "H4G-style hyperbolic rescaling of embeddings (Poincaré ball, Möbius block scales).")
public final class RescaleCommand extends GraspCommand {

  @Option(names = "--embeddings", required = true, description = "The embeddings/ folder of grasp embed.")
  String embeddings;

  @Option(names = "--edges", description = "Training edge list (needed for --mode fit).")
  String edges;

  @Option(names = "--format", defaultValue = "snap", description = "Edge list format: snap | csv | tsv | parquet "
      + "(default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--curvature", defaultValue = "1.0", description = "c of the ball (default: ${DEFAULT-VALUE}).")
  double curvature;

  @Option(names = "--block-size", defaultValue = "8", description = "Block size b, dividing d (default: "
      + "${DEFAULT-VALUE}).")
  int blockSize;

  @Option(names = "--block-type", defaultValue = "scalar", description = "scalar | diagonal (default: "
      + "${DEFAULT-VALUE}).")
  String blockType;

  @Option(names = "--input-scale", defaultValue = "1.0", description = "Factor before exp0 (default: "
      + "${DEFAULT-VALUE}).")
  double inputScale;

  @Option(names = "--mode", defaultValue = "fit", description = "fit | target-radius | identity (default: "
      + "${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--target-radius", defaultValue = "2.0", description = "Mean radius of target-radius mode and "
      + "fit's start (default: ${DEFAULT-VALUE}).")
  double targetRadius;

  @Option(names = "--radius-penalty", defaultValue = "0.01", description = "Weight of the mean squared radius "
      + "(default: ${DEFAULT-VALUE}).")
  double radiusPenalty;

  @Option(names = "--max-iter", defaultValue = "50", description = "Adam iterations (default: ${DEFAULT-VALUE}).")
  int maxIter;

  @Option(names = "--step-size", defaultValue = "0.05", description = "Adam learning rate (default: "
      + "${DEFAULT-VALUE}).")
  double stepSize;

  @Option(names = "--negative-samples", defaultValue = "5", description = "Non-edges per edge (default: "
      + "${DEFAULT-VALUE}).")
  int negativeSamples;

  @Option(names = "--max-training-edges", defaultValue = "1000000", description = "Fit on about this many "
      + "distinct edges, a seeded hash sample when the graph has more; 0 = all (default: ${DEFAULT-VALUE}).")
  long maxTrainingEdges;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the non-edge and training-edge sampling "
      + "(default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin
  OutputOptions out = new OutputOptions();

  /** The estimator for these options; its param validators reject bad values naming the param. */
  HyperbolicRescaler stage() {
    return new HyperbolicRescaler().setCurvature(curvature).setBlockSize(blockSize).setBlockType(blockType)
        .setInputScale(inputScale).setMode(mode).setTargetRadius(targetRadius).setRadiusPenalty(radiusPenalty)
        .setMaxIter(maxIter).setStepSize(stepSize).setNegativeSamples(negativeSamples).setSeed(seed)
        .setMaxTrainingEdges(maxTrainingEdges).setInputCol("embedding").setOutputCol("h").setRadiusCol("radius");
  }

  @Override
  protected void validate() {
    out.format();
    HyperbolicRescaler r = stage();
    if (HyperbolicRescaler.FIT.equals(r.getMode()) && edges == null) {
      throw new IllegalArgumentException("`--edges` is required with `--mode` fit, got none");
    }
    if (edges != null) {
      Policies.parse(GraphReader.Format.class, "--format", format);
    }
  }

  @Override
  protected void run(JobContext ctx) {
    try (AtomicOutput o = AtomicOutput.begin(ctx.spark(), out.path(), out.overwrite())) {
      HyperbolicRescaler est = stage();
      ctx.param("embeddings", embeddings).param("edges", edges).param("format", format)
          .param("curvature", curvature).param("blockSize", blockSize).param("blockType", blockType)
          .param("inputScale", inputScale).param("mode", mode).param("targetRadius", targetRadius)
          .param("radiusPenalty", radiusPenalty).param("maxIter", maxIter).param("stepSize", stepSize)
          .param("negativeSamples", negativeSamples).param("seed", seed)
          .param("maxTrainingEdges", maxTrainingEdges).param("outputFormat", out.outputFormat);
      Dataset<Row> emb = ctx.stage("read embeddings",
          () -> EvaluateCommand.readEmbeddings(ctx.spark(), embeddings).persist(StorageLevel.MEMORY_AND_DISK()));
      if (edges != null) {
        GraphInput input = ctx.stage("read edges", () -> GraphReader.with(ctx.spark()).format(format).read(edges));
        ctx.put("read", input.report().toMap());
        est.setTrainingEdges(input.graph().edges());
      }
      HyperbolicRescalerModel model = ctx.stage("fit", () -> est.fit(emb));
      Dataset<Row> before = new HyperbolicRescaler().setMode("identity").setInputScale(inputScale)
          .setCurvature(curvature).setBlockSize(model.getBlockSize()).setOutputCol("h").setRadiusCol("radius")
          .fit(emb).transform(emb);
      Dataset<Row> after = model.transform(emb).select(col(Graph.ID), col("radius"), col("h"))
          .persist(StorageLevel.MEMORY_AND_DISK());
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("nodes", ctx.stage("count", () -> after.count()));
      summary.put("dimension", model.getDimension());
      summary.put("scales", model.getScales());
      summary.put("decoderRadius", model.getDecoderRadius());
      summary.put("decoderTemperature", model.getDecoderTemperature());
      summary.put("trainingLoss", model.getTrainingLoss());
      summary.put("fitEdges", model.getFitPairs()[0]);
      summary.put("fitNonEdges", model.getFitPairs()[1]);
      summary.put("radiusBefore", ctx.stage("radius before", () -> radii(before)));
      summary.put("radiusAfter", ctx.stage("radius after", () -> radii(after)));
      ctx.put("summary", summary);
      TableWriter.Format fmt = out.format() == TableWriter.Format.SNAP ? TableWriter.Format.CSV : out.format();
      ctx.stage("write embeddings", () -> TableWriter.write(after.orderBy(col(Graph.ID)), o.path("embeddings"), fmt));
      ctx.stage("write model", () -> {
        try {
          model.write().save(o.path("model"));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      ctx.finish(o);
      after.unpersist();
      emb.unpersist();
      System.out.println("grasp rescale: " + summary.get("nodes") + " nodes, scales " + model.getScales().length
          + " -> " + o.finalPath());
    }
  }

  /**
   * Mean and exact quantiles of the radius column. The radii are cached first (8 bytes a node) so that {@code df}, a
   * transform over every d-dimensional vector, is computed once instead of once per statistic: on the 16M-edge R-MAT
   * in 1 GiB (645,609 vectors of d = 128 spilled to disk) each pass took ~200 s on a loaded machine.
   */
  private static Map<String, Object> radii(Dataset<Row> df) {
    Dataset<Row> r = df.select(col("radius")).persist(StorageLevel.MEMORY_AND_DISK());
    double[] q = r.stat().approxQuantile("radius", new double[] {0.0, 0.1, 0.5, 0.9, 1.0}, 0.0);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", r.agg(avg(col("radius"))).first().getDouble(0));
    r.unpersist();
    m.put("min", q[0]);
    m.put("p10", q[1]);
    m.put("p50", q[2]);
    m.put("p90", q[3]);
    m.put("max", q[4]);
    return m;
  }
}
