package dev.grasp.embedding.fastrp;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.embedding.eval.LinkPrediction;
import dev.grasp.embedding.eval.LinkScorers;
import dev.grasp.embedding.eval.NodeClassification;
import dev.grasp.graph.Graph;
import dev.grasp.graph.stats.Degrees;
import dev.grasp.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Quality on the shared labelled graphs (email-Eu-core, Cora) and link prediction on wiki-Vote, next to
 * structure-free baselines; slow, so only with {@code -Dgrasp.quality=true}. Appends a markdown table to
 * {@code -Dgrasp.quality.out} (default /tmp/fastrp-quality.md). Settings are the paper's BlogCatalog ones (d, α, β),
 * not tuned to these graphs.
 */
@EnabledIfSystemProperty(named = "grasp.quality", matches = "true")
class FastRPQualityTest {

  private static final double[] RATIOS = {0.1, 0.5, 0.9};
  private static final int REPEATS = Integer.getInteger("grasp.quality.repeats", 3);

  private static FastRP paperSettings() {
    return new FastRP().setDimension(256).setIterationWeights(0.0, 0.0, 1.0, 6.67).setNormalizationStrength(-0.64)
        .setStandardize(true).setSeed(1);
  }

  private static SparkSession spark() {
    return TestSpark.get();
  }

  private static Dataset<Row> pairs(String file, String sep, int a, int b, String ca, String cb) {
    Column parts = split(trim(col("value")), sep);
    return spark().read().text(TestSpark.sharedDataset(file).getPath())
        .filter(col("value").rlike("^[0-9]"))
        .select(parts.getItem(a).cast(DataTypes.LongType).as(ca), parts.getItem(b).cast(DataTypes.LongType).as(cb));
  }

  /** Degree features [log(1+in), log(1+out)]: what a classifier sees without structure beyond counts. */
  private static Dataset<Row> degreeBaseline(Graph g) {
    return Degrees.of(g).select(col(Graph.ID),
        array(log1p(col(Degrees.IN).cast("double")), log1p(col(Degrees.OUT).cast("double"))).as("embedding"));
  }

  /** Appends one row per training ratio; returns Micro-F1 at 50 %. */
  private static double classify(String name, String method, Dataset<Row> emb, Dataset<Row> labels,
      StringBuilder out) {
    double half = Double.NaN;
    emb = emb.cache();
    emb.count();
    for (double r : RATIOS) {
      NodeClassification.Result res = NodeClassification.evaluate(emb, labels,
          NodeClassification.Params.of(r, REPEATS, 2019));
      out.append(String.format(Locale.ROOT, "| %s | %s | %.0f %% | %.3f ± %.3f | %.3f ± %.3f |%n", name, method,
          100 * r, res.microF1(), res.microF1Std(), res.macroF1(), res.macroF1Std()));
      System.out.print(out.substring(out.lastIndexOf("| " + name)));
      if (r == 0.5) {
        half = res.microF1();
      }
    }
    emb.unpersist();
    return half;
  }

  private static void write(StringBuilder sb) throws IOException {
    Path p = Path.of(System.getProperty("grasp.quality.out", "/tmp/fastrp-quality.md"));
    Files.writeString(p, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void emailEuCoreDepartments() throws IOException {
    Graph g = Graph.fromEdges(pairs("email-Eu-core/email-Eu-core.txt", " ", 0, 1, "src", "dst"));
    Dataset<Row> labels = pairs("email-Eu-core/email-Eu-core-department-labels.txt", " ", 0, 1, "id", "label");
    StringBuilder sb = new StringBuilder();
    long t0 = System.nanoTime();
    Dataset<Row> emb = paperSettings().embed(g);
    emb.count();
    sb.append(String.format(Locale.ROOT, "<!-- email-Eu-core FastRP embedding %.1f s -->%n",
        (System.nanoTime() - t0) / 1e9));
    double f = classify("email-Eu-core", "FastRP", emb, labels, sb);
    double b = classify("email-Eu-core", "degree baseline", degreeBaseline(g), labels, sb);
    write(sb);
    assertTrue(f > b, "FastRP " + f + " vs degrees " + b);
  }

  @Test
  void coraClasses() throws IOException {
    Dataset<Row> edges = pairs("cora/cora.cites", "\t", 1, 0, "src", "dst");
    Dataset<Row> content = spark().read().text(TestSpark.sharedDataset("cora/cora.content.gz").getPath())
        .select(split(col("value"), "\t").as("f"));
    // LINQS content: paper id, 1433 binary word indicators, class
    Dataset<Row> vertices = content.selectExpr("cast(f[0] as long) as id",
        "transform(slice(f, 2, size(f) - 2), x -> cast(x as double)) as words", "f[size(f) - 1] as label").cache();
    Graph g = Graph.of(vertices.select("id", "words"), edges);
    Dataset<Row> labels = vertices.select("id", "label");
    StringBuilder sb = new StringBuilder();
    double f = classify("Cora", "FastRP", paperSettings().embed(g), labels, sb);
    classify("Cora", "FastRP + words (propertyRatio 0.5)",
        paperSettings().setFeatureCols("words").setPropertyRatio(0.5).embed(g), labels, sb);
    double b = classify("Cora", "degree baseline", degreeBaseline(g), labels, sb);
    write(sb);
    assertTrue(f > b, "FastRP " + f + " vs degrees " + b);
    vertices.unpersist();
  }

  @Test
  void wikiVoteLinkPrediction() throws IOException {
    Graph g = Graph.fromEdges(pairs("wiki-Vote/wiki-Vote.txt", "\t", 0, 1, "src", "dst"));
    StringBuilder sb = new StringBuilder();
    LinkPrediction.Params cos = new LinkPrediction.Params(0.1, 1.0, 2019, LinkScorers.COSINE, "embedding");
    LinkPrediction.Params dot = new LinkPrediction.Params(0.1, 1.0, 2019, LinkScorers.DOT, "embedding");
    Function<Graph, Dataset<Row>> fastrp = tg -> new FastRP().setDimension(128).setIterationWeights(0.0, 0.0, 1.0, 1.0)
        .setNormalizationStrength(-0.5).setSeed(1).embed(tg);
    // preferential attachment: deg(u)·deg(v) as a dot product of one-dimensional embeddings
    Function<Graph, Dataset<Row>> pa = tg -> Degrees.of(tg).select(col(Graph.ID),
        array(col(Degrees.IN).plus(col(Degrees.OUT)).cast("double")).as("embedding"));
    LinkPrediction.Result f = LinkPrediction.evaluate(g, fastrp, cos);
    LinkPrediction.Result b = LinkPrediction.evaluate(g, pa, dot);
    for (Object[] row : new Object[][] {{"FastRP d=128 α=[0,0,1,1] β=-0.5", f}, {"preferential attachment", b}}) {
      LinkPrediction.Result r = (LinkPrediction.Result) row[1];
      sb.append(String.format(Locale.ROOT, "| wiki-Vote | %s | %s | %d | %d | %.3f | %.3f |%n", row[0], r.scorer(),
          r.trainEdges(), r.testPairs(), r.auc(), r.averagePrecision()));
    }
    System.out.print(sb);
    write(sb);
    assertTrue(f.auc() > 0.5, "FastRP AUC " + f.auc());
  }
}
