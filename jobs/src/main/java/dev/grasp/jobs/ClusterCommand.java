package dev.grasp.jobs;

import static org.apache.spark.sql.functions.col;

import dev.grasp.embedding.amg.AmgClustering;
import dev.grasp.embedding.amg.AmgParams;
import dev.grasp.embedding.amg.AttributeWeightSearch;
import dev.grasp.embedding.amg.AugmentedGraph;
import dev.grasp.embedding.amg.PicBaseline;
import dev.grasp.graph.Graph;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.DriverTables;
import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.GraphReader;
import dev.grasp.graph.io.NodeTables;
import dev.grasp.graph.io.Policies.IdType;
import dev.grasp.graph.io.TableWriter;
import dev.grasp.graph.stats.LocalGraph;
import dev.grasp.graph.util.LineageCutter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grasp cluster}: attributed graph clustering by Bootstrap AMG ({@code --method amg}) or MLlib power iteration
 * clustering ({@code --method pic}), written as {@code clusters/} ({@code id, cluster}; CSV {@code id,cluster}) with
 * {@code report.json} (modularity of the kept run, embedding dimension, hierarchy convergence, level sizes and
 * coarsening ratios, the Ritz values of the vectors k-means sees, every restart's modularity and Lloyd iterations).
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Attributed graph clustering: Bootstrap AMG (amg) or power iteration clustering (pic).")
public final class ClusterCommand extends GraspCommand {

  @Mixin
  InputOptions in = new InputOptions();

  @Option(names = "--attributes", description = "Node attributes: LINQS content file or CSV id,attribute,value.")
  String attributes;

  @Option(names = "--attribute-format", defaultValue = "linqs",
      description = "linqs (binary words: one attribute per present word) | csv (header id,attribute,value)"
          + " (default: ${DEFAULT-VALUE}).")
  String attributeFormat;

  @Option(names = "--attribute-weight", defaultValue = "auto",
      description = "Weight of the attribute edges: a number >= 0 (0 = structure only), or auto: of {0, 0.1, 0.3, "
          + "1, 3} x (mean degree / mean attribute rows per vertex), the weight whose clusters best predict a "
          + "held-out tenth of the edges and attribute rows (one clustering per weight; docs/amg-clustering.md) "
          + "(default: ${DEFAULT-VALUE}).")
  String attributeWeight;

  @Option(names = "--k", required = true, description = "Number of clusters.")
  int k;

  @Option(names = "--method", defaultValue = "amg", description = "amg | pic (default: ${DEFAULT-VALUE}).")
  String method;

  // amg's help and defaults come from AmgClusteringEstimator's params (StageParams: descriptionKey "amg.<param>").
  @Option(names = "--seed", descriptionKey = "amg.seed")
  long seed;

  @Option(names = "--hierarchies", descriptionKey = "amg.maxHierarchies")
  int hierarchies;

  @Option(names = "--iterations", descriptionKey = "amg.iterationsPerHierarchy")
  int iterations;

  @Option(names = "--restarts", descriptionKey = "amg.restarts")
  int restarts;

  @Option(names = "--coarsest-size", descriptionKey = "amg.coarsestSize")
  int coarsestSize;

  @Option(names = "--pic-iterations", defaultValue = "20", description = "pic: power iterations (default: ${DEFAULT-VALUE}).")
  int picIterations;

  @Option(names = "--weighted", description = "Use input edge weights (default: every edge weighs 1).")
  boolean weighted;

  @Option(names = "--embedding", description = "amg: also write the embedding as embedding/ (id, embedding).")
  boolean writeEmbedding;

  @Mixin
  OutputOptions out = new OutputOptions();

  /** Whether the attribute weight is chosen by {@link AttributeWeightSearch} (attributes given, weight "auto"). */
  private boolean searchWeight() {
    return attributes != null && attributeWeight.trim().equalsIgnoreCase("auto");
  }

  /** The fixed attribute weight (0 while a search is to choose it, or without attributes and "auto"). */
  private double fixedWeight() {
    if (attributeWeight.trim().equalsIgnoreCase("auto")) {
      return 0.0;
    }
    double w;
    try {
      w = Double.parseDouble(attributeWeight.trim());
    } catch (NumberFormatException e) {
      w = Double.NaN;
    }
    if (!(w >= 0) || Double.isInfinite(w)) {
      throw new IllegalArgumentException("`--attribute-weight` must be a number >= 0 or auto, got '"
          + attributeWeight + "'");
    }
    return w;
  }

  private AmgParams params() {
    return AmgParams.defaults(k).withSeed(seed).withAttributeWeight(fixedWeight()).withMaxHierarchies(hierarchies)
        .withIterationsPerHierarchy(iterations).withRestarts(restarts).withUseEdgeWeights(weighted)
        .withCoarsestSize(coarsestSize);
  }

  @Override
  protected void validate() {
    in.validate();
    out.format();
    String m = method.toLowerCase(Locale.ROOT);
    if (!m.equals("amg") && !m.equals("pic")) {
      throw new IllegalArgumentException("`--method` must be amg or pic, got '" + method + "'");
    }
    String f = attributeFormat.toLowerCase(Locale.ROOT);
    if (!f.equals("linqs") && !f.equals("csv")) {
      throw new IllegalArgumentException("`--attribute-format` must be linqs or csv, got '" + attributeFormat + "'");
    }
    if (picIterations < 1) {
      throw new IllegalArgumentException("`--pic-iterations` must be >= 1, got " + picIterations);
    }
    if (coarsestSize < 2) {
      throw new IllegalArgumentException("`--coarsest-size` must be >= 2, got " + coarsestSize);
    }
    params();
  }

  /**
   * Long-format attributes ({@code id, attribute, value}) from a LINQS content file or a CSV with a header; with
   * string ids (the input's {@code --id-type}) the ids are hashed as the edge reader hashes them.
   */
  static Dataset<Row> readAttributes(SparkSession spark, String path, String format, IdType idType) {
    if (format.equalsIgnoreCase("linqs")) {
      return AugmentedGraph.fromBinaryFeatures(NodeTables.linqs(spark, path, idType), Graph.ID,
          NodeTables.FEATURES);
    }
    Dataset<Row> df = spark.read().option("header", "true").csv(path);
    Column id = idType == IdType.STRING ? dev.grasp.graph.io.IdMapping.idOf(col(Graph.ID).cast("string"))
        : col(Graph.ID).cast("long");
    return df.select(id.as(Graph.ID), col(AugmentedGraph.ATTRIBUTE).cast("string")
        .as(AugmentedGraph.ATTRIBUTE), col(AugmentedGraph.VALUE).cast("string").as(AugmentedGraph.VALUE));
  }

  @Override
  protected void run(JobContext ctx) {
    try (AtomicOutput o = ctx.output(out.path(), out.overwrite())) {
      AmgParams p = params();
      ctx.param("input", in.path()).param("format", in.format).param("undirected", in.undirected)
          .param("attributes", attributes).param("attributeFormat", attributeFormat)
          .param("attributeWeight", attributeWeight).param("method", method)
          .param("params", p.toString()).param("outputFormat", out.outputFormat);
      long maxBytes = ctx.driverMaxBytes();
      boolean driver = method.equalsIgnoreCase("amg") && attributes == null && !p.useEdgeWeights();
      Object read = ctx.stage("read", () -> {
        Optional<GraphReader.Local> local = driver ? in.readInDriver(ctx.hadoopConf(), maxBytes) : Optional.empty();
        return local.isPresent() ? local.get() : in.read(ctx.spark());
      });
      Optional<AmgClustering.Local> result = Optional.empty();
      if (read instanceof GraphReader.Local l) {
        LocalGraph g = LocalGraph.of(l.graph(), maxBytes);
        if (g != null) {
          result = ctx.stage("amg", () -> AmgClustering.with(p).runInDriver(g));
        }
      }
      Map<String, Object> summary;
      if (result.isPresent()) {
        GraphReader.Local l = (GraphReader.Local) read;
        ctx.put("read", l.report().toMap());
        summary = writeInDriver(ctx, o, result.get());
        summary.put("nodes", l.report().vertices());
      } else {
        GraphInput input = read instanceof GraphReader.Local l ? l.toSpark(ctx.spark()) : (GraphInput) read;
        ctx.put("read", input.report().toMap());
        summary = clusterWithSpark(ctx, o, p, input.graph());
        summary.put("nodes", input.report().vertices());
      }
      ctx.put("summary", summary);
      ctx.finish(o);
      System.out.println("grasp cluster: " + summary.get("nodes") + " nodes in " + summary.get("clusters")
          + " clusters (" + method + ") -> " + o.finalPath());
    }
  }

  /** The driver path's tables ({@link DriverTables}) and summary; the same rows as the Spark stages write. */
  private Map<String, Object> writeInDriver(JobContext ctx, AtomicOutput o, AmgClustering.Local r) {
    Map<String, Object> summary = amgSummary(r.modularity(), r.dimension(), r.convergence(), r.smoothRayleigh(),
        r.levelSizes(), r.ritzValues(), r.restartModularity(), r.restartIterations());
    long[] ids = r.ids();
    if (writeEmbedding) {
      ctx.stage("write embedding", () -> DriverTables.write(ctx.hadoopConf(), new DriverTables.Rows(
          AmgClustering.Local.EMBEDDINGS, ids.length, v -> new GenericInternalRow(new Object[] {ids[v],
              UnsafeArrayData.fromPrimitiveArray(r.embedding()[v])})), o.path("embedding"), tableFormat()));
    }
    ctx.stage("write clusters", () -> DriverTables.write(ctx.hadoopConf(), new DriverTables.Rows(
        AmgClustering.Local.ASSIGNMENTS, ids.length, v -> new GenericInternalRow(new Object[] {ids[v],
            r.cluster()[v]})), o.path("clusters"), tableFormat()));
    summary.put("clusters", java.util.Arrays.stream(r.cluster()).distinct().count());
    return summary;
  }

  /** The Spark stages: attributes read, AMG or PIC, clusters (and embedding) written; returns the summary. */
  private Map<String, Object> clusterWithSpark(JobContext ctx, AtomicOutput o, AmgParams p, Graph g) {
    Dataset<Row> attrs = attributes == null ? null
        : ctx.stage("read attributes",
            () -> readAttributes(ctx.spark(), attributes, attributeFormat, in.idType()).cache());
    TableWriter.Format fmt = tableFormat();
    boolean pic = method.equalsIgnoreCase("pic");
    AttributeWeightSearch.Choice choice = !searchWeight() ? null : ctx.stage("attribute weight",
        () -> AttributeWeightSearch.choose(g, attrs, p.seed(), AttributeWeightSearch.FACTORS, (train, a, w) -> pic
            ? PicBaseline.run(train, a, w, k, picIterations, "degree", weighted)
            : AmgClustering.with(p.withAttributeWeight(w)).run(train, a).assignments()));
    double weight = choice == null ? p.attributeWeight() : choice.weight();
    if (choice != null) {
      ctx.param("params", p.withAttributeWeight(weight).toString()); // the parameters the clusters were made with
    }
    Map<String, Object> summary;
    Dataset<Row> clusters;
    if (pic) {
      summary = new LinkedHashMap<>();
      clusters = ctx.stage("pic", () -> LineageCutter.materialize(PicBaseline.run(g, attrs, weight, k,
          picIterations, "degree", weighted), "pic-clusters"));
    } else {
      AmgClustering.Result r = ctx.stage("amg", () -> AmgClustering.with(p.withAttributeWeight(weight)).run(g,
          attrs));
      clusters = r.assignments();
      summary = amgSummary(r.modularity(), r.dimension(), r.convergence(), r.smoothRayleigh(), r.levelSizes(),
          r.ritzValues(), r.restartModularity(), r.restartIterations());
      if (writeEmbedding) {
        ctx.stage("write embedding", () -> TableWriter.write(r.embedding().orderBy(Graph.ID), o.path("embedding"),
            fmt));
      }
    }
    if (attrs != null) {
      summary.put("attributeWeight", weight);
    }
    if (choice != null) {
      summary.put("attributeWeightSearch", searchSummary(choice));
      System.out.println("grasp cluster: attribute weight " + weight + " chosen by held-out likelihood");
    }
    ctx.stage("write clusters", () -> TableWriter.write(clusters.orderBy(Graph.ID), o.path("clusters"), fmt));
    summary.put("clusters", ctx.stage("count clusters", () -> clusters.select("cluster").distinct().count()));
    return summary;
  }

  private static Map<String, Object> amgSummary(double modularity, int dimension, double[] convergence,
      double[] smoothRayleigh, List<List<Long>> levelSizes, double[] ritzValues, double[] restartModularity,
      int[] restartIterations) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("modularity", modularity);
    summary.put("dimension", dimension);
    summary.put("convergence", java.util.Arrays.stream(convergence).boxed().toList());
    summary.put("smoothRayleigh", java.util.Arrays.stream(smoothRayleigh).boxed().toList());
    summary.put("levelSizes", levelSizes);
    summary.put("coarseningRatios", coarseningRatios(levelSizes));
    summary.put("ritzValues", java.util.Arrays.stream(ritzValues).boxed().toList());
    summary.put("restartModularity", java.util.Arrays.stream(restartModularity).boxed().toList());
    summary.put("restartLloydIterations", java.util.Arrays.stream(restartIterations).boxed().toList());
    return summary;
  }

  /** The search's figures for report.json: per grid weight the edge, value and total bits; the held-out sizes. */
  private static Map<String, Object> searchSummary(AttributeWeightSearch.Choice c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scale", c.scale());
    m.put("factors", java.util.Arrays.stream(AttributeWeightSearch.FACTORS).boxed().toList());
    m.put("heldOutFraction", AttributeWeightSearch.HELD_OUT);
    m.put("heldOutPairs", c.heldOutPairs());
    m.put("heldOutValues", c.heldOutValues());
    List<Map<String, Object>> rows = new java.util.ArrayList<>();
    for (AttributeWeightSearch.Score sc : c.scores()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("weight", sc.weight());
      r.put("edgeBits", sc.edgeBits());
      r.put("valueBits", sc.valueBits());
      r.put("totalBits", sc.totalBits());
      rows.add(r);
    }
    m.put("scores", rows);
    return m;
  }

  private TableWriter.Format tableFormat() {
    return out.format() == TableWriter.Format.SNAP ? TableWriter.Format.CSV : out.format();
  }

  /** Per hierarchy, each level's vertex count over the finer level's (1 would mean the coarsening stalled). */
  static List<List<Double>> coarseningRatios(List<List<Long>> levelSizes) {
    List<List<Double>> out = new java.util.ArrayList<>();
    for (List<Long> h : levelSizes) {
      List<Double> r = new java.util.ArrayList<>();
      for (int i = 1; i < h.size(); i++) {
        r.add(Math.round(1000.0 * h.get(i) / h.get(i - 1)) / 1000.0);
      }
      out.add(r);
    }
    return out;
  }
}
