package dev.grasp.embedding.fastrp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.graph.DriverCopy;
import dev.grasp.graph.Graph;
import dev.grasp.graph.io.GraphReader;
import dev.grasp.graph.linalg.Engine;
import dev.grasp.graph.util.DriverLocal;
import dev.grasp.graph.util.Seeds;
import dev.grasp.testing.TestSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class FastRPTest {

  private static final long BIG = 1L << 40;
  /** (src, dst, weight): a directed graph with a cycle, a self-loop, a duplicate edge, a huge id and a sink. */
  private static final double[][] EDGES = {
      {1, 2, 2.0}, {2, 3, 1.0}, {3, 1, 0.5}, {3, 4, 1.0}, {4, 5, 3.0}, {5, 3, 1.0}, {2, 2, 1.0}, {1, 2, 1.0},
      {5, BIG, 1.0}, {4, 6, 1.0}};
  private static final long ISOLATED = 9;

  private static SparkSession spark() {
    return TestSpark.get();
  }

  private static Graph graph(boolean withFeatures) {
    List<Row> e = new ArrayList<>();
    for (double[] r : EDGES) {
      e.add(RowFactory.create((long) r[0], (long) r[1], r[2]));
    }
    StructType es = new StructType().add("src", DataTypes.LongType).add("dst", DataTypes.LongType)
        .add("weight", DataTypes.DoubleType);
    List<Row> v = new ArrayList<>();
    for (long id : ids()) {
      v.add(RowFactory.create(id, features(id)[0], features(id)[1], features(id)[2]));
    }
    StructType vs = new StructType().add("id", DataTypes.LongType).add("age", DataTypes.DoubleType)
        .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType);
    Dataset<Row> vdf = spark().createDataFrame(v, vs);
    if (withFeatures) {
      vdf = vdf.selectExpr("id", "age", "array(a, b) as words");
    }
    return Graph.of(vdf, spark().createDataFrame(e, es));
  }

  private static long[] ids() {
    return new long[] {1, 2, 3, 4, 5, 6, BIG, ISOLATED};
  }

  /** Feature values (age, a, b) per node; zeros are skipped by the projection. */
  private static double[] features(long id) {
    return new double[] {id == BIG ? 7.0 : id * 0.5, id % 2, id == 3 ? 2.0 : 0.0};
  }

  private static Map<Long, double[]> collect(Dataset<Row> df, String col) {
    Map<Long, double[]> m = new TreeMap<>();
    for (Row r : df.collectAsList()) {
      Object o = r.get(r.fieldIndex(col));
      double[] v;
      if (o instanceof Vector vec) {
        v = vec.toArray();
      } else {
        List<Double> l = r.getList(r.fieldIndex(col));
        v = l.stream().mapToDouble(Double::doubleValue).toArray();
      }
      m.put(r.getLong(r.fieldIndex("id")), v);
    }
    return m;
  }

  // ---- the dense reference ------------------------------------------------------------------------------------

  private static double entry(long seed, long domain, long key, int j, double s, double a) {
    double u = Seeds.uniform(seed, domain, key, j);
    return u < 1.0 / (2 * s) ? a : u < 1.0 / s ? -a : 0.0;
  }

  private static DenseMatrix mat(double[][] rows) {
    int n = rows.length;
    int m = rows[0].length;
    double[] values = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        values[j * n + i] = rows[i][j];
      }
    }
    return new DenseMatrix(n, m, values);
  }

  private static double[][] rows(DenseMatrix mm) {
    double[][] r = new double[mm.numRows()][mm.numCols()];
    for (int i = 0; i < mm.numRows(); i++) {
      for (int j = 0; j < mm.numCols(); j++) {
        r[i][j] = mm.apply(i, j);
      }
    }
    return r;
  }

  /** E computed with dense matrices from the specification, for the fixture graph. */
  private static Map<Long, double[]> dense(FastRP f, boolean weighted, boolean withFeatures) {
    long[] ids = ids();
    int n = ids.length;
    Map<Long, Integer> idx = new HashMap<>();
    for (int i = 0; i < n; i++) {
      idx.put(ids[i], i);
    }
    double[][] s = new double[n][n];
    for (double[] e : EDGES) {
      int u = idx.get((long) e[0]);
      int v = idx.get((long) e[1]);
      double w = weighted ? e[2] : 1.0;
      switch (f.getOrientation()) {
        case FastRP.NATURAL -> s[u][v] += w;
        case FastRP.REVERSE -> s[v][u] += w;
        default -> {
          s[u][v] += w;
          s[v][u] += w;
        }
      }
    }
    double[] deg = new double[n];
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        deg[i] += s[i][j];
      }
      for (int j = 0; j < n; j++) {
        a[i][j] = deg[i] == 0 ? 0 : s[i][j] / deg[i];
      }
    }
    int d = f.getDimension();
    int pd = f.propertyDimension();
    double sp = f.getSparsity().equals(FastRP.SQRT_N) ? Math.sqrt(n) : Double.parseDouble(f.getSparsity());
    double scale = Math.sqrt(sp / d);
    long seed = f.getSeed();
    double[][] r = new double[n][d];
    double[][] lr = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d - pd; j++) {
        r[i][j] = entry(seed, 0, ids[i], j, sp, scale);
      }
      if (withFeatures) {
        double[] x = features(ids[i]);
        for (int fi = 0; fi < x.length; fi++) {
          for (int j = 0; j < pd; j++) {
            r[i][d - pd + j] += x[fi] * entry(seed, 1, fi, j, sp, scale);
          }
        }
      }
      double l = deg[i] == 0 ? 1.0 : Math.pow(deg[i], f.getNormalizationStrength());
      for (int j = 0; j < d; j++) {
        lr[i][j] = l * r[i][j];
      }
    }
    double[][] emb = new double[n][d];
    for (int i = 0; i < n; i++) {
      double norm = norm(r[i]);
      for (int j = 0; j < d; j++) {
        emb[i][j] = norm > 0 ? f.getNodeSelfInfluence() * r[i][j] / norm : 0;
      }
    }
    DenseMatrix am = mat(a);
    DenseMatrix cur = am.multiply(mat(lr));
    double[] alpha = f.getIterationWeights();
    for (int k = 0; k < alpha.length; k++) {
      if (k > 0) {
        cur = am.multiply(cur);
      }
      double[][] c = rows(cur);
      for (int i = 0; i < n; i++) {
        double norm = norm(c[i]);
        for (int j = 0; j < d; j++) {
          emb[i][j] += norm > 0 ? alpha[k] * c[i][j] / norm : 0;
        }
      }
    }
    if (f.getStandardize()) {
      for (int j = 0; j < d; j++) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
          mean += emb[i][j] / n;
        }
        double var = 0;
        for (int i = 0; i < n; i++) {
          var += (emb[i][j] - mean) * (emb[i][j] - mean) / n;
        }
        double sd = Math.sqrt(var);
        for (int i = 0; i < n; i++) {
          emb[i][j] = (emb[i][j] - mean) / (sd > 0 ? sd : 1);
        }
      }
    }
    Map<Long, double[]> out = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      out.put(ids[i], emb[i]);
    }
    return out;
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  private static void assertClose(Map<Long, double[]> expected, Map<Long, double[]> actual, double tol) {
    assertEquals(expected.keySet(), actual.keySet());
    for (Map.Entry<Long, double[]> e : expected.entrySet()) {
      assertArrayEquals(e.getValue(), actual.get(e.getKey()), tol, "node " + e.getKey());
    }
  }

  private static FastRP base() {
    return new FastRP().setDimension(12).setIterationWeights(0.5, 1.0, 2.0).setNormalizationStrength(-0.6)
        .setSeed(7).setCheckpointInterval(2);
  }

  // ---- tests -----------------------------------------------------------------------------------------------

  @Test
  void matchesDenseComputationForEveryOrientationWeightedAndNot() {
    for (String o : new String[] {FastRP.UNDIRECTED, FastRP.NATURAL, FastRP.REVERSE}) {
      FastRP f = base().setOrientation(o);
      assertClose(dense(f, false, false), collect(f.embed(graph(false)), "embedding"), 1e-6);
      FastRP fw = base().setOrientation(o).setWeightCol("weight");
      assertClose(dense(fw, true, false), collect(fw.embed(graph(false)), "embedding"), 1e-6);
    }
  }

  @Test
  void matchesDenseComputationWithSelfInfluenceFeaturesStandardisationAndExplode() {
    FastRP f = base().setNodeSelfInfluence(0.3).setFeatureCols("age", "words").setPropertyRatio(0.25)
        .setStandardize(true).setWeightCol("weight");
    Map<Long, double[]> expected = dense(f, true, true);
    assertClose(expected, collect(f.embed(graph(true)), "embedding"), 1e-6);
    f.setPropagation(FastRP.EXPLODE);
    assertClose(expected, collect(f.embed(graph(true)), "embedding"), 1e-6);
  }

  @Test
  void orientationDecidesWhichNodesReceiveVectors() {
    Map<Long, double[]> nat = collect(base().setOrientation(FastRP.NATURAL).embed(graph(false)), "embedding");
    Map<Long, double[]> rev = collect(base().setOrientation(FastRP.REVERSE).embed(graph(false)), "embedding");
    Map<Long, double[]> und = collect(base().embed(graph(false)), "embedding");
    // 6 and BIG have no out-edges: nothing to aggregate under NATURAL; under REVERSE they aggregate their sources
    assertEquals(0.0, norm(nat.get(6L)));
    assertEquals(0.0, norm(nat.get(BIG)));
    assertTrue(norm(rev.get(6L)) > 0);
    assertTrue(norm(und.get(BIG)) > 0);
    assertNotEquals(norm(nat.get(1L)), norm(rev.get(1L)));
  }

  @Test
  void weightsSelfInfluenceAndFeaturesEachChangeTheResult() {
    Map<Long, double[]> plain = collect(base().embed(graph(true)), "embedding");
    Map<Long, double[]> weighted = collect(base().setWeightCol("weight").embed(graph(true)), "embedding");
    Map<Long, double[]> self = collect(base().setNodeSelfInfluence(1.0).embed(graph(true)), "embedding");
    Map<Long, double[]> feat = collect(base().setFeatureCols("age").setPropertyRatio(0.5).embed(graph(true)),
        "embedding");
    // node 4's neighbours have unequal weights (3 to 5, 1 to 6, 1 from 3)
    assertTrue(diff(plain.get(4L), weighted.get(4L)) > 1e-3);
    // isolated: zero without self-influence, exactly the normalised initial vector with it
    assertEquals(0.0, norm(plain.get(ISOLATED)));
    assertEquals(1.0, norm(self.get(ISOLATED)), 1e-12);
    assertTrue(diff(plain.get(1L), self.get(1L)) > 1e-3);
    assertTrue(diff(plain.get(1L), feat.get(1L)) > 1e-3);
  }

  private static double diff(double[] x, double[] y) {
    double m = 0;
    for (int i = 0; i < x.length; i++) {
      m = Math.max(m, Math.abs(x[i] - y[i]));
    }
    return m;
  }

  @Test
  void sameSeedSameResultForOneThreeAndEightPartitions() {
    Graph g = graph(false);
    FastRP f = base().setWeightCol("weight");
    Map<Long, double[]> ref = null;
    // the Spark stages (driver-local threshold 0), where partitioning could matter
    spark().conf().set(DriverLocal.CONF, "0");
    try {
      for (int parts : new int[] {1, 3, 8}) {
        Graph gp = new Graph(g.vertices().repartition(parts), g.edges().repartition(parts));
        Map<Long, double[]> m = collect(f.embed(gp), "embedding");
        if (ref == null) {
          ref = m;
        } else {
          // fixed-point sums: the same bits for any partitioning
          assertClose(ref, m, 0.0);
        }
      }
    } finally {
      spark().conf().unset(DriverLocal.CONF);
    }
    Map<Long, double[]> other = collect(base().setWeightCol("weight").setSeed(8).embed(g), "embedding");
    assertTrue(diff(ref.get(1L), other.get(1L)) > 1e-3);
  }

  @Test
  void bothKernelEnginesAndBothCatalystShapesGiveTheSameBits() {
    SparkSession spark = spark();
    String before = spark.conf().get(Engine.CONF, "");
    try {
      for (boolean rich : new boolean[] {false, true}) {
        Map<Long, double[]> ref = null;
        // the kernel's engines and shapes in the Spark stages (threshold 0), then the whole run in the driver
        for (String[] engineShape : new String[][] {{"cpu", FastRP.COLUMNS, "0"}, {"catalyst", FastRP.COLUMNS, "0"},
            {"catalyst", FastRP.EXPLODE, "0"}, {"cpu", FastRP.COLUMNS, "64m"}}) {
          spark.conf().set(Engine.CONF, engineShape[0]);
          spark.conf().set(DriverLocal.CONF, engineShape[2]);
          FastRP f = base().setPropagation(engineShape[1]);
          if (rich) {
            f.setNodeSelfInfluence(0.3).setFeatureCols("age", "words").setPropertyRatio(0.25).setStandardize(true)
                .setWeightCol("weight");
          }
          Map<Long, double[]> m = collect(f.embed(graph(rich)), "embedding");
          if (ref == null) {
            ref = m;
            assertClose(dense(f, rich, rich), m, 1e-6);
          } else {
            assertClose(ref, m, 0.0);
          }
        }
      }
    } finally {
      spark.conf().unset(DriverLocal.CONF);
      if (before.isEmpty()) {
        spark.conf().unset(Engine.CONF);
      } else {
        spark.conf().set(Engine.CONF, before);
      }
    }
  }

  /** The run in the driver and the Spark stages give the same bits for every orientation, weighted and not. */
  @Test
  void driverRunGivesTheSparkBitsForEveryOrientation() {
    SparkSession spark = spark();
    for (String o : new String[] {FastRP.UNDIRECTED, FastRP.NATURAL, FastRP.REVERSE}) {
      for (boolean weighted : new boolean[] {false, true}) {
        FastRP f = base().setOrientation(o).setSparsity(FastRP.SQRT_N);
        if (weighted) {
          f.setWeightCol("weight");
        }
        Map<Long, double[]> driver = collect(f.embed(graph(false)), "embedding");
        spark.conf().set(DriverLocal.CONF, "0");
        try {
          assertClose(driver, collect(f.embed(graph(false)), "embedding"), 0.0);
        } finally {
          spark.conf().unset(DriverLocal.CONF);
        }
      }
    }
  }

  /**
   * A graph read in the driver is embedded from its {@link DriverCopy} without a job; the bits equal a collect of the
   * same DataFrames (a derived graph has no copy) and the Spark stages, weighted and unweighted.
   */
  @Test
  void driverCopyOfAReadGraphGivesTheSameBits() throws Exception {
    SparkSession spark = spark();
    java.nio.file.Path file = java.nio.file.Path.of(TestSpark.freshDir("fastrp-copy"), "g.txt");
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.writeString(file, "1 2 0.5\n2 3 2\n3 1 1\n3 4 0.25\n4 5 3\n5 3 1\n9 1 1\n2 1 4\n");
    Graph read = GraphReader.with(spark).read(file.toString()).graph();
    assertTrue(DriverCopy.of(read).isPresent());
    Graph derived = Graph.of(read.vertices().select("*"), read.edges().select("*"));
    assertTrue(DriverCopy.of(derived).isEmpty());
    for (String o : new String[] {FastRP.UNDIRECTED, FastRP.NATURAL}) {
      for (boolean weighted : new boolean[] {false, true}) {
        FastRP f = base().setOrientation(o).setSparsity(FastRP.SQRT_N);
        if (weighted) {
          f.setWeightCol("weight");
        }
        Map<Long, double[]> fromCopy = collect(f.embed(read), "embedding");
        assertEquals(6, fromCopy.size());
        assertClose(fromCopy, collect(f.embed(derived), "embedding"), 0.0);
        spark.conf().set(DriverLocal.CONF, "0");
        try {
          assertClose(fromCopy, collect(f.embed(derived), "embedding"), 0.0);
        } finally {
          spark.conf().unset(DriverLocal.CONF);
        }
      }
    }
  }

  @Test
  void sqrtNSparsityIsSqrtOfTheNodeCount() {
    // 8 nodes: s = sqrt(8)
    FastRP f = base().setSparsity(FastRP.SQRT_N);
    assertClose(dense(f, false, false), collect(f.embed(graph(false)), "embedding"), 1e-6);
  }

  @Test
  void pipelineRoundTripAndVectorOutput() throws Exception {
    FastRP f = base().setOutputType(FastRP.VECTOR).setOutputCol("v").setOrientation(FastRP.NATURAL)
        .setWeightCol("weight");
    Dataset<Row> edges = graph(false).edges();
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {f}).fit(edges);
    String dir = TestSpark.freshDir("fastrp-pipeline");
    model.write().save(dir);
    PipelineModel loaded = PipelineModel.load(dir);
    FastRP back = (FastRP) loaded.stages()[0];
    assertArrayEquals(new double[] {0.5, 1.0, 2.0}, back.getIterationWeights());
    assertEquals("v", back.getOutputCol());
    assertEquals("weight", back.getWeightCol());
    assertEquals(7L, back.getSeed());
    Map<Long, double[]> before = collect(model.transform(edges), "v");
    Map<Long, double[]> after = collect(loaded.transform(edges), "v");
    assertClose(before, after, 0.0);
    // transform embeds the endpoints only: no isolated vertex
    assertEquals(7, after.size());
    assertEquals(f.outputSchema(), loaded.transform(edges).schema());
  }

  @Test
  void invalidParamsAreRejectedWithTheirName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FastRP().setIterationWeights().embed(graph(false)));
    assertTrue(e.getMessage().contains("`iterationWeights`"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new FastRP().setSparsity(0.5));
    assertTrue(e.getMessage().contains("`sparsity`") && e.getMessage().contains("0.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new FastRP().setPropertyRatio(0.5).embed(graph(false)));
    assertTrue(e.getMessage().contains("`propertyRatio`"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new FastRP().setWeightCol("w").embed(graph(false)));
    assertTrue(e.getMessage().contains("`weightCol`") && e.getMessage().contains("w"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FastRP().setDimension(0));
    assertThrows(IllegalArgumentException.class, () -> new FastRP().setOrientation("sideways"));
  }

  @Test
  void memoryEstimateTable() {
    // transition rows × 40 + 4 × nodes × (8d + 48)
    long[][] table = {
        // nodes, edges, d, undirected(1/0), expected bytes
        {0, 0, 128, 1, 0},
        {1_000, 10_000, 128, 1, 800_000L + 4_000L * 1_072L},
        {1_000, 10_000, 128, 0, 400_000L + 4_000L * 1_072L},
        {1_000_000, 16_000_000, 256, 1, 1_280_000_000L + 4_000_000L * 2_096L},
    };
    for (long[] row : table) {
      FastRP f = new FastRP().setDimension((int) row[2])
          .setOrientation(row[3] == 1 ? FastRP.UNDIRECTED : FastRP.NATURAL);
      assertEquals(row[4], FastRP.estimateBytes(row[0], row[1], f));
    }
    assertThrows(IllegalArgumentException.class, () -> FastRP.estimateBytes(-1, 0, new FastRP()));
  }
}
