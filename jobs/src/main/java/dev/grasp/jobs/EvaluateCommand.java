package dev.grasp.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

import dev.grasp.embedding.eval.EdgeSplit;
import dev.grasp.embedding.eval.LinkPrediction;
import dev.grasp.embedding.eval.LinkScorer;
import dev.grasp.embedding.eval.LinkScorers;
import dev.grasp.embedding.eval.NodeClassification;
import dev.grasp.embedding.fastrp.FastRP;
import dev.grasp.embedding.hyperbolic.HyperbolicRescaler;
import dev.grasp.embedding.hyperbolic.HyperbolicRescalerModel;
import dev.grasp.embedding.hyperbolic.PoincareScorer;
import dev.grasp.graph.Graph;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.EmbeddingTables;
import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.NodeTables;
import dev.grasp.graph.io.Policies.IdType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code grasp evaluate node-classification|link-prediction}: embedding quality, written as {@code report.json}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Embedding quality: node classification (Micro/Macro-F1), link prediction (AUC, AP), prototypes.",
    subcommands = {EvaluateCommand.NodeClassificationCmd.class, EvaluateCommand.LinkPredictionCmd.class,
        EvaluateClusteringCommand.class, EvaluatePrototypesCommand.class})
public final class EvaluateCommand implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static double[] ratios(String s) {
    try {
      double[] r = Arrays.stream(s.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
      for (double x : r) {
        if (!(x > 0 && x < 1)) {
          throw new IllegalArgumentException("`--train-ratio` values must be in (0, 1), got " + s);
        }
      }
      return r;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("`--train-ratio` must be comma-separated numbers, got '" + s + "'");
    }
  }

  /** Node classification. */
  @Command(name = "node-classification", mixinStandardHelpOptions = true,
      description = "One-vs-rest logistic regression, Micro/Macro-F1 over seeded splits (multi-label aware).")
  static final class NodeClassificationCmd extends GraspCommand {
    @Option(names = "--embeddings", required = true, description = "Output folder's embeddings/ of grasp embed.")
    String embeddings;

    @Option(names = "--labels", description = "Labels file: id label [label …] per line.")
    String labels;

    @Option(names = "--linqs", description = "LINQS content file whose last column is the class (instead of --labels).")
    String linqs;

    @Option(names = "--train-ratio", defaultValue = "0.5",
        description = "Training share(s), comma separated (default: ${DEFAULT-VALUE}).")
    String trainRatio;

    @Option(names = "--repeats", defaultValue = "5", description = "Seeded splits per ratio (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--seed", defaultValue = "42", description = "Split seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cost", defaultValue = "1.0", description = "Inverse L2 strength C (default: ${DEFAULT-VALUE}).")
    double cost;

    @Mixin
    OutputOptions out = new OutputOptions();

    @Override
    protected void validate() {
      if ((labels == null) == (linqs == null)) {
        throw new IllegalArgumentException("give exactly one of `--labels` and `--linqs`");
      }
      for (double r : ratios(trainRatio)) {
        new NodeClassification.Params(r, repeats, seed, cost, 100, 4, "embedding");
      }
    }

    @Override
    protected void run(JobContext ctx) {
      try (AtomicOutput o = ctx.output(out.path(), out.overwrite())) {
        ctx.param("embeddings", embeddings).param("labels", labels).param("linqs", linqs)
            .param("trainRatio", trainRatio).param("repeats", repeats).param("seed", seed).param("cost", cost);
        long maxBytes = ctx.driverMaxBytes();
        // --linqs labels are read by Spark, and so are the embeddings then (a driver read would be done twice)
        EmbeddingTables.Local localEmb = labels == null ? null : ctx.stage("read embeddings",
            () -> EmbeddingTables.inDriver(ctx.hadoopConf(), embeddings, maxBytes));
        Map<Long, Set<String>> localLab = localEmb == null || labels == null ? null
            : ctx.stage("read labels", () -> NodeTables.labelsInDriver(ctx.hadoopConf(), labels, maxBytes));
        if (localLab != null) {
          runInDriver(ctx, o, localEmb, localLab);
          return;
        }
        Dataset<Row> emb = ctx.stage("read embeddings", () -> EmbeddingTables.read(ctx.spark(), embeddings).cache());
        Dataset<Row> lab = ctx.stage("read labels", () -> labels != null
            ? NodeTables.labels(ctx.spark(), labels, IdType.LONG)
            : NodeTables.linqs(ctx.spark(), linqs, IdType.LONG).select(Graph.ID, NodeTables.LABEL)).cache();
        // Labels of nodes that have no embedding cannot be classified: counted in the report, not silently lost.
        long unknown = ctx.stage("labels without embedding", () -> lab.select(Graph.ID).distinct()
            .join(emb.select(col(Graph.ID).as("eid")), col(Graph.ID).equalTo(col("eid")), "left_anti").count());
        reportUnknown(ctx, unknown);
        List<Map<String, Object>> results = new ArrayList<>();
        for (double r : ratios(trainRatio)) {
          results.add(reported(r, ctx.stage("classify " + r, () -> NodeClassification.evaluate(emb, lab,
              params(r)))));
        }
        finish(ctx, o, results);
      }
    }

    /** The same stages on tables read in the driver: no Spark job. */
    private void runInDriver(JobContext ctx, AtomicOutput o, EmbeddingTables.Local emb, Map<Long, Set<String>> lab) {
      Set<Long> embedded = new java.util.HashSet<>();
      for (long id : emb.ids()) {
        embedded.add(id);
      }
      long unknown = ctx.stage("labels without embedding",
          () -> lab.keySet().stream().filter(id -> !embedded.contains(id)).count());
      reportUnknown(ctx, unknown);
      List<Map<String, Object>> results = new ArrayList<>();
      for (double r : ratios(trainRatio)) {
        results.add(reported(r, ctx.stage("classify " + r,
            () -> NodeClassification.evaluateInDriver(emb.ids(), emb.x(), lab, params(r)))));
      }
      finish(ctx, o, results);
    }

    private NodeClassification.Params params(double ratio) {
      return new NodeClassification.Params(ratio, repeats, seed, cost, 100, 4, "embedding");
    }

    private void reportUnknown(JobContext ctx, long unknown) {
      ctx.put("labelledNodesWithoutEmbedding", unknown);
      if (unknown > 0) {
        System.err.println("grasp evaluate node-classification: " + unknown + " labelled node(s) of "
            + (labels != null ? labels : linqs) + " have no embedding and are left out");
      }
    }

    private static Map<String, Object> reported(double r, NodeClassification.Result res) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("trainRatio", r);
      m.put("microF1", res.microF1());
      m.put("macroF1", res.macroF1());
      m.put("microF1Std", res.microF1Std());
      m.put("macroF1Std", res.macroF1Std());
      m.put("classes", res.classes());
      m.put("labelledNodes", res.labelledNodes());
      System.out.printf("grasp evaluate node-classification: train %.0f %%: Micro-F1 %.4f Macro-F1 %.4f%n",
          100 * r, res.microF1(), res.macroF1());
      return m;
    }

    private static void finish(JobContext ctx, AtomicOutput o, List<Map<String, Object>> results) {
      ctx.put("results", results);
      ctx.finish(o);
      System.out.println("report: " + o.finalPath() + "/report.json");
    }
  }

  /** Link prediction with FastRP computed on the training graph. */
  @Command(name = "link-prediction", mixinStandardHelpOptions = true,
      description = "Hold out edges (seeded), embed the rest with FastRP, AUC/AP of held-out pairs vs non-edges.")
  static final class LinkPredictionCmd extends GraspCommand {
    @Mixin
    InputOptions in = new InputOptions();

    @Mixin
    FastRpOptions fastrp = new FastRpOptions();

    @Option(names = "--test-fraction", defaultValue = "0.1", description = "Held-out share (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--negative-ratio", defaultValue = "1",
        description = "Non-edges per held-out edge (default: ${DEFAULT-VALUE}).")
    double negativeRatio;

    @Option(names = "--score", defaultValue = "cosine", description = "cosine | dot | poincare: poincare maps the "
        + "training-graph embeddings into the Poincaré ball with grasp rescale's model (fitted on the training edges "
        + "only) and scores -d(u, v) (default: ${DEFAULT-VALUE}).")
    String score;

    @Option(names = "--rescale-mode", descriptionKey = "hyperbolic.mode")
    String rescaleMode;

    @Mixin
    HyperbolicOptions hyperbolic = new HyperbolicOptions();

    @Option(names = "--split-seed", defaultValue = "42", description = "Split seed (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Mixin
    OutputOptions out = new OutputOptions();

    private boolean poincare() {
      return "poincare".equalsIgnoreCase(score);
    }

    private LinkPrediction.Params params() {
      LinkScorer scorer;
      if (poincare()) {
        scorer = new PoincareScorer(hyperbolic.curvature);
      } else {
        try {
          scorer = LinkScorers.parse(score);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("`--score` must be one of cosine, dot, poincare, got " + score);
        }
      }
      return new LinkPrediction.Params(testFraction, negativeRatio, splitSeed, scorer,
          poincare() ? "h" : "embedding");
    }

    /** The rescaler of --score poincare (its param validators name bad values); seeded like the split. */
    private HyperbolicRescaler rescaler() {
      return hyperbolic.stage(rescaleMode, splitSeed);
    }

    @Override
    protected void validate() {
      in.validate();
      FastRP f = fastrp.stage(false);
      params();
      if (poincare()) {
        rescaler();
        if (f.getDimension() % hyperbolic.blockSize != 0) {
          throw new IllegalArgumentException("`--block-size` must divide `--dim` " + f.getDimension() + ", got "
              + hyperbolic.blockSize);
        }
      }
    }

    @Override
    protected void run(JobContext ctx) {
      try (AtomicOutput o = ctx.output(out.path(), out.overwrite())) {
        ctx.param("input", in.path()).param("fastrp", fastrp.describe()).param("testFraction", testFraction)
            .param("negativeRatio", negativeRatio).param("score", score).param("splitSeed", splitSeed);
        GraphInput input = ctx.stage("read", () -> in.read(ctx.spark()));
        LinkPrediction.Params p = params();
        FastRP f = fastrp.stage(false);
        EdgeSplit.Split split = ctx.stage("split", () -> EdgeSplit.split(input.graph(), p.testFraction(),
            p.negativeRatio(), p.seed()));
        Dataset<Row> emb = ctx.stage("fastrp on training graph", () -> {
          Dataset<Row> e = f.embed(split.train());
          e.count();
          return e;
        });
        Dataset<Row> scored = emb;
        Map<String, Object> m = new LinkedHashMap<>();
        if (poincare()) {
          ctx.param("rescaleMode", rescaleMode);
          hyperbolic.describe().forEach(ctx::param);
          HyperbolicRescalerModel model = ctx.stage("rescale on training edges",
              () -> rescaler().setTrainingEdges(split.train().edges()).fit(emb));
          scored = model.transform(emb).cache();
          m.put("rescaleMode", rescaleMode);
          m.put("scales", model.getScales());
        }
        Dataset<Row> finalScored = scored;
        LinkPrediction.Result r = ctx.stage("score", () -> LinkPrediction.score(split, finalScored, p));
        m.put("score", r.scorer());
        m.put("trainEdges", r.trainEdges());
        m.put("testPairs", r.testPairs());
        m.put("negativePairs", r.negativePairs());
        m.put("auc", r.auc());
        m.put("averagePrecision", r.averagePrecision());
        ctx.put("results", m);
        ctx.finish(o);
        System.out.printf("grasp evaluate link-prediction: AUC %.4f AP %.4f (%d held-out pairs)%n", r.auc(),
            r.averagePrecision(), r.testPairs());
        System.out.println("report: " + o.finalPath() + "/report.json");
      }
    }
  }
}
