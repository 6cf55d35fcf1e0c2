package dev.grasp.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.struct;

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
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
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
          () -> dev.grasp.graph.io.EmbeddingTables.read(ctx.spark(), embeddings).persist(StorageLevel.MEMORY_AND_DISK()));
      if (edges != null) {
        GraphInput input = ctx.stage("read edges", () -> GraphReader.with(ctx.spark()).format(format).read(edges));
        ctx.put("read", input.report().toMap());
        est.setTrainingEdges(input.graph().edges());
      }
      HyperbolicRescalerModel model = ctx.stage("fit", () -> est.fit(emb));
      // The unscaled map (identity mode) and the fitted one side by side: one cached table, one statistics job.
      HyperbolicRescalerModel identity = new HyperbolicRescaler().setMode("identity").setInputScale(inputScale)
          .setCurvature(curvature).setBlockSize(model.getBlockSize()).setOutputCol("h0").setRadiusCol("radius0")
          .fit(emb);
      Dataset<Row> both = model.transform(identity.transform(emb))
          .select(col(Graph.ID), col("radius0"), col("radius"), col("h")).persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> after = both.select(col(Graph.ID), col("radius"), col("h"));
      Row stats = ctx.stage("radii", () -> both.agg(count(lit(1)), radiusStats("radius0"), radiusStats("radius"))
          .first());
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("nodes", stats.getLong(0));
      summary.put("dimension", model.getDimension());
      summary.put("scales", model.getScales());
      summary.put("decoderRadius", model.getDecoderRadius());
      summary.put("decoderTemperature", model.getDecoderTemperature());
      summary.put("trainingLoss", model.getTrainingLoss());
      summary.put("fitEdges", model.getFitPairs()[0]);
      summary.put("fitNonEdges", model.getFitPairs()[1]);
      summary.put("radiusBefore", radii(stats.getStruct(1)));
      summary.put("radiusAfter", radii(stats.getStruct(2)));
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
      both.unpersist();
      emb.unpersist();
      System.out.println("grasp rescale: " + summary.get("nodes") + " nodes, scales " + model.getScales().length
          + " -> " + o.finalPath());
    }
  }

  /** Mean and exact quantiles (min, p10, p50, p90, max) of a radius column, as one struct. */
  private static Column radiusStats(String c) {
    Column q = percentile_approx(col(c), array(lit(0.0), lit(0.1), lit(0.5), lit(0.9), lit(1.0)),
        lit(Integer.MAX_VALUE));
    return struct(avg(col(c)).as("mean"), q.as("q"));
  }

  private static Map<String, Object> radii(Row s) {
    List<Double> q = s.getList(1);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", s.getDouble(0));
    m.put("min", q.get(0));
    m.put("p10", q.get(1));
    m.put("p50", q.get(2));
    m.put("p90", q.get(3));
    m.put("max", q.get(4));
    return m;
  }
}
