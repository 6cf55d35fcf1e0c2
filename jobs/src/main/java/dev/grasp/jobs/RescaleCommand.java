package dev.grasp.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;

import dev.grasp.embedding.hyperbolic.HyperbolicRescaler;
import dev.grasp.embedding.hyperbolic.HyperbolicRescalerModel;
import dev.grasp.graph.Graph;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.GraphReader;
import dev.grasp.graph.io.Policies;
import dev.grasp.graph.io.TableWriter;
import dev.grasp.graph.io.DriverTables;
import dev.grasp.graph.io.EmbeddingTables;
import dev.grasp.graph.linalg.WideSum;
import java.io.IOException;
import java.util.Optional;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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

  @Option(names = "--model", description = "Apply this saved model (a rescale output folder or its model/) instead of "
      + "fitting: its curvature, block size, input scale and scales are used; --mode and the fit options are not.")
  String model;

  @Mixin
  HyperbolicOptions hyperbolic = new HyperbolicOptions();

  @Option(names = "--mode", descriptionKey = "hyperbolic.mode")
  String mode;

  @Option(names = "--seed", descriptionKey = "hyperbolic.seed")
  long seed;

  @Mixin
  OutputOptions out = new OutputOptions();

  /** The estimator for these options; its param validators reject bad values naming the param. */
  HyperbolicRescaler stage() {
    return hyperbolic.stage(mode, seed);
  }

  @Override
  protected void validate() {
    out.format();
    HyperbolicRescaler r = stage();
    if (model != null && edges != null) {
      throw new IllegalArgumentException("`--edges` is not used with `--model` (the model is applied, not fitted), "
          + "got " + edges);
    }
    if (model == null && HyperbolicRescaler.FIT.equals(r.getMode()) && edges == null) {
      throw new IllegalArgumentException("`--edges` is required with `--mode` fit, got none");
    }
    if (edges != null) {
      Policies.parse(GraphReader.Format.class, "--format", format);
    }
  }

  @Override
  protected void run(JobContext ctx) {
    try (AtomicOutput o = ctx.output(out.path(), out.overwrite())) {
      HyperbolicRescaler est = stage();
      ctx.param("embeddings", embeddings).param("edges", edges).param("format", format).param("mode", mode)
          .param("seed", seed);
      hyperbolic.describe().forEach(ctx::param);
      ctx.param("outputFormat", out.outputFormat);
      ctx.param("model", model);
      HyperbolicRescalerModel given = model == null ? null : ctx.stage("read model", () -> readModel(ctx));
      long maxBytes = ctx.driverMaxBytes();
      EmbeddingTables.Local emb = ctx.stage("read embeddings",
          () -> EmbeddingTables.inDriver(ctx.hadoopConf(), embeddings, maxBytes));
      Optional<GraphReader.Local> graph = Optional.empty();
      if (edges != null && emb != null) {
        graph = ctx.stage("read edges",
            () -> GraphReader.inDriver(ctx.hadoopConf()).format(format).readInDriver(edges, maxBytes));
      }
      Map<String, Object> summary;
      if (emb != null && (edges == null || graph.isPresent())) {
        summary = rescaleInDriver(ctx, o, est, given, emb, graph.orElse(null));
      } else {
        summary = rescaleWithSpark(ctx, o, est, given, graph.map(l -> l.toSpark(ctx.spark())).orElse(null));
      }
      ctx.put("summary", summary);
      ctx.finish(o);
      System.out.println("grasp rescale: " + summary.get("nodes") + " nodes, scales "
          + ((double[]) summary.get("scales")).length + " -> " + o.finalPath());
    }
  }

  /**
   * The driver path, no Spark session: embeddings and edges read in the driver, fitted
   * ({@link HyperbolicRescaler#fitInDriver}), mapped ({@link HyperbolicRescalerModel#transformInDriver}) and written
   * ({@link DriverTables}, {@link HyperbolicRescalerModel#save}); the same model and tables as the Spark stages (DeterminismTest).
   */
  private Map<String, Object> rescaleInDriver(JobContext ctx, AtomicOutput o, HyperbolicRescaler est,
      HyperbolicRescalerModel given, EmbeddingTables.Local emb, GraphReader.Local graph) {
    long[] src = null;
    long[] dst = null;
    if (graph != null) {
      ctx.put("read", graph.report().toMap());
      src = graph.graph().src();
      dst = graph.graph().dst();
    }
    long[] s = src;
    long[] t = dst;
    HyperbolicRescalerModel model = given != null
        ? matching(given, emb.x().length == 0 ? given.getDimension() : emb.x()[0].length)
        : ctx.stage("fit", () -> est.fitInDriver(emb.ids(), emb.x(), s, t));
    Integer[] order = new Integer[emb.ids().length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> emb.ids()[i]));
    double[][] x = new double[order.length][];
    long[] ids = new long[order.length];
    for (int r = 0; r < order.length; r++) {
      ids[r] = emb.ids()[order[r]];
      x[r] = emb.x()[order[r]];
    }
    HyperbolicRescalerModel.Points after = ctx.stage("transform", () -> model.transformInDriver(x));
    HyperbolicRescalerModel.Points before = identity(model).transformInDriver(x);
    Map<String, Object> summary = summary(model, ids.length, radii(before.radius()), radii(after.radius()));
    StructType schema = new StructType().add(Graph.ID, DataTypes.LongType, true)
        .add("radius", DataTypes.DoubleType, true)
        .add("h", DataTypes.createArrayType(DataTypes.DoubleType, true), true);
    DriverTables.Rows rows = new DriverTables.Rows(schema, ids.length, r -> new GenericInternalRow(new Object[] {
        ids[r], after.radius()[r], UnsafeArrayData.fromPrimitiveArray(after.h()[r])}));
    ctx.stage("write embeddings", () -> DriverTables.write(ctx.hadoopConf(), rows, o.path("embeddings"),
        tableFormat()));
    ctx.stage("write model", () -> model.save(ctx.hadoopConf(), o.path("model")));
    return summary;
  }

  /** The Spark stages; {@code read} is the edge list read in the driver, or null to read it with Spark. */
  private Map<String, Object> rescaleWithSpark(JobContext ctx, AtomicOutput o, HyperbolicRescaler est,
      HyperbolicRescalerModel given, GraphInput read) {
    Dataset<Row> emb = ctx.stage("read embeddings",
        () -> EmbeddingTables.read(ctx.spark(), embeddings).persist(StorageLevel.MEMORY_AND_DISK()));
    if (edges != null) {
      GraphInput input = read != null ? read
          : ctx.stage("read edges", () -> GraphReader.with(ctx.spark()).format(format).read(edges));
      ctx.put("read", input.report().toMap());
      est.setTrainingEdges(input.graph().edges());
    }
    HyperbolicRescalerModel model = given != null
        ? matching(given, emb.agg(org.apache.spark.sql.functions.max(org.apache.spark.sql.functions.size(
            col("embedding")))).first().getInt(0))
        : ctx.stage("fit", () -> est.fit(emb));
    // The unscaled map (identity mode) and the fitted one side by side: one cached table, one statistics job.
    HyperbolicRescalerModel identity = identity(model).setOutputCol("h0").setRadiusCol("radius0");
    Dataset<Row> both = model.transform(identity.transform(emb))
        .select(col(Graph.ID), col("radius0"), col("radius"), col("h")).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> after = both.select(col(Graph.ID), col("radius"), col("h"));
    List<Column> aggs = new java.util.ArrayList<>(List.of(count(lit(1))));
    aggs.addAll(radiusStats("radius0"));
    aggs.addAll(radiusStats("radius"));
    Row stats = ctx.stage("radii", () -> both.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
        .first());
    long n = stats.getLong(0);
    Map<String, Object> summary = summary(model, n, radii(stats, 1, n), radii(stats, 5, n));
    ctx.stage("write embeddings", () -> TableWriter.write(after.orderBy(col(Graph.ID)), o.path("embeddings"),
        tableFormat()));
    ctx.stage("write model", () -> {
      try {
        model.write().save(o.path("model"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    both.unpersist();
    emb.unpersist();
    return summary;
  }

  /** The unscaled map of {@code model}'s ball, block size and input scale (identity mode). */
  private static HyperbolicRescalerModel identity(HyperbolicRescalerModel model) {
    return HyperbolicRescalerModel.of(model.getDimension(), model.getBlockSize(), model.getBlockType(),
        ones(model.getScales().length)).setInputScale(model.getInputScale()).setInputNorm(model.getInputNorm())
        .setCurvature(model.getCurvature());
  }

  /** The saved model of {@code --model}: the folder itself, or its {@code model/} (a rescale output). */
  private HyperbolicRescalerModel readModel(JobContext ctx) {
    String path = model;
    try {
      org.apache.hadoop.fs.Path inner = new org.apache.hadoop.fs.Path(model, "model");
      if (dev.grasp.graph.io.FileSystems.of(inner, ctx.hadoopConf()).exists(new org.apache.hadoop.fs.Path(inner, "metadata"))) {
        path = inner.toString();
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("`--model` cannot be listed: " + model + " (" + e.getMessage() + ")");
    }
    HyperbolicRescalerModel m = HyperbolicRescalerModel.load(ctx.hadoopConf(), path, "--model");
    return m.setInputCol("embedding").setOutputCol("h").setRadiusCol("radius");
  }

  /** {@code m} when its dimension is the embeddings' {@code d}; else the error naming both. */
  private HyperbolicRescalerModel matching(HyperbolicRescalerModel m, int d) {
    if (m.getDimension() != d) {
      throw new IllegalArgumentException("`--model` " + model + " has dimension " + m.getDimension()
          + " (block size " + m.getBlockSize() + "), the embeddings of `--embeddings` " + embeddings + " have " + d);
    }
    return m;
  }

  private static double[] ones(int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, 1.0);
    return a;
  }

  private static Map<String, Object> summary(HyperbolicRescalerModel model, long nodes, Map<String, Object> before,
      Map<String, Object> after) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("nodes", nodes);
    summary.put("dimension", model.getDimension());
    summary.put("inputNorm", model.getInputNorm());
    summary.put("scales", model.getScales());
    summary.put("decoderRadius", model.getDecoderRadius());
    summary.put("decoderTemperature", model.getDecoderTemperature());
    summary.put("trainingLoss", model.getTrainingLoss());
    summary.put("fitEdges", model.getFitPairs().edges());
    summary.put("fitNonEdges", model.getFitPairs().nonEdges());
    summary.put("radiusBefore", before);
    summary.put("radiusAfter", after);
    return summary;
  }

  private TableWriter.Format tableFormat() {
    return out.format() == TableWriter.Format.SNAP ? TableWriter.Format.CSV : out.format();
  }

  /**
   * The exact sum ({@link WideSum}: three columns) and the quantiles (min, p10, p50, p90, max; percentile_approx at
   * full accuracy, which is exact at these sizes) of a radius column: four aggregate columns.
   */
  private static List<Column> radiusStats(String c) {
    List<Column> out = new java.util.ArrayList<>(List.of(WideSum.sum(col(c))));
    out.add(percentile_approx(col(c), array(lit(0.0), lit(0.1), lit(0.5), lit(0.9), lit(1.0)),
        lit(Integer.MAX_VALUE)));
    return out;
  }

  /**
   * The driver twin of {@link #radiusStats}: the mean as an exact sum over the count, and the quantiles
   * percentile_approx returns at full accuracy, the value of rank ⌈q·n⌉ (the smallest for q = 0).
   */
  static Map<String, Object> radii(double[] radius) {
    double[] sorted = radius.clone();
    java.util.Arrays.sort(sorted);
    WideSum.Acc sum = new WideSum.Acc();
    for (double r : radius) {
      sum.add(r);
    }
    int n = sorted.length;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", n == 0 ? null : sum.value("the sum of the radii") / n);
    String[] names = {"min", "p10", "p50", "p90", "max"};
    double[] q = {0.0, 0.1, 0.5, 0.9, 1.0};
    for (int i = 0; i < q.length; i++) {
      m.put(names[i], n == 0 ? null : sorted[(int) Math.max(0, Math.min(n - 1, Math.ceil(q[i] * n) - 1))]);
    }
    return m;
  }

  /** {@link #radiusStats}'s four columns of {@code row}, from {@code at}, as the report's map. */
  private static Map<String, Object> radii(Row row, int at, long n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", n == 0 ? null : WideSum.value(row, at, "the sum of the radii") / n);
    List<Double> q = row.isNullAt(at + 3) ? null : row.getList(at + 3);
    String[] names = {"min", "p10", "p50", "p90", "max"};
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], q == null ? null : q.get(i));
    }
    return m;
  }
}
