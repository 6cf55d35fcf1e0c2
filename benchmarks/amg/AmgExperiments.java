import dev.grasp.embedding.amg.AmgClustering;
import dev.grasp.embedding.amg.AmgParams;
import dev.grasp.embedding.amg.PicBaseline;
import dev.grasp.embedding.eval.ClusteringMetrics;
import dev.grasp.graph.Graph;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The measurements of docs/amg-clustering.md, local[2]: {@code BENCH_JAVA_OPTS=-Dgrasp.experiments=sbm,cora,webkb
 * benchmarks/java.sh benchmarks/amg/AmgExperiments.java} (any of the three); prints markdown rows to stdout and
 * appends them to {@code /tmp/amg-experiments.md}. Datasets come from $GRASP_SHARED_DIR/datasets, else
 * ../shared/datasets.
 * Overrides: {@code grasp.methods}, {@code grasp.weights}, {@code grasp.hierarchies}, {@code grasp.iterations},
 * {@code grasp.ritz}, {@code grasp.restarts}, {@code grasp.kmeansIter}, {@code grasp.rounds} (matching rounds).
 */
public final class AmgExperiments {

  private static PrintStream out;
  private static SparkSession spark;

  public static void main(String[] args) throws IOException {
    spark = SparkSession.builder().master(System.getProperty("spark.master", "local[2]")).appName("amg-experiments")
        .config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setCheckpointDir(System.getProperty("java.io.tmpdir") + "/amg-experiments-checkpoints");
    attributedSbm();
    cora();
    webkb();
    spark.stop();
  }

  private static File sharedDataset(String name) {
    String shared = System.getenv("GRASP_SHARED_DIR");
    return new File(shared != null && !shared.isBlank() ? shared + "/datasets" : "../shared/datasets", name);
  }

  private static synchronized void row(String s) {
    System.out.println("EXP " + s);
    try {
      if (out == null) {
        out = new PrintStream(new java.io.FileOutputStream("/tmp/amg-experiments.md", true), true, "UTF-8");
      }
      out.println(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean wanted(String name) {
    return System.getProperty("grasp.experiments", "").contains(name);
  }

  private static boolean method(String m) {
    String all = System.getProperty("grasp.methods", "amgS,amgA,picS,picA");
    return java.util.Arrays.asList(all.split(",")).contains(m);
  }

  private static double[] weights() {
    String w = System.getProperty("grasp.weights", "0.1,0.5,1.0");
    String[] parts = w.split(",");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Double.parseDouble(parts[i]);
    }
    return out;
  }

  private static AmgParams base(int k) {
    AmgParams p = AmgParams.defaults(k);
    p = p.withMaxHierarchies(Integer.getInteger("grasp.hierarchies", p.maxHierarchies()));
    p = p.withIterationsPerHierarchy(Integer.getInteger("grasp.iterations", p.iterationsPerHierarchy()));
    p = p.withRitzDimensions(Integer.getInteger("grasp.ritz", p.ritzDimensions()));
    p = p.withRestarts(Integer.getInteger("grasp.restarts", 5));
    p = p.withKmeansMaxIter(Integer.getInteger("grasp.kmeansIter", p.kmeansMaxIter()));
    p = p.withMatchingRounds(Integer.getInteger("grasp.rounds", p.matchingRounds()));
    return p;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static void evaluate(String dataset, String method, Graph g, Dataset<Row> labels, Dataset<Row> attrs,
      Dataset<Row> clusters, long millis) {
    ClusteringMetrics.Report r = ClusteringMetrics.evaluate(g, attrs, labels, clusters, false);
    row("| " + dataset + " | " + method + " | " + fmt(r.nmi()) + " | " + fmt(r.ari()) + " | " + fmt(r.modularity())
        + " | " + fmt(r.density()) + " | " + (attrs == null ? "–" : fmt(r.entropy())) + " | " + millis / 1000.0 + " |");
  }

  private static void compare(String dataset, Graph g, Dataset<Row> labels, Dataset<Row> attrs, int k) {
    compare(dataset, g, labels, attrs, k, true);
  }

  private static void compare(String dataset, Graph g, Dataset<Row> labels, Dataset<Row> attrs, int k,
      boolean structure) {
    g.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    long t0 = System.currentTimeMillis();
    Dataset<Row> c;
    if (structure && method("amgS")) {
      c = AmgClustering.with(base(k).withAttributeWeight(0.0)).run(g).assignments();
      evaluate(dataset, "amg structure", g, labels, attrs, c, System.currentTimeMillis() - t0);
    }
    if (attrs != null && method("amgA")) {
      for (double w : weights()) {
        t0 = System.currentTimeMillis();
        c = AmgClustering.with(base(k).withAttributeWeight(w)).run(g, attrs).assignments();
        evaluate(dataset, "amg attr w=" + w, g, labels, attrs, c, System.currentTimeMillis() - t0);
      }
    }
    if (structure && method("picS")) {
      t0 = System.currentTimeMillis();
      c = PicBaseline.run(g, null, 0.0, k, 20, "degree", false);
      evaluate(dataset, "PIC structure", g, labels, attrs, c, System.currentTimeMillis() - t0);
    }
    if (attrs != null && method("picA")) {
      for (double w : new double[] {1.0}) {
        t0 = System.currentTimeMillis();
        c = PicBaseline.run(g, attrs, w, k, 20, "degree", false);
        evaluate(dataset, "PIC augmented w=" + w, g, labels, attrs, c, System.currentTimeMillis() - t0);
      }
    }
  }

  static void attributedSbm() {
    if (!wanted("sbm")) {
      return;
    }
    long nodes = Long.getLong("grasp.sbmNodes", 300L);
    // Cases "ambiguous:0.9,clear:0.3,…"; default all eight.
    String cases = System.getProperty("grasp.sbmCases",
        "clear:0.3,clear:0.5,clear:0.7,clear:0.9,ambiguous:0.3,ambiguous:0.5,ambiguous:0.7,ambiguous:0.9");
    boolean structureDone = Boolean.getBoolean("grasp.sbmStructureEveryCase");
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String c : cases.split(",")) {
      String name = c.split(":")[0];
      double p = Double.parseDouble(c.split(":")[1]);
      double mixing = name.equals("clear") ? 0.2 : 0.6;
      Graph raw = new dev.grasp.graph.gen.AttributedSbm(nodes, 3, 10.0, mixing, 1, 3, p, 17L, 2)
          .generate(spark);
      raw.vertices().cache();
      Graph g = Graph.of(raw.vertices().select("id"), raw.edges());
      Dataset<Row> labels = raw.vertices().selectExpr("id", "block as label");
      Dataset<Row> attrs = raw.vertices().selectExpr("id", "'attr0' as attribute", "cast(attr0 as string) as value");
      // The edges do not depend on the agreement p: structure-only runs once per structure.
      compare("sbm " + name + " mixing=" + mixing + " p=" + p, g, labels, attrs, 3, structureDone || seen.add(name));
    }
  }

  static void cora() throws IOException {
    if (!wanted("cora")) {
      return;
    }
    File dir = sharedDataset("cora");
    Linqs l = Linqs.read(new File(dir, "cora.cites"), new File(dir, "cora.content.gz"));
    compare("cora", l.graph, l.labels, l.attributes, 7);
  }

  static void webkb() throws IOException {
    if (!wanted("webkb")) {
      return;
    }
    for (String name : new String[] {"cornell", "texas"}) {
      File dir = sharedDataset("webkb-" + name);
      Linqs l = Linqs.read(new File(dir, name + ".cites"), new File(dir, name + ".content"));
      compare("webkb " + name, l.graph, l.labels, l.attributes, 5);
    }
  }

  /** A LINQS dataset read on the driver (small files); string ids numbered in sorted order. */
  static final class Linqs {
    Graph graph;
    Dataset<Row> labels;
    Dataset<Row> attributes;

    static Linqs read(File cites, File content) throws IOException {
      List<String[]> contentRows = lines(content);
      List<String[]> citeRows = lines(cites);
      TreeSet<String> names = new TreeSet<>();
      contentRows.forEach(r -> names.add(r[0]));
      citeRows.forEach(r -> {
        names.add(r[0]);
        names.add(r[1]);
      });
      Map<String, Long> id = new HashMap<>();
      for (String n : names) {
        id.put(n, (long) id.size());
      }
      List<Row> v = new ArrayList<>();
      names.forEach(n -> v.add(RowFactory.create(id.get(n))));
      List<Row> e = new ArrayList<>();
      for (String[] r : citeRows) {
        e.add(RowFactory.create(id.get(r[1]), id.get(r[0])));
      }
      List<Row> lab = new ArrayList<>();
      List<Row> att = new ArrayList<>();
      for (String[] r : contentRows) {
        long i = id.get(r[0]);
        lab.add(RowFactory.create(i, r[r.length - 1]));
        for (int c = 1; c < r.length - 1; c++) {
          if (!r[c].equals("0")) {
            att.add(RowFactory.create(i, "w" + (c - 1), "1"));
          }
        }
      }
      Linqs l = new Linqs();
      l.graph = Graph.of(spark.createDataFrame(v, new StructType().add("id", DataTypes.LongType)),
          spark.createDataFrame(e, new StructType().add("src", DataTypes.LongType).add("dst", DataTypes.LongType)));
      l.labels = spark.createDataFrame(lab,
          new StructType().add("id", DataTypes.LongType).add("label", DataTypes.StringType));
      l.attributes = spark.createDataFrame(att, new StructType().add("id", DataTypes.LongType)
          .add("attribute", DataTypes.StringType).add("value", DataTypes.StringType));
      return l;
    }

    private static List<String[]> lines(File f) throws IOException {
      List<String[]> rows = new ArrayList<>();
      var in = f.getName().endsWith(".gz") ? new GZIPInputStream(new FileInputStream(f)) : new FileInputStream(f);
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isBlank()) {
            rows.add(line.trim().split("\\s+"));
          }
        }
      }
      return rows;
    }
  }
}
