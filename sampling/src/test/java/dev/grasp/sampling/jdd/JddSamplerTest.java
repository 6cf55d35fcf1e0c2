package dev.grasp.sampling.jdd;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.graph.Graph;
import dev.grasp.graph.stats.DegreeMatrices;
import dev.grasp.graph.stats.Degrees;
import dev.grasp.testing.TestGraphs;
import dev.grasp.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class JddSamplerTest {

  private static final long[] ISOLATED = {9000, 9001, 9002, 9003, 9004};

  private static Graph skewed() {
    return TestGraphs.graph(Digraphs.skewed(250, 1400, 2.5, 1.5, 21), ISOLATED);
  }

  private static CountMatrix matrix(Dataset<Row> t, String r, String c) {
    CountMatrix m = new CountMatrix();
    for (Row row : t.select(r, c, DegreeMatrices.COUNT).collectAsList()) {
      m.set(row.getLong(0), row.getLong(1), row.getLong(2));
    }
    return m;
  }

  /** The sample realises exactly the driver-side target, recomputed here from its edges. */
  @Test
  void sampleHasExactlyTheRescaledMatricesAndIsSimple() {
    Graph g = skewed();
    long[] pairs = Digraphs.skewed(250, 1400, 2.5, 1.5, 21);
    for (double r : new double[] {0.3}) {
      JddSample s = new JddSampler().setRatio(r).setSeed(3).sample(g);
      Rescaler.Target target = Rescaler.rescale(Digraphs.dcm(pairs, ISOLATED), Digraphs.jdm(pairs), r, 0,
          HubPolicy.CAP, 3);
      Graph sg = s.graph();
      Dataset<Row> deg = Degrees.of(sg);
      assertEquals(target.dcm(), matrix(DegreeMatrices.dcm(deg), Degrees.IN, Degrees.OUT), "DCM r=" + r);
      assertEquals(target.jdm(), matrix(DegreeMatrices.jdm(sg, deg), DegreeMatrices.SRC_OUT, DegreeMatrices.DST_IN),
          "JDM r=" + r);
      assertEquals(0, sg.edges().filter(col("src").equalTo(col("dst"))).count());
      assertEquals(sg.edges().count(), sg.edges().distinct().count());
      JddReport rep = s.report();
      assertTrue(rep.check().constructedEqualsTarget());
      assertEquals(0.0, rep.fidelity().dcmRelL1Target());
      assertEquals(0.0, rep.fidelity().jdmRelL1Target());
      assertEquals(target.dcm().total(), rep.sizes().sampleVertices());
      assertEquals(target.jdm().total(), rep.sizes().sampleEdges());
      assertEquals(sg.vertices().count(), rep.sizes().sampleVertices());
      assertTrue(rep.toJson().contains("\"ksIn\""));
    }
  }

  /**
   * The verification finds a self-loop and a doubled pair, and gives the same matrices and counts in the driver
   * (default threshold) and by Spark jobs (threshold 0). Hand-checked: 1→2 twice, 2→3, 3→3, vertex 4 isolated.
   */
  @Test
  void verificationCountsLoopsAndDuplicatesOnBothPaths() {
    Graph g = TestGraphs.graph(TestGraphs.pairs(1, 2, 1, 2, 2, 3, 3, 3), 4);
    org.apache.spark.sql.SparkSession spark = TestSpark.get();
    JddSampler.Verification local = JddSampler.verify(spark, g.vertices(), g.edges());
    JddSampler.Verification distributed;
    spark.conf().set(dev.grasp.graph.util.DriverLocal.CONF, "0");
    try {
      distributed = JddSampler.verify(spark, g.vertices(), g.edges());
    } finally {
      spark.conf().unset(dev.grasp.graph.util.DriverLocal.CONF);
    }
    assertEquals(1, local.loops());
    assertEquals(1, local.duplicatePairs());
    CountMatrix dcm = new CountMatrix();
    dcm.set(0, 2, 1); // vertex 1: in 0, out 2
    dcm.set(2, 1, 2); // vertices 2 (in 1→2 twice, out 2→3) and 3 (in 2→3 and 3→3, out 3→3)
    dcm.set(0, 0, 1); // vertex 4
    assertEquals(dcm, local.dcm());
    CountMatrix jdm = new CountMatrix();
    jdm.set(2, 2, 2); // 1→2 twice: out(1) = 2, in(2) = 2
    jdm.set(1, 2, 2); // 2→3 and 3→3: out 1, in(3) = 2
    assertEquals(jdm, local.jdm());
    assertEquals(distributed, local);
  }

  /** Each sample node is an original node of the same (in, out) class when no hub had to be capped. */
  @Test
  void sampleNodesKeepTheirOriginalClassAndAttributes() {
    long[] pairs = Digraphs.skewed(200, 900, 2.0, 1.5, 5);
    Graph plain = TestGraphs.graph(pairs);
    Dataset<Row> labelled = plain.vertices().withColumn("label", col("id").multiply(10).cast("string"));
    Graph g = Graph.of(labelled, plain.edges());
    JddSample s = new JddSampler().setRatio(0.5).setSeed(11).sample(g);
    assertTrue(s.report().rescaling().hubs().isEmpty(), "fixture expected without hubs: " + s.report().rescaling().hubs());
    Dataset<Row> origDeg = Degrees.of(g).withColumnRenamed(Degrees.IN, "oi").withColumnRenamed(Degrees.OUT, "oo");
    Dataset<Row> sampleDeg = Degrees.of(s.graph());
    long mismatched = sampleDeg.join(origDeg, "id")
        .filter(col("oi").notEqual(col(Degrees.IN)).or(col("oo").notEqual(col(Degrees.OUT)))).count();
    assertEquals(0, mismatched);
    assertEquals(sampleDeg.count(), sampleDeg.join(origDeg, "id").count(), "every sample id is an original id");
    assertEquals(List.of("id", "label"), List.of(s.graph().vertices().columns()));
    long badLabels = s.graph().vertices().filter(col("label").notEqual(col("id").multiply(10).cast("string")))
        .count();
    assertEquals(0, badLabels);
  }

  @Test
  void ratioOneReproducesBothMatrices() {
    long[] pairs = Digraphs.skewed(150, 700, 2.0, 2.0, 8);
    JddSample s = new JddSampler().setRatio(1.0).sample(TestGraphs.graph(pairs, ISOLATED));
    Graph sg = s.graph();
    Dataset<Row> deg = Degrees.of(sg);
    assertEquals(Digraphs.dcm(pairs, ISOLATED), matrix(DegreeMatrices.dcm(deg), Degrees.IN, Degrees.OUT));
    assertEquals(Digraphs.jdm(pairs), matrix(DegreeMatrices.jdm(sg, deg), DegreeMatrices.SRC_OUT,
        DegreeMatrices.DST_IN));
    assertEquals(0.0, s.report().fidelity().ksIn());
    assertEquals(0.0, s.report().fidelity().ksOut());
  }

  private static List<String> edgeList(Graph g) {
    List<String> out = new ArrayList<>();
    for (Row r : g.edges().orderBy("src", "dst").collectAsList()) {
      out.add(r.getLong(0) + ">" + r.getLong(1));
    }
    return out;
  }

  private static List<Long> vertexList(Graph g) {
    List<Long> out = new ArrayList<>();
    for (Row r : g.vertices().orderBy("id").collectAsList()) {
      out.add(r.getLong(0));
    }
    return out;
  }

  @Test
  void sameSeedSameSampleForOneThreeAndEightPartitions() {
    Graph g = skewed();
    List<String> edges = null;
    List<Long> vertices = null;
    for (int parts : new int[] {1, 3, 8}) {
      Graph p = new Graph(g.vertices().repartition(parts), g.edges().repartition(parts));
      JddSample s = new JddSampler().setRatio(0.3).setSeed(42).setNumPartitions(parts).setVerify(false).sample(p);
      if (edges == null) {
        edges = edgeList(s.graph());
        vertices = vertexList(s.graph());
      } else {
        assertEquals(edges, edgeList(s.graph()), "edges differ at " + parts + " partitions");
        assertEquals(vertices, vertexList(s.graph()), "vertices differ at " + parts + " partitions");
      }
    }
    // The input's matrices and the verification by Spark jobs (driver-local threshold 0): the same sample and report
    TestSpark.get().conf().set(dev.grasp.graph.util.DriverLocal.CONF, "0");
    JddSample distributed;
    try {
      distributed = new JddSampler().setRatio(0.3).setSeed(42).setNumPartitions(3).sample(g);
    } finally {
      TestSpark.get().conf().unset(dev.grasp.graph.util.DriverLocal.CONF);
    }
    JddSample local = new JddSampler().setRatio(0.3).setSeed(42).setNumPartitions(3).sample(g);
    assertEquals(edges, edgeList(distributed.graph()), "edges differ between driver and Spark input matrices");
    assertEquals(local.report().toJson().replaceAll("\"seconds\\w+\" : [0-9.eE-]+", ""),
        distributed.report().toJson().replaceAll("\"seconds\\w+\" : [0-9.eE-]+", ""));
    assertTrue(local.report().check().constructedEqualsTarget());
  }

  /** The graph's rows as the driver's arrays (vertex ids ascending). */
  private static dev.grasp.graph.DriverCopy arrays(Graph g) {
    long[] ids = vertexList(g).stream().mapToLong(Long::longValue).toArray();
    List<Row> e = g.edges().select("src", "dst").collectAsList();
    long[] src = new long[e.size()];
    long[] dst = new long[e.size()];
    for (int i = 0; i < src.length; i++) {
      src[i] = e.get(i).getLong(0);
      dst[i] = e.get(i).getLong(1);
    }
    return new dev.grasp.graph.DriverCopy(ids, src, dst, null);
  }

  /**
   * The session-less driver construction gives the Spark stages' sample and report (timings aside) on graphs with
   * isolated vertices, repaired self-loops (a dense skewed graph), a capped hub, input loops and multi-edges, and
   * declines inputs over the threshold.
   */
  @Test
  void driverConstructionGivesTheSparkSample() {
    long[] dense = Digraphs.skewed(40, 900, 1.2, 1.1, 5);
    List<Graph> graphs = List.of(skewed(), TestGraphs.graph(dense), TestGraphs.graph(Digraphs.star(30)),
        TestGraphs.graph(new long[] {1, 2, 1, 2, 2, 3, 3, 3, 3, 1, 1, 3, 2, 1, 4, 1}));
    long repairs = 0;
    for (Graph g : graphs) {
      for (double r : new double[] {0.3, 0.5, 1.0}) {
        JddSampler sampler = new JddSampler().setRatio(r).setSeed(42);
        JddSample spark = sampler.sample(g);
        JddSampler.LocalSample local = sampler.sampleInDriver(arrays(g), 64L << 20);
        List<String> edges = new ArrayList<>();
        for (int i = 0; i < local.graph().edgeCount(); i++) {
          edges.add(local.graph().src()[i] + ">" + local.graph().dst()[i]);
        }
        assertEquals(edgeList(spark.graph()), edges, "r = " + r);
        assertEquals(vertexList(spark.graph()),
            java.util.Arrays.stream(local.graph().ids()).boxed().collect(java.util.stream.Collectors.toList()));
        assertEquals(spark.report().toJson().replaceAll("\"seconds\\w+\" : [0-9.eE-]+", ""),
            local.report().toJson().replaceAll("\"seconds\\w+\" : [0-9.eE-]+", ""));
        assertTrue(local.report().check().constructedEqualsTarget());
        repairs += local.report().construction().repairs();
      }
    }
    assertTrue(repairs > 0, "some sample needed self-loop repairs");
    assertEquals(null, new JddSampler().setRatio(0.5).sampleInDriver(arrays(skewed()), 1000));
  }

  @Test
  void chunkingDoesNotChangeTheSample() {
    Graph g = skewed();
    JddSample whole = new JddSampler().setRatio(0.4).setSeed(9).setVerify(false).sample(g);
    JddSample chunked = new JddSampler().setRatio(0.4).setSeed(9).setChunkSize(3).setVerify(false).sample(g);
    assertTrue(chunked.report().construction().chunks() > whole.report().construction().chunks());
    assertEquals(edgeList(whole.graph()), edgeList(chunked.graph()));
  }

  @Test
  void differentSeedsGiveDifferentSamples() {
    Graph g = skewed();
    JddSample a = new JddSampler().setRatio(0.3).setSeed(1).setVerify(false).sample(g);
    JddSample b = new JddSampler().setRatio(0.3).setSeed(2).setVerify(false).sample(g);
    assertNotEquals(edgeList(a.graph()), edgeList(b.graph()));
    assertNotEquals(vertexList(a.graph()), vertexList(b.graph()));
    assertEquals(a.report().sizes().sampleEdges(), b.report().sizes().sampleEdges(), "the target does not depend on the draw");
  }

  @Test
  void selfLoopsAndMultiEdgesOfTheInputAreDroppedAndCounted() {
    Graph g = TestGraphs.graph(new long[] {1, 2, 1, 2, 2, 3, 3, 3, 3, 1, 1, 3, 2, 1, 4, 1});
    JddSample s = new JddSampler().setRatio(1.0).sample(g);
    assertEquals(8, s.report().sizes().inputEdges());
    assertEquals(1, s.report().sizes().selfLoopsRemoved());
    assertEquals(1, s.report().sizes().multiEdgesRemoved());
    assertEquals(6, s.report().sizes().numEdges());
    assertEquals(6, s.report().sizes().sampleEdges());
    assertTrue(s.report().check().constructedEqualsTarget());
  }

  @Test
  void singleHubIsCappedInTheSample() {
    JddSample s = new JddSampler().setRatio(0.5).sample(TestGraphs.graph(Digraphs.star(30)));
    assertEquals(1, s.report().rescaling().hubs().size());
    assertEquals("capped", s.report().rescaling().hubs().get(0).action());
    assertTrue(s.report().check().constructedEqualsTarget());
    Dataset<Row> deg = Degrees.of(s.graph());
    long hubOut = deg.filter(col("id").equalTo(0L)).first().getLong(2);
    assertEquals(s.report().rescaling().hubs().get(0).newOutDegree(), hubOut);
    assertEquals(hubOut, s.graph().edges().count());
  }

  @Test
  void sourcesAndSinksOnly() {
    List<Long> p = new ArrayList<>();
    for (long s = 0; s < 30; s++) {
      for (long d = 100 + s % 7; d < 140; d += 1 + s % 5) {
        p.add(s);
        p.add(d);
      }
    }
    long[] pairs = p.stream().mapToLong(Long::longValue).toArray();
    JddSample s = new JddSampler().setRatio(0.5).setSeed(4).sample(TestGraphs.graph(pairs));
    assertTrue(s.report().check().constructedEqualsTarget());
    Dataset<Row> deg = Degrees.of(s.graph());
    assertEquals(0, deg.filter(col(Degrees.IN).gt(0).and(col(Degrees.OUT).gt(0))).count());
  }

  @Test
  void emptyEdgeSetGivesIsolatedSample() {
    StructType schema = new StructType().add("id", DataTypes.LongType, false);
    List<Row> v = new ArrayList<>();
    for (long i = 0; i < 10; i++) {
      v.add(RowFactory.create(i));
    }
    Dataset<Row> vertices = TestSpark.get().createDataFrame(v, schema);
    Dataset<Row> edges = TestSpark.get().createDataFrame(List.of(), TestGraphs.EDGE_SCHEMA);
    JddSample s = new JddSampler().setRatio(0.5).sample(Graph.of(vertices, edges));
    assertEquals(5, s.graph().vertices().count());
    assertEquals(0, s.graph().edges().count());
  }

  @Test
  void badParametersAreRejectedWithTheirNameAndValue() {
    JddSampler j = new JddSampler();
    for (Map.Entry<String, Runnable> e : Map.<String, Runnable>of(
        "`ratio` must be in (0, 1], got 1.5", () -> j.setRatio(1.5),
        "`ratio` must be in (0, 1], got 0.0", () -> j.setRatio(0),
        "`ratio` must be in (0, 1], got NaN", () -> j.setRatio(Double.NaN),
        "`numNodes` must be >= 0 (0 = use ratio), got -3", () -> j.setNumNodes(-3),
        "`hubPolicy` must be one of cap, drop, fail, got keep", () -> j.setHubPolicy("keep"),
        "`chunkSize` must be >= 1, got 0", () -> j.setChunkSize(0),
        "`numPartitions` must be >= 0 (0 = spark.sql.shuffle.partitions), got -1", () -> j.setNumPartitions(-1))
        .entrySet()) {
      IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e.getValue()::run);
      assertEquals(e.getKey(), ex.getMessage());
    }
    IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
        () -> new JddSampler().setNumNodes(10_000).sample(skewed()));
    assertTrue(tooMany.getMessage().startsWith("`numNodes` must be at most |V|"), tooMany.getMessage());
  }

  @Test
  void defaultsAndCopy() {
    JddSampler j = new JddSampler();
    assertEquals(0.1, j.getRatio());
    assertEquals(0L, j.getNumNodes());
    // the same default seed as the baselines' (and `grasp sample --seed`'s)
    assertEquals(dev.grasp.sampling.baseline.GraphSampler.DEFAULT_SEED, j.getSeed());
    assertEquals(20060820L, j.getSeed());
    assertEquals(HubPolicy.CAP, j.getHubPolicy());
    assertTrue(j.getVerify());
    JddSampler c = j.setSeed(5).copy(new org.apache.spark.ml.param.ParamMap());
    assertEquals(5L, c.getSeed());
    assertEquals(j.uid(), c.uid());
    assertFalse(j.setHubPolicy(HubPolicy.DROP).getHubPolicy() == HubPolicy.CAP);
  }
}
