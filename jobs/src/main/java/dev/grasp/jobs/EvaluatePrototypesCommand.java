package dev.grasp.jobs;

import static org.apache.spark.sql.functions.col;

import dev.grasp.embedding.eval.PrototypeClassification;
import dev.grasp.embedding.eval.PrototypeClassification.Geometry;
import dev.grasp.graph.Graph;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.EmbeddingTables;
import dev.grasp.graph.io.NodeTables;
import dev.grasp.graph.io.Policies.IdType;
import dev.grasp.graph.util.DriverLocal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grasp evaluate prototypes}: k-shot prototype classification ({@link PrototypeClassification}) of
 * {@code grasp embed} vectors (Euclidean: mean prototypes, cosine) or {@code grasp rescale} points (Poincaré: tangent
 * mean prototypes, hyperbolic distance), accuracy and Macro-F1 over seeded repeats, written as {@code report.json}.
 * Small tables are read in the driver with no Spark session; larger ones by Spark, keeping the labelled nodes'
 * vectors only, which must fit {@value DriverLocal#CONF}.
 */
@Command(name = "prototypes", mixinStandardHelpOptions = true,
    description = "k-shot prototype classification: accuracy and Macro-F1 over seeded repeats (Euclidean or Poincaré).")
public final class EvaluatePrototypesCommand extends GraspCommand {

  @Option(names = "--embeddings", required = true,
      description = "embeddings/ of grasp embed (Euclidean) or of grasp rescale (Poincaré points).")
  String embeddings;

  @Option(names = "--labels", required = true, description = "Labels file: id label per line.")
  String labels;

  @Option(names = "--shots", defaultValue = "5", description = "Labelled nodes per class (default: ${DEFAULT-VALUE}).")
  int shots;

  @Option(names = "--repeats", defaultValue = "10", description = "Seeded support draws (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--geometry", defaultValue = "auto", description = "auto (poincare for rescale's h column, else "
      + "euclidean) | euclidean | poincare (default: ${DEFAULT-VALUE}).")
  String geometry;

  @Option(names = "--curvature", defaultValue = "1.0", description = "c of the Poincaré ball the points lie in "
      + "(default: ${DEFAULT-VALUE}).")
  double curvature;

  @Mixin
  OutputOptions out = new OutputOptions();

  @Override
  protected void validate() {
    params(Geometry.EUCLIDEAN);
    if (!"auto".equalsIgnoreCase(geometry.trim())) {
      Geometry.parse("--geometry", geometry);
    }
  }

  private PrototypeClassification.Params params(Geometry g) {
    return new PrototypeClassification.Params(shots, repeats, seed, g, curvature);
  }

  @Override
  protected void run(JobContext ctx) {
    try (AtomicOutput o = ctx.output(out.path(), out.overwrite())) {
      ctx.param("embeddings", embeddings).param("labels", labels).param("shots", shots).param("repeats", repeats)
          .param("seed", seed).param("geometry", geometry).param("curvature", curvature);
      long maxBytes = ctx.driverMaxBytes();
      EmbeddingTables.Local emb = ctx.stage("read embeddings",
          () -> EmbeddingTables.inDriver(ctx.hadoopConf(), embeddings, maxBytes));
      Map<Long, Set<String>> lab = ctx.stage("read labels",
          () -> NodeTables.labelsInDriver(ctx.hadoopConf(), labels, maxBytes));
      if (lab == null) {
        lab = ctx.stage("read labels with Spark", () -> collectLabels(ctx));
      }
      Map<Long, Set<String>> labelled = lab;
      if (emb == null) {
        emb = ctx.stage("read embeddings with Spark", () -> collectLabelled(ctx, labelled.keySet(), maxBytes));
      }
      EmbeddingTables.Local vectors = emb;
      Set<Long> embedded = new java.util.HashSet<>();
      for (long id : vectors.ids()) {
        embedded.add(id);
      }
      long unknown = labelled.keySet().stream().filter(id -> !embedded.contains(id)).count();
      ctx.put("labelledNodesWithoutEmbedding", unknown);
      if (unknown == labelled.size()) {
        throw new IllegalArgumentException("`--labels` " + labels + ": none of its " + unknown + " nodes has a vector "
            + "in `--embeddings` " + embeddings);
      }
      if (unknown > 0) {
        System.err.println("grasp evaluate prototypes: " + unknown + " labelled node(s) of " + labels
            + " have no vector and are left out");
      }
      Geometry g = "auto".equalsIgnoreCase(geometry.trim())
          ? ("h".equals(vectors.source()) ? Geometry.POINCARE : Geometry.EUCLIDEAN)
          : Geometry.parse("--geometry", geometry);
      PrototypeClassification.Result r = ctx.stage("classify",
          () -> PrototypeClassification.evaluate(vectors.ids(), vectors.x(), labelled, params(g)));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("geometry", r.geometry().name().toLowerCase(java.util.Locale.ROOT));
      m.put("prototype", r.prototype());
      m.put("vectorColumn", vectors.source());
      m.put("shots", r.shots());
      m.put("repeats", r.repeats());
      m.put("accuracy", r.accuracy());
      m.put("accuracyStd", r.accuracyStd());
      m.put("macroF1", r.macroF1());
      m.put("macroF1Std", r.macroF1Std());
      m.put("accuracies", r.accuracies());
      m.put("macroF1s", r.macroF1s());
      m.put("classes", r.classes().size());
      m.put("skippedClasses", r.skippedClasses());
      m.put("multiLabelNodes", r.multiLabelNodes());
      m.put("queriesPerRepeat", r.queries());
      ctx.put("results", m);
      ctx.finish(o);
      System.out.printf("grasp evaluate prototypes: %d-shot %s, %d classes: accuracy %.4f ± %.4f, Macro-F1 %.4f "
          + "± %.4f%nreport: %s/report.json%n", shots, m.get("geometry"), r.classes().size(), r.accuracy(),
          r.accuracyStd(), r.macroF1(), r.macroF1Std(), o.finalPath());
    }
  }

  /** The labels file read by Spark (too large for the driver read), collected: each node's labels. */
  private Map<Long, Set<String>> collectLabels(JobContext ctx) {
    Map<Long, Set<String>> out = new LinkedHashMap<>();
    for (Row r : NodeTables.labels(ctx.spark(), labels, IdType.LONG).collectAsList()) {
      out.computeIfAbsent(r.getLong(0), k -> new LinkedHashSet<>()).add(r.getString(1));
    }
    return out;
  }

  /**
   * The vectors of the labelled nodes only, read by Spark and collected with a row limit; refused, naming the
   * threshold, when they take more than it allows (at least 64 MiB; 8 bytes a coordinate and 64 a node).
   */
  private EmbeddingTables.Local collectLabelled(JobContext ctx, Set<Long> ids, long maxBytes) {
    EmbeddingTables.Table t = EmbeddingTables.readTable(ctx.spark(), embeddings);
    Dataset<Row> keys = ctx.spark().createDataset(List.copyOf(ids), org.apache.spark.sql.Encoders.LONG())
        .toDF(Graph.ID);
    Dataset<Row> labelled = t.rows().join(keys, Graph.ID).select(col(Graph.ID), col("embedding"));
    List<Row> first = labelled.limit(1).collectAsList();
    long budget = Math.max(maxBytes, 1L << 26);
    long room = first.isEmpty() ? 1 : budget / (8L * first.get(0).getList(1).size() + 64);
    List<Row> rows = labelled.limit((int) Math.min(Integer.MAX_VALUE - 1L, room + 1)).collectAsList();
    if (rows.size() > room) {
      throw new IllegalArgumentException("the labelled nodes' vectors take more than the " + budget + " bytes `"
          + DriverLocal.CONF + "` " + maxBytes + " allows; raise it (and the driver memory)");
    }
    long[] out = new long[rows.size()];
    double[][] x = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i).getLong(0);
      x[i] = rows.get(i).getList(1).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }
    return new EmbeddingTables.Local(out, x, t.source());
  }
}
