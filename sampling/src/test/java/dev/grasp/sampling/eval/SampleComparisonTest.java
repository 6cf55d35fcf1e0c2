package dev.grasp.sampling.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grasp.graph.Graph;
import dev.grasp.graph.linalg.Engine;
import dev.grasp.testing.TestGraphs;
import dev.grasp.testing.TestSpark;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SampleComparisonTest {

  private static NavigableMap<Double, Double> dist(double... valueMass) {
    NavigableMap<Double, Double> m = new TreeMap<>();
    for (int i = 0; i < valueMass.length; i += 2) {
      m.put(valueMass[i], valueMass[i + 1]);
    }
    return m;
  }

  private static GraphProfile.Cell cell(long i, long j) {
    return new GraphProfile.Cell(i, j);
  }

  @Test
  void handMadeProfilesGiveTheKnownStatistics() {
    GraphProfile original = new GraphProfile(100, 200,
        dist(0, 1, 1, 1), dist(1, 3, 2, 1), dist(1, 1), dist(1, 2, 3, 2), dist(1, 1, 2, 1), 4,
        dist(2, 1, 3, 1), dist(1, 4, 2, 2, 3, 1), 0.5, dist(0, 1, 2, 1),
        Map.of(cell(1, 1), 60L, cell(2, 0), 40L), Map.of(cell(1, 1), 200L));
    GraphProfile sample = new GraphProfile(10, 40,
        dist(1, 1, 2, 1), dist(1, 1, 2, 1), dist(1, 1), dist(1, 1, 3, 3), dist(1, 1), 4,
        dist(2, 1, 3, 1), dist(1, 2, 2, 1), 0.25, dist(0, 3, 2, 1),
        Map.of(cell(1, 1), 5L, cell(0, 2), 5L), Map.of(cell(1, 1), 30L, cell(2, 2), 10L));
    SampleComparison.Result r = new SampleComparison().compare(original, sample);
    assertEquals(0.5, r.inDegreeD(), 1e-12); // F(0) .5 vs 0, F(1) 1 vs .5
    assertEquals(0.25, r.outDegreeD(), 1e-12); // F(1) .75 vs .5
    assertEquals(0.0, r.wccD(), 1e-12);
    assertEquals(0.25, r.sccD(), 1e-12); // F(1) .5 vs .25
    assertEquals(0.5, r.hopPlotD(), 1e-12); // F(1) .5 vs 1
    assertEquals(0.0, r.clusteringD(), 1e-12);
    // Spectra cut to the shorter (2 values): 4/6, 1 vs 2/3, 1 → 0.
    assertEquals(0.0, r.singularValuesD(), 1e-12);
    assertEquals((0.5 + 0.25 + 0 + 0.25 + 0.5 + 0 + 0) / 7, r.meanD(), 1e-12);
    assertEquals(0.25, r.reciprocityDiff(), 1e-12);
    assertEquals(0.25, r.mutualDegreeD(), 1e-12); // F(0) .5 vs .75; not part of meanD
    // DCM, s = 0.1: |5 − 6| + |0 − 4| + |5 − 0| = 10 over 0.1·100 = 10 → 1.0.
    assertEquals(1.0, r.dcmRelL1(), 1e-12);
    // JDM, s = 0.2: |30 − 40| + |10 − 0| = 20 over 0.2·200 = 40 → 0.5.
    assertEquals(0.5, r.jdmRelL1(), 1e-12);
    assertEquals(0.1, r.vertexRatio(), 1e-12);
    assertEquals(0.2, r.edgeRatio(), 1e-12);
  }

  @Test
  void graphComparedWithItselfHasAllZero() {
    Graph g = TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 3, 3, 1, 3, 4, 4, 5, 5, 4, 2, 1, 6, 7, 7, 8, 8, 6, 1, 6), 9);
    SampleComparison cmp = new SampleComparison(new SampleComparison.Settings(4, 10, 3, 1L));
    GraphProfile p = cmp.profile(g);
    SampleComparison.Result r = cmp.compare(p, p);
    for (Map.Entry<String, Double> e : r.ds().entrySet()) {
      assertEquals(0.0, e.getValue(), 0.0, e.getKey());
    }
    assertEquals(0.0, r.meanD(), 0.0);
    assertEquals(0.0, r.dcmRelL1(), 0.0);
    assertEquals(0.0, r.jdmRelL1(), 0.0);
    assertEquals(0.0, r.reciprocityDiff(), 0.0);
    assertEquals(9, p.vertices());
    assertEquals(11, p.edges());
    assertEquals(3, p.singularValues().size());
    // A graph and a relabelled copy profile identically (nothing depends on ids but the BFS sources).
    Graph copy = TestGraphs.graph(TestGraphs.pairs(11, 12, 12, 13, 13, 11, 13, 14, 14, 15, 15, 14, 12, 11, 16, 17,
        17, 18, 18, 16, 11, 16), 19);
    SampleComparison.Result rc = cmp.compare(p, cmp.profile(copy));
    assertEquals(0.0, rc.inDegreeD(), 0.0);
    assertEquals(0.0, rc.sccD(), 0.0);
    assertEquals(0.0, rc.clusteringD(), 0.0);
    assertEquals(0.0, rc.singularValuesD(), 1e-9);
  }

  @Test
  void profileOfADirectedCycleAndAPath() {
    SampleComparison cmp = new SampleComparison(new SampleComparison.Settings(10, 10, 5, 1L));
    GraphProfile cycle = cmp.profile(TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 3, 3, 1)));
    assertEquals(dist(1, 3, 2, 3), cycle.hops()); // every source reaches one vertex at 1 hop, one at 2
    assertEquals(dist(3, 1), cycle.sccSizes());
    assertEquals(dist(2, 1), cycle.clusteringByDegree()); // the triangle: degree 2, C = 1
    assertEquals(2, cycle.singularValues().size()); // k = min(5, n − 1)
    assertEquals(1.0, cycle.singularValues().get(1.0), 1e-9); // a permutation matrix
    assertEquals(1.0, cycle.singularValues().get(2.0), 1e-9);
    assertEquals(Map.of(new GraphProfile.Cell(1, 1), 3L), cycle.dcm());

    GraphProfile path = cmp.profile(TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 3, 3, 4)));
    assertEquals(dist(1, 3, 2, 2, 3, 1), path.hops());
    assertEquals(dist(1, 4), path.sccSizes());
    assertEquals(dist(4, 1), path.wccSizes());
    assertTrue(path.clusteringByDegree().values().stream().allMatch(c -> c == 0.0));
    // Path vs cycle: SCC sizes all-singletons vs one of 3 → D = 1.
    assertEquals(1.0, cmp.compare(cycle, path).sccD(), 0.0);
  }

  /**
   * The masked BFS (64 sources a pass) against a plain driver BFS from the same sources: a random digraph with
   * duplicate edges and self-loops, 100 sources (two passes, the second of 36), the edges in 1 and 7 partitions, and
   * both engines of the kernel's OR ({@code BitOr}).
   */
  @Test
  void hopDistancesMatchAPlainBfsAcrossPassesAndPartitions() {
    java.util.Random rnd = new java.util.Random(5);
    int n = 150;
    long[] pairs = new long[2 * 420];
    for (int i = 0; i < pairs.length; i += 2) {
      pairs[i] = rnd.nextInt(n);
      pairs[i + 1] = i % 50 == 0 ? pairs[i] : rnd.nextInt(n); // some self-loops
    }
    System.arraycopy(pairs, 0, pairs, pairs.length - 40, 40); // 20 duplicate edges
    Graph g = TestGraphs.graph(pairs, java.util.stream.LongStream.range(0, n).toArray());
    SampleComparison cmp = new SampleComparison(new SampleComparison.Settings(100, 50, 5, 9L));
    List<Long> sources = g.vertices()
        .withColumn("u", dev.grasp.graph.util.Seeds.uniform(9L, org.apache.spark.sql.functions.col("id"),
            org.apache.spark.sql.functions.lit(11L)))
        .orderBy("u", "id").limit(100).select("id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
    assertEquals(100, sources.size());
    java.util.Map<Long, java.util.Set<Long>> out = new java.util.HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.computeIfAbsent(pairs[i], k -> new java.util.HashSet<>()).add(pairs[i + 1]);
    }
    NavigableMap<Double, Double> expected = new TreeMap<>();
    for (long s : sources) {
      java.util.Map<Long, Integer> depth = new java.util.HashMap<>(Map.of(s, 0));
      java.util.ArrayDeque<Long> queue = new java.util.ArrayDeque<>(List.of(s));
      while (!queue.isEmpty()) {
        long u = queue.poll();
        for (long v : out.getOrDefault(u, Set.of())) {
          if (!depth.containsKey(v)) {
            depth.put(v, depth.get(u) + 1);
            queue.add(v);
            expected.merge((double) depth.get(v), 1.0, Double::sum);
          }
        }
      }
    }
    assertTrue(expected.size() >= 4, "the graph should need several hops: " + expected);
    long m = g.numEdges();
    SparkSession spark = g.vertices().sparkSession();
    spark.conf().set(Engine.CONF, "cpu");
    try {
      assertEquals(expected, cmp.hopDistances(g, m));
      Graph split = new Graph(g.vertices(), g.edges().repartition(7));
      assertEquals(expected, cmp.hopDistances(split, m));
      // The kernel's Catalyst engine (the OR built from one max per bit), as a session with the RAPIDS plugin runs it.
      spark.conf().set(Engine.CONF, "catalyst");
      assertEquals(expected, cmp.hopDistances(split, m));
      // A depth limit stops the BFS: only the first two hops are counted.
      SampleComparison shallow = new SampleComparison(new SampleComparison.Settings(100, 2, 5, 9L));
      assertEquals(expected.headMap(2.0, true), shallow.hopDistances(g, m));
    } finally {
      spark.conf().unset(Engine.CONF);
    }
  }

  /**
   * The profile computed in the driver (the default threshold) equals the one computed by Spark jobs (threshold 0)
   * on random digraphs with self-loops, duplicate edges and isolated vertices: every count and distribution exactly,
   * clustering to rounding, the spectrum to the solvers' tolerance. 150 vertices take ARPACK's path, 12 vertices with
   * k = 5 the dense one (k ≥ n/3), both as MLlib chooses.
   */
  @Test
  void driverAndSparkProfilesAgree() {
    java.util.Random rnd = new java.util.Random(17);
    for (int n : new int[] {150, 12}) {
      long[] pairs = new long[2 * (n * 3)];
      for (int i = 0; i < pairs.length; i += 2) {
        pairs[i] = rnd.nextInt(n - 3); // the last three vertices stay isolated
        pairs[i + 1] = i % 14 == 0 ? pairs[i] : rnd.nextInt(n - 3);
      }
      System.arraycopy(pairs, 0, pairs, pairs.length - 6, 6); // duplicate edges
      Graph g = TestGraphs.graph(pairs, java.util.stream.LongStream.range(0, n).map(v -> v * 3 + 1).toArray());
      g = new Graph(g.vertices(), g.edges().select(org.apache.spark.sql.functions.col("src").multiply(3).plus(1)
          .as("src"), org.apache.spark.sql.functions.col("dst").multiply(3).plus(1).as("dst")));
      SampleComparison cmp = new SampleComparison(new SampleComparison.Settings(70, 50, 5, 3L));
      GraphProfile local = cmp.profile(g);
      GraphProfile spark;
      TestSpark.get().conf().set(dev.grasp.graph.util.DriverLocal.CONF, "0");
      try {
        spark = cmp.profile(g);
      } finally {
        TestSpark.get().conf().unset(dev.grasp.graph.util.DriverLocal.CONF);
      }
      String at = n + " vertices";
      assertEquals(spark.vertices(), local.vertices(), at);
      assertEquals(spark.edges(), local.edges(), at);
      assertEquals(spark.inDegrees(), local.inDegrees(), at);
      assertEquals(spark.outDegrees(), local.outDegrees(), at);
      assertEquals(spark.wccSizes(), local.wccSizes(), at);
      assertEquals(spark.sccSizes(), local.sccSizes(), at);
      assertEquals(spark.hops(), local.hops(), at);
      assertEquals(spark.hopSources(), local.hopSources(), at);
      assertEquals(spark.reciprocity(), local.reciprocity(), 0.0, at);
      assertEquals(spark.mutualDegrees(), local.mutualDegrees(), at);
      assertTrue(local.mutualDegrees().size() > 1, "some vertices have mutual neighbours: " + local.mutualDegrees());
      assertEquals(spark.dcm(), local.dcm(), at);
      assertEquals(spark.jdm(), local.jdm(), at);
      assertEquals(spark.clusteringByDegree().keySet(), local.clusteringByDegree().keySet(), at);
      spark.clusteringByDegree().forEach((d, c) -> assertEquals(c, local.clusteringByDegree().get(d), 1e-12, at));
      assertEquals(5, local.singularValues().size(), at);
      assertEquals(spark.singularValues().keySet(), local.singularValues().keySet(), at);
      spark.singularValues().forEach((r, v) -> assertEquals(v, local.singularValues().get(r), 1e-8 * v, at));
      assertTrue(local.sccSizes().size() > 1 && local.hops().size() > 2, "a graph with structure: " + local);
    }
  }

  @Test
  void singularValuesOfAnEdgelessGraphAreEmpty() {
    SampleComparison cmp = new SampleComparison(new SampleComparison.Settings(4, 5, 3, 1L));
    assertTrue(cmp.singularValues(TestGraphs.graph(new long[0], 1, 2, 3, 4), 4, 0).isEmpty());
    // Edges whose endpoints are not vertices give no matrix entry either.
    Graph dangling = new Graph(TestGraphs.graph(new long[0], 1, 2).vertices(),
        TestGraphs.graph(TestGraphs.pairs(7, 8)).edges());
    assertTrue(cmp.singularValues(dangling, 2, 1).isEmpty());
  }

  @Test
  void profileLeavesNoRddCached() {
    // A profile returns driver-side maps only: whatever it cached (the graph, GraphX's working graphs, the BFS
    // rounds' cuts) must be released, or it pins storage memory for the sample's profile and the jobs after it.
    Graph g = TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 3, 3, 1, 3, 4, 4, 5, 5, 4, 2, 1, 6, 7, 7, 8, 8, 6, 1, 6), 9);
    Set<Object> before = TestSpark.persistentRddIds();
    GraphProfile p;
    TestSpark.get().conf().set(dev.grasp.graph.util.DriverLocal.CONF, "0"); // the Spark path
    try {
      p = new SampleComparison(new SampleComparison.Settings(4, 10, 3, 1L)).profile(g);
    } finally {
      TestSpark.get().conf().unset(dev.grasp.graph.util.DriverLocal.CONF);
    }
    Set<Object> left = TestSpark.persistentRddIds();
    left.removeAll(before);
    assertEquals(dist(1, 1, 8, 1), p.wccSizes());
    StringBuilder what = new StringBuilder();
    for (Object id : left) {
      what.append('\n').append(TestSpark.get().sparkContext().getPersistentRDDs().get((Integer) id).get()
          .toDebugString());
    }
    assertEquals(Set.of(), left, "RDDs left cached by profile():" + what);
  }

  @Test
  void reportWritesJsonPlotsAndIndex() throws Exception {
    Graph g = TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 3, 3, 1, 3, 4, 4, 5, 5, 4, 4, 6, 6, 7, 7, 1));
    Graph s = TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 3, 3, 1, 3, 4));
    SampleComparison cmp = new SampleComparison(new SampleComparison.Settings(4, 10, 3, 1L));
    GraphProfile po = cmp.profile(g);
    GraphProfile ps = cmp.profile(s);
    SampleComparison.Result r = cmp.compare(po, ps);
    Path dir = Path.of(TestSpark.freshDir("grasp-report"));
    List<Path> files = ComparisonReport.write(dir, "test", cmp.settings(), r, po, ps);
    assertEquals(10, files.size());
    JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    // mutual degrees: 4⇄5 in the original ({0: 5, 1: 2} over 7 vertices), none in the sample → D = 1 − 5/7
    assertEquals(2.0 / 7, json.get("result").get("mutualDegreeD").asDouble(), 1e-12);
    assertEquals(r.meanD(), json.get("meanD").asDouble(), 1e-12);
    assertEquals(r.inDegreeD(), json.get("d").get("inDegree").asDouble(), 1e-12);
    for (Path f : files) {
      if (f.toString().endsWith(".png")) {
        BufferedImage img = ImageIO.read(f.toFile());
        assertNotNull(img, f.toString());
        assertEquals(640, img.getWidth());
      }
    }
    String html = Files.readString(dir.resolve("index.html"));
    assertTrue(html.contains("in-degree.png") && html.contains("hop-plot.png") && html.contains("clustering.png")
        && html.contains("mutual-degree.png"));
  }

  @Test
  void settingsAreValidated() {
    assertEquals("`hopSources` must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> new SampleComparison.Settings(0, 1, 1, 1L)).getMessage());
  }

  /** Dropping self-loops keeps every vertex, and a driver copy travels with the graph, filtered the same way. */
  @Test
  void withoutSelfLoopsKeepsVerticesAndTheDriverCopy() {
    Graph g = TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 2, 3, 3, 2, 1));
    dev.grasp.graph.DriverCopy copy = new dev.grasp.graph.DriverCopy(new long[] {1, 2, 3}, new long[] {1, 2, 3, 2},
        new long[] {2, 2, 3, 1}, null);
    Graph loopFree = SampleComparison.withoutSelfLoops(dev.grasp.graph.DriverCopy.attach(g, copy));
    assertEquals(2, loopFree.edges().count());
    assertEquals(3, loopFree.vertices().count());
    dev.grasp.graph.DriverCopy c = dev.grasp.graph.DriverCopy.of(loopFree).orElseThrow();
    assertEquals(java.util.List.of(1L, 2L, 3L), java.util.Arrays.stream(c.ids()).boxed().toList());
    assertEquals(java.util.List.of(1L, 2L), java.util.Arrays.stream(c.src()).boxed().toList());
    assertEquals(java.util.List.of(2L, 1L), java.util.Arrays.stream(c.dst()).boxed().toList());
    Graph plain = TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 2));
    assertTrue(noCopy(SampleComparison.withoutSelfLoops(plain)), "a graph without a copy gets none");
  }

  private static boolean noCopy(Graph g) {
    return dev.grasp.graph.DriverCopy.of(g).isEmpty();
  }
}
