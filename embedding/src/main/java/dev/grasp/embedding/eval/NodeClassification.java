package dev.grasp.embedding.eval;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.DriverLocal;
import dev.grasp.graph.util.Parallel;
import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-label node classification with one-vs-rest logistic regression, the protocol of DeepWalk and FastRP: for each
 * repeat a seeded split puts ⌊trainRatio·n⌋ labelled nodes (the lowest Seeds.uniform(seed, repeat, id)) in training;
 * one binary Spark ML logistic regression per class (L2, regParam = 1/(C·n_train), i.e. liblinear/scikit-learn's
 * default C = 1) scores the test nodes; each test node is predicted its k top-scored classes, k its true label count;
 * Micro/Macro-F1 as {@link ClassificationMetrics}. A table that fits the driver ({@link DriverLocal}: n·(8d + 128) bytes)
 * is evaluated there by {@link LocalClassification}, the same objective solved by LIBLINEAR, with no Spark job per
 * optimiser step.
 *
 * <p>Inputs: embeddings {@code id, <embeddingCol>: array<double> | vector}; labels {@code id, label} (one row per
 * (node, label); any type, compared as strings). Output: {@link Result}. Cost: repeats × classes model fits (run
 * {@code parallelism} at a time). References: Perozzi et al., DeepWalk, KDD 2014; Chen et al., FastRP, CIKM 2019.
 */
public final class NodeClassification {

  private static final Logger LOG = LoggerFactory.getLogger(NodeClassification.class);

  private NodeClassification() {}

  /**
   * @param trainRatio share of labelled nodes used for training, in (0, 1)
   * @param repeats number of seeded splits averaged (>= 1)
   * @param seed split seed
   * @param cost inverse L2 strength C (> 0), as liblinear
   * @param maxIter iterations of each fit (>= 1)
   * @param parallelism model fits run concurrently (>= 1)
   * @param embeddingCol embedding column of the embeddings table
   */
  public record Params(double trainRatio, int repeats, long seed, double cost, int maxIter, int parallelism,
      String embeddingCol) {
    public Params {
      if (!(trainRatio > 0 && trainRatio < 1)) {
        throw new IllegalArgumentException("`trainRatio` must be in (0, 1), got " + trainRatio);
      }
      if (repeats < 1) {
        throw new IllegalArgumentException("`repeats` must be >= 1, got " + repeats);
      }
      if (!(cost > 0) || Double.isInfinite(cost)) {
        throw new IllegalArgumentException("`cost` must be a finite number > 0, got " + cost);
      }
      if (maxIter < 1) {
        throw new IllegalArgumentException("`maxIter` must be >= 1, got " + maxIter);
      }
      if (parallelism < 1) {
        throw new IllegalArgumentException("`parallelism` must be >= 1, got " + parallelism);
      }
    }

    /** C = 1, 100 iterations, 4 concurrent fits, column {@code embedding}. */
    public static Params of(double trainRatio, int repeats, long seed) {
      return new Params(trainRatio, repeats, seed, 1.0, 100, 4, "embedding");
    }
  }

  /** Mean and population standard deviation over the repeats, and every repeat's figures. */
  public record Result(double trainRatio, int repeats, double microF1, double macroF1, double microF1Std,
      double macroF1Std, double[] microPerRepeat, double[] macroPerRepeat, int classes, long labelledNodes) {
  }

  public static Result evaluate(Dataset<Row> embeddings, Dataset<Row> labels, Params p) {
    Column features = embeddings.schema().apply(p.embeddingCol()).dataType().equals(SQLDataTypes.VectorType())
        ? col(p.embeddingCol()) : functions.array_to_vector(col(p.embeddingCol()));
    Dataset<Row> truth = labels.select(col(Graph.ID).cast(DataTypes.LongType).as(Graph.ID),
        col("label").cast(DataTypes.StringType).as("label")).distinct();
    List<String> classes = new ArrayList<>();
    for (Row r : truth.select("label").distinct().orderBy("label").collectAsList()) {
      classes.add(r.getString(0));
    }
    Dataset<Row> data = truth.groupBy(Graph.ID).agg(collect_set("label").as("labels"))
        .join(embeddings.select(col(Graph.ID), features.as("features")), Graph.ID)
        // evaluation tables are small: one partition spares each optimiser step a task per partition
        .coalesce(1)
        .cache();
    long n = data.count();
    long nTrain = trainCount(p, n);
    int d = data.first().<org.apache.spark.ml.linalg.Vector>getAs("features").size();
    if (DriverLocal.fits(data.sparkSession(), n * (8L * d + 128L))) {
      List<LocalClassification.Node> nodes = new ArrayList<>();
      for (Row r : data.collectAsList()) {
        nodes.add(new LocalClassification.Node(r.getLong(0), new HashSet<>(r.<String>getList(1)),
            r.<org.apache.spark.ml.linalg.Vector>getAs(2).toArray()));
      }
      data.unpersist(false);
      LOG.info("node classification in the driver: {} labelled nodes x {} dimensions", n, d);
      return LocalClassification.evaluate(nodes, classes, (int) nTrain, p);
    }
    double[] micro = new double[p.repeats()];
    double[] macro = new double[p.repeats()];
    try {
      for (int r = 0; r < p.repeats(); r++) {
        Dataset<Row> ranked = data.withColumn("rank", row_number().over(
            Window.orderBy(Seeds.uniform(p.seed(), lit((long) r), col(Graph.ID)), col(Graph.ID))));
        Dataset<Row> train = ranked.filter(col("rank").leq(nTrain)).drop("rank").cache();
        Dataset<Row> test = ranked.filter(col("rank").gt(nTrain)).drop("rank").cache();
        train.count();
        test.count();
        List<Callable<Dataset<Row>>> fits = new ArrayList<>();
        for (String c : classes) {
          fits.add(() -> classScores(train, test, c, nTrain, p));
        }
        Dataset<Row> scores = null;
        for (Dataset<Row> s : Parallel.all(p.parallelism(), fits)) {
          scores = scores == null ? s : scores.union(s);
        }
        List<ClassificationMetrics.ClassCounts> counts = counts(scores, test, classes);
        micro[r] = ClassificationMetrics.microF1(counts);
        macro[r] = ClassificationMetrics.macroF1(counts);
        LOG.info("node classification repeat {}/{} at train ratio {}: Micro-F1 {} Macro-F1 {}", r + 1, p.repeats(),
            p.trainRatio(), micro[r], macro[r]);
        train.unpersist(false);
        test.unpersist(false);
      }
    } finally {
      data.unpersist(false);
    }
    return result(p, micro, macro, classes.size(), n);
  }

  /**
   * {@link #evaluate} on tables held in the driver: embeddings {@code x[i]} of {@code ids[i]} and every labelled node's
   * labels. The same nodes (labelled and embedded), classes (every label, in Spark's string order), splits and fits,
   * so the same result; no Spark job.
   */
  public static Result evaluateInDriver(long[] ids, double[][] x, Map<Long, Set<String>> labels, Params p) {
    Map<Long, double[]> byId = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      byId.put(ids[i], x[i]);
    }
    java.util.TreeSet<org.apache.spark.unsafe.types.UTF8String> sorted = new java.util.TreeSet<>();
    List<LocalClassification.Node> nodes = new ArrayList<>();
    for (Map.Entry<Long, Set<String>> e : labels.entrySet()) {
      for (String l : e.getValue()) {
        sorted.add(org.apache.spark.unsafe.types.UTF8String.fromString(l));
      }
      double[] v = byId.get(e.getKey());
      if (v != null) {
        nodes.add(new LocalClassification.Node(e.getKey(), new HashSet<>(e.getValue()), v));
      }
    }
    List<String> classes = new ArrayList<>();
    for (org.apache.spark.unsafe.types.UTF8String c : sorted) {
      classes.add(c.toString());
    }
    long n = nodes.size();
    long nTrain = trainCount(p, n);
    LOG.info("node classification in the driver (tables read there): {} labelled nodes x {} dimensions", n,
        nodes.get(0).x().length);
    return LocalClassification.evaluate(nodes, classes, (int) nTrain, p);
  }

  /** ⌊ratio · n⌋ training nodes; refused when it leaves no train or no test node. */
  private static long trainCount(Params p, long n) {
    long nTrain = (long) Math.floor(p.trainRatio() * n);
    if (nTrain < 1 || nTrain >= n) {
      throw new IllegalArgumentException("`trainRatio` " + p.trainRatio() + " leaves no train or no test node among "
          + n + " labelled nodes with an embedding");
    }
    return nTrain;
  }

  static Result result(Params p, double[] micro, double[] macro, int classes, long n) {
    return new Result(p.trainRatio(), p.repeats(), mean(micro), mean(macro), std(micro), std(macro), micro, macro,
        classes, n);
  }

  /** {@code id, label, score} of class {@code c} for every test node, collected (small) so fits can run in parallel. */
  private static Dataset<Row> classScores(Dataset<Row> train, Dataset<Row> test, String c, long nTrain, Params p) {
    Dataset<Row> t = train.select(col("features"),
        when(array_contains(col("labels"), c), 1.0).otherwise(0.0).as("y"));
    Dataset<Row> scored;
    if (t.filter(col("y").equalTo(1.0)).isEmpty()) {
      // no positive example: this class is never the better guess
      scored = test.select(col(Graph.ID), lit(c).as("label"), lit(Double.NEGATIVE_INFINITY).as("score"));
    } else {
      LogisticRegressionModel m = new LogisticRegression().setLabelCol("y").setFeaturesCol("features")
          .setMaxIter(p.maxIter()).setRegParam(1.0 / (p.cost() * nTrain)).setElasticNetParam(0.0)
          .setFamily("binomial").fit(t);
      scored = m.transform(test.select(Graph.ID, "features"))
          .select(col(Graph.ID), lit(c).as("label"), functions.vector_to_array(col("rawPrediction"), "float64")
              .getItem(1).as("score"));
    }
    return test.sparkSession().createDataFrame(scored.collectAsList(), scored.schema());
  }

  private static List<ClassificationMetrics.ClassCounts> counts(Dataset<Row> scores, Dataset<Row> test,
      List<String> classes) {
    Dataset<Row> k = test.select(col(Graph.ID), size(col("labels")).as("k"));
    Dataset<Row> predicted = scores.join(k, Graph.ID)
        .withColumn("pos", row_number().over(Window.partitionBy(Graph.ID)
            .orderBy(col("score").desc(), col("label"))))
        .filter(col("pos").leq(col("k")))
        .select(Graph.ID, "label");
    Dataset<Row> actual = test.select(col(Graph.ID), explode(col("labels")).as("label"));
    Map<String, long[]> c = new HashMap<>();
    for (String l : classes) {
      c.put(l, new long[3]);
    }
    for (Row r : predicted.groupBy("label").agg(count(lit(1))).collectAsList()) {
      c.get(r.getString(0))[1] += r.getLong(1);
    }
    for (Row r : actual.groupBy("label").agg(count(lit(1))).collectAsList()) {
      c.get(r.getString(0))[2] += r.getLong(1);
    }
    for (Row r : predicted.join(actual,
        scala.collection.JavaConverters.asScalaBuffer(List.of(Graph.ID, "label")).toSeq())
        .groupBy("label").agg(count(lit(1))).collectAsList()) {
      c.get(r.getString(0))[0] += r.getLong(1);
    }
    List<ClassificationMetrics.ClassCounts> out = new ArrayList<>();
    for (String l : classes) {
      long[] v = c.get(l);
      // v: tp, predicted, actual
      out.add(new ClassificationMetrics.ClassCounts(l, v[0], v[1] - v[0], v[2] - v[0]));
    }
    return out;
  }

  /** The mean of {@code v}. */
  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** The population standard deviation of {@code v}. */
  static double std(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / v.length);
  }
}
