package dev.grasp.sampling.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.graph.Graph;
import dev.grasp.testing.TestGraphs;
import dev.grasp.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BaselineSamplersTest {

  private static Graph skewed;
  private static Graph small;

  @BeforeAll
  static void fixtures() {
    TestSpark.get();
    skewed = SamplerFixtures.skewed(150, 600, 10, 5L).persist(org.apache.spark.storage.StorageLevel.MEMORY_ONLY());
    small = SamplerFixtures.skewed(60, 200, 4, 9L).persist(org.apache.spark.storage.StorageLevel.MEMORY_ONLY());
  }

  private static List<Supplier<BaseSampler<?>>> all() {
    List<Supplier<BaseSampler<?>>> list = new ArrayList<>();
    list.add(RandomNodeSampler::new);
    list.add(RandomEdgeSampler::new);
    list.add(() -> new RandomEdgeSampler().setInduced(true));
    list.add(RandomWalkSampler::new);
    list.add(ForestFireSampler::new);
    return list;
  }

  private static boolean isInduced(BaseSampler<?> s) {
    return !(s instanceof RandomEdgeSampler) || ((RandomEdgeSampler) s).getInduced();
  }

  /** Edges only between sampled vertices; for induced methods, exactly the original edges among them. */
  private static void assertValid(Graph original, Graph sample, BaseSampler<?> s) {
    Set<Long> ids = SamplerFixtures.vertexIds(sample);
    List<String> sampleEdges = SamplerFixtures.edgeList(sample);
    List<String> among = new ArrayList<>();
    for (String e : SamplerFixtures.edgeList(original)) {
      String[] p = e.split(">");
      if (ids.contains(Long.parseLong(p[0])) && ids.contains(Long.parseLong(p[1]))) {
        among.add(e);
      }
    }
    for (String e : sampleEdges) {
      String[] p = e.split(">");
      assertTrue(ids.contains(Long.parseLong(p[0])) && ids.contains(Long.parseLong(p[1])),
          s.getClass().getSimpleName() + ": edge " + e + " leaves the sample");
    }
    if (isInduced(s)) {
      assertEquals(among, sampleEdges, s.getClass().getSimpleName() + " must be induced");
    } else {
      assertTrue(among.containsAll(sampleEdges), "random edge sample edges are original edges");
    }
  }

  @Test
  void sizeWithinTwoPercentAndValid() {
    for (double r : new double[] {0.3}) {
      for (Supplier<BaseSampler<?>> make : all()) {
        BaseSampler<?> s = make.get().setRatio(r);
        Graph sample = s.sample(skewed);
        long target = BaseSampler.targetSize(160, r);
        long size = sample.numVertices();
        String what = s.getClass().getSimpleName() + " at r=" + r;
        if (s instanceof RandomEdgeSampler) {
          assertTrue(size == target || size == target + 1, what + ": " + size + " vs " + target);
        } else {
          assertEquals(target, size, what);
        }
        assertTrue(Math.abs(size - target) <= Math.max(1, 0.02 * target), what);
        assertValid(skewed, sample, s);
      }
    }
  }

  @Test
  void sameSeedSameSampleForOneThreeEightPartitions() {
    for (Supplier<BaseSampler<?>> make : all()) {
      Set<Long> firstIds = null;
      List<String> firstEdges = null;
      for (int parts : new int[] {1, 3, 8}) {
        Graph sample = make.get().setRatio(0.3).setSeed(42L).sample(SamplerFixtures.repartitioned(small, parts));
        Set<Long> ids = SamplerFixtures.vertexIds(sample);
        List<String> edges = SamplerFixtures.edgeList(sample);
        if (firstIds == null) {
          firstIds = ids;
          firstEdges = edges;
        } else {
          assertEquals(firstIds, ids, make.get().getClass().getSimpleName() + " vertices, " + parts + " parts");
          assertEquals(firstEdges, edges, make.get().getClass().getSimpleName() + " edges, " + parts + " parts");
        }
      }
      Set<Long> other = SamplerFixtures.vertexIds(make.get().setRatio(0.3).setSeed(43L).sample(small));
      assertFalse(other.equals(firstIds), make.get().getClass().getSimpleName() + " ignores its seed");
    }
  }

  @Test
  void disconnectedGraphAndSinksStillReachTheTarget() {
    // Two directed 30-cycles, a star whose 60 leaves are sinks, 20 isolated vertices: 140 vertices.
    List<Long> pairs = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 30; i++) {
        pairs.add(100L * c + i);
        pairs.add(100L * c + (i + 1) % 30);
      }
    }
    for (int i = 0; i < 60; i++) {
      pairs.add(1000L);
      pairs.add(2000L + i);
    }
    long[] flat = pairs.stream().mapToLong(Long::longValue).toArray();
    long[] isolated = new long[20];
    for (int i = 0; i < 20; i++) {
      isolated[i] = 5000L + i;
    }
    Graph g = TestGraphs.graph(flat, isolated);
    long n = 2 * 30 + 61 + 20;
    for (Supplier<BaseSampler<?>> make : all()) {
      BaseSampler<?> s = make.get().setRatio(0.6);
      Graph sample = s.sample(g);
      long target = BaseSampler.targetSize(n, 0.6);
      long size = sample.numVertices();
      assertTrue(size == target || (s instanceof RandomEdgeSampler && size == target + 1),
          s.getClass().getSimpleName() + ": " + size + " vs " + target);
      assertValid(g, sample, s);
    }
  }

  @Test
  void edgelessGraphAndTargetsAtLeastTheGraph() {
    long[] ids = new long[50];
    for (int i = 0; i < 50; i++) {
      ids[i] = i * 7L;
    }
    Graph edgeless = TestGraphs.graph(new long[0], ids);
    for (Supplier<BaseSampler<?>> make : all()) {
      assertEquals(10, make.get().setRatio(0.2).sample(edgeless).numVertices(), make.get().getClass().getSimpleName());
      // ratio 1 keeps everything; so does a graph smaller than one vertex's worth of ratio.
      Graph whole = make.get().setRatio(1.0).sample(skewed);
      assertSame(skewed, whole);
      Graph tiny = TestGraphs.graph(TestGraphs.pairs(1, 2));
      BaseSampler<?> s = make.get().setRatio(0.3);
      long size = s.sample(tiny).numVertices();
      // Random edge draws whole edges: the one edge brings both endpoints (target + 1, documented).
      assertEquals(s instanceof RandomEdgeSampler ? 2 : 1, size, s.getClass().getSimpleName());
    }
  }

  @Test
  void paramsDefaultsAndErrors() {
    ForestFireSampler ff = new ForestFireSampler();
    assertEquals(0.7, ff.getForwardProbability());
    assertEquals(0.32, ff.getBackwardRatio());
    assertEquals(0.1, ff.getRatio());
    assertEquals(BaseSampler.DEFAULT_SEED, ff.getSeed());
    RandomWalkSampler rw = new RandomWalkSampler();
    assertEquals(0.15, rw.getRestartProbability());
    assertEquals(4, rw.effectiveWalkers(10));
    assertEquals(3, rw.setNumWalkers(3).effectiveWalkers(10));
    assertEquals(2, rw.setNumWalkers(3).effectiveWalkers(2));
    assertEquals("`ratio` must be in (0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class, () -> new RandomNodeSampler().setRatio(1.5)).getMessage());
    assertEquals("`forwardProbability` must be in [0, 1), got 1.0",
        assertThrows(IllegalArgumentException.class, () -> ff.setForwardProbability(1.0)).getMessage());
    assertEquals("`restartProbability` must be in [0, 1), got -0.1",
        assertThrows(IllegalArgumentException.class, () -> rw.setRestartProbability(-0.1)).getMessage());
    RandomWalkSampler copy = (RandomWalkSampler) rw.setRatio(0.3).copy(new org.apache.spark.ml.param.ParamMap());
    assertEquals(0.3, copy.getRatio());
    assertEquals(rw.uid(), copy.uid());
  }
}
