package dev.grasp.sampling.jdd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.graph.DriverCopy;
import dev.grasp.graph.Graph;
import dev.grasp.graph.util.PackedPairs;
import dev.grasp.graph.util.Seeds;
import dev.grasp.testing.TestGraphs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** {@link MutualRewiring} and {@code reciprocity keep} of {@link JddSampler}. */
class MutualRewiringTest {

  /**
   * Arcs 0→1, 1→2, 3→0 with mutual targets 1, 1, 0, 0: the only move is the target swap of 1→2 and 3→0 (out(1) =
   * out(3) = 1), giving 0→1, 1→0, 3→2 — one mutual pair, every degree and the JDM (all arcs in cell (1, 1)) kept.
   */
  @Test
  void targetSwapMakesTheOnlyPossibleMutualPair() {
    int[] src = {0, 1, 3};
    int[] dst = {1, 2, 0};
    MutualRewiring.Result r = MutualRewiring.rewire(4, src, dst, new long[] {1, 1, 0, 0}, 1, 7);
    assertArrayEquals(new int[] {1, 0, 2}, r.dst());
    assertEquals(0, r.mutualPairsBefore());
    assertEquals(1, r.mutualPairsAfter());
    assertEquals(1, r.moves());
  }

  /**
   * A mutual pair the aim does not want is broken by a target swap with the one other arc: 0⇄1 and 2→3 become
   * 0→1, 1→3, 2→0 or 0→3, 1→0, 2→1 (which of the pair's arcs moves is the seeded order's choice).
   */
  @Test
  void surplusPairIsBrokenInsideItsCell() {
    // out(1) = out(2) = 1 and in(0) = in(3) = 1: exchanging the targets of 1→0 and 2→3 keeps the JDM
    int[] src = {0, 1, 2};
    int[] dst = {1, 0, 3};
    MutualRewiring.Result r = MutualRewiring.rewire(4, src, dst, new long[] {0, 0, 0, 0}, 0, 7);
    assertEquals(1, r.mutualPairsBefore());
    assertEquals(0, r.mutualPairsAfter());
    String got = Arrays.toString(r.dst());
    assertTrue(got.equals("[1, 3, 0]") || got.equals("[3, 0, 1]"), got);
    assertEquals(1, r.moves());
  }

  /**
   * A complete digraph on {0, 1, 2} beside the arcs 3→4, 4→5, 6→3: the K3's arcs fill the JDM block (2, 2) (3 · 3 − 3
   * = 6 slots, 6 arcs), so its 3 pairs are forced whatever the aim; the other three arcs share block (1, 1) (3 · 3 − 2
   * = 7 slots), which forces nothing. An aim of 0 breaks nothing of the K3; an aim of 4 adds the pair {3, 4} by the
   * swap of 4→5 and 6→3 (as in {@link #targetSwapMakesTheOnlyPossibleMutualPair}), and 3 pairs stay forced.
   */
  @Test
  void pairsOfCompleteJdmBlocksAreForced() {
    int[] src = {0, 0, 1, 1, 2, 2, 3, 4, 6};
    int[] dst = {1, 2, 0, 2, 0, 1, 4, 5, 3};
    MutualRewiring.Result none = MutualRewiring.rewire(7, src, dst, new long[7], 0, 7);
    assertEquals(3, none.forcedPairs());
    assertEquals(3, none.mutualPairsAfter());
    assertArrayEquals(dst, none.dst());
    MutualRewiring.Result more = MutualRewiring.rewire(7, src, dst, new long[] {2, 2, 2, 1, 1, 0, 0}, 4, 7);
    assertEquals(3, more.forcedPairs());
    assertEquals(4, more.mutualPairsAfter());
    assertArrayEquals(new int[] {1, 2, 0, 2, 0, 1, 4, 3, 5}, more.dst());
  }

  /**
   * On random simple digraphs with random targets and aims, every node keeps its in- and out-degree, the JDM is
   * unchanged, no self-loop or repeated arc appears, the reported pair count is the real one, and the objective
   * L + 4·|pairs − aim| never rises.
   */
  @Test
  void movesKeepDegreesAndTheJdmAndNeverRaiseTheObjective() {
    for (long seed = 1; seed <= 6; seed++) {
      int n = 60 + (int) (seed * 13);
      long[] flat = Digraphs.skewed(n, n * 6, 1.8, 1.3, seed);
      long[] arcs = simpleSorted(flat);
      int m = arcs.length;
      int[] src = new int[m];
      int[] dst = new int[m];
      for (int e = 0; e < m; e++) {
        src[e] = PackedPairs.first(arcs[e]);
        dst[e] = PackedPairs.second(arcs[e]);
      }
      long[] target = new long[n];
      long[] in = new long[n];
      long[] out = new long[n];
      for (int e = 0; e < m; e++) {
        out[src[e]]++;
        in[dst[e]]++;
      }
      for (int v = 0; v < n; v++) {
        target[v] = Math.floorMod(Seeds.hash(seed, v), Math.min(in[v], out[v]) + 1);
      }
      long aim = Math.floorMod(Seeds.hash(seed, -1), m / 2 + 1);
      long[] before = MutualRewiring.mutualDegrees(arcs, m, n);
      MutualRewiring.Result r = MutualRewiring.rewire(n, src, dst, target, aim, seed);
      long[] after = packed(src, r.dst());
      Arrays.sort(after);
      for (int e = 1; e < m; e++) {
        assertTrue(after[e] != after[e - 1], "repeated arc");
      }
      long[] inAfter = new long[n];
      for (int e = 0; e < m; e++) {
        assertTrue(src[e] != r.dst()[e], "self-loop");
        inAfter[r.dst()[e]]++;
      }
      assertArrayEquals(in, inAfter, "in-degrees");
      assertEquals(jdm(arcs, in, out), jdm(after, in, out), "JDM");
      long[] mutualAfter = MutualRewiring.mutualDegrees(after, m, n);
      assertEquals(Arrays.stream(mutualAfter).sum() / 2, r.mutualPairsAfter());
      assertTrue(objective(mutualAfter, target, aim) <= objective(before, target, aim), "seed " + seed);
    }
  }

  /**
   * All-mutual input (circulants, each edge both ways): {@code keep} makes every sample edge mutual, {@code ignore}
   * does not; the DCM and JDM are the rescaled ones either way and the in/out KS are the same.
   */
  @Test
  void allMutualInputGivesAnAllMutualSample() {
    List<Long> flat = new ArrayList<>();
    circulant(flat, 0, 40, 1, 2);
    circulant(flat, 100, 60, 1, 2, 3);
    long[] pairs = flat.stream().mapToLong(Long::longValue).toArray();
    JddSampler.LocalSample ignore = new JddSampler().setRatio(0.5).setSeed(3).sampleInDriver(copy(pairs), 1L << 26);
    JddSampler.LocalSample keep = new JddSampler().setRatio(0.5).setSeed(3).setReciprocity("keep")
        .sampleInDriver(copy(pairs), 1L << 26);
    assertEquals(1.0, keep.report().reciprocity().reciprocityInput());
    assertEquals(1.0, keep.report().reciprocity().reciprocitySample());
    assertEquals(1.0, reciprocity(keep.graph()));
    assertEquals(0.0, keep.report().reciprocity().ksMutualDegree());
    assertTrue(ignore.report().reciprocity().reciprocitySample() < 0.5, "ignore places mutual pairs at random");
    assertEquals(-1.0, ignore.report().reciprocity().reciprocityTarget());
    assertTrue(keep.report().check().constructedEqualsTarget());
    assertEquals(ignore.report().fidelity(), keep.report().fidelity());
  }

  /** No mutual input edge (a DAG): {@code keep} leaves no mutual pair in the sample. */
  @Test
  void acyclicInputGivesASampleWithoutMutualPairs() {
    long[] skewed = Digraphs.skewed(150, 900, 1.6, 1.4, 11);
    List<Long> flat = new ArrayList<>();
    for (int i = 0; i < skewed.length; i += 2) {
      if (skewed[i] != skewed[i + 1]) {
        flat.add(Math.min(skewed[i], skewed[i + 1]));
        flat.add(Math.max(skewed[i], skewed[i + 1]));
      }
    }
    long[] pairs = flat.stream().mapToLong(Long::longValue).toArray();
    JddSampler.LocalSample ignore = new JddSampler().setRatio(0.5).setSeed(5).sampleInDriver(copy(pairs), 1L << 26);
    JddSampler.LocalSample keep = new JddSampler().setRatio(0.5).setSeed(5).setReciprocity("keep")
        .sampleInDriver(copy(pairs), 1L << 26);
    assertEquals(0.0, keep.report().reciprocity().reciprocityInput());
    assertTrue(ignore.report().reciprocity().reciprocitySample() > 0, "the construction makes some mutual pairs");
    assertEquals(0.0, keep.report().reciprocity().reciprocitySample());
    assertEquals(0.0, reciprocity(keep.graph()));
    assertTrue(keep.report().check().constructedEqualsTarget());
  }

  /**
   * Mixed input (a skewed digraph with every edge out of a multiple of 3 reciprocated): the Spark stages and the
   * driver give the same {@code keep} sample and report; the sample's reciprocity is within 0.02 of the input's.
   */
  @Test
  void mixedInputKeepsItsReciprocityOnBothPaths() {
    long[] skewed = Digraphs.skewed(200, 1300, 2.0, 1.5, 17);
    List<Long> flat = new ArrayList<>();
    for (int i = 0; i < skewed.length; i += 2) {
      flat.add(skewed[i]);
      flat.add(skewed[i + 1]);
      if (skewed[i] % 3 == 0) {
        flat.add(skewed[i + 1]);
        flat.add(skewed[i]);
      }
    }
    long[] pairs = flat.stream().mapToLong(Long::longValue).toArray();
    Graph g = TestGraphs.graph(pairs);
    JddSampler sampler = new JddSampler().setRatio(0.4).setSeed(8).setReciprocity("keep");
    JddSample spark = sampler.sample(g);
    JddSampler.LocalSample local = sampler.sampleInDriver(copy(pairs), 1L << 26);
    List<String> sparkEdges = new ArrayList<>();
    for (Row r : spark.graph().edges().orderBy("src", "dst").collectAsList()) {
      sparkEdges.add(r.getLong(0) + ">" + r.getLong(1));
    }
    List<String> localEdges = new ArrayList<>();
    for (int e = 0; e < local.graph().edgeCount(); e++) {
      localEdges.add(local.graph().src()[e] + ">" + local.graph().dst()[e]);
    }
    assertEquals(sparkEdges, localEdges);
    assertEquals(spark.report().toJson().replaceAll("\"seconds\\w+\" : [0-9.eE-]+", ""),
        local.report().toJson().replaceAll("\"seconds\\w+\" : [0-9.eE-]+", ""));
    JddReport.Reciprocity rr = local.report().reciprocity();
    assertTrue(rr.reciprocityInput() > 0.2 && rr.reciprocityInput() < 0.8, "mixed: " + rr.reciprocityInput());
    assertEquals(reciprocity(local.graph()), rr.reciprocitySample(), 1e-12);
    assertEquals(rr.reciprocityInput(), rr.reciprocitySample(), 0.02);
    assertTrue(rr.reciprocityMoves() > 0);
    assertTrue(local.report().check().constructedEqualsTarget());
  }

  /**
   * The centred systematic draw: one of five is the median (q = 2), two of four are q = 0 and 2, three of nine are
   * q = 1, 4, 7 (the middle of each run of three); every (take, size) picks exactly take positions.
   */
  @Test
  void systematicDrawPicksTheCentresOfEqualRuns() {
    assertEquals(List.of(2L), picks(1, 5));
    assertEquals(List.of(0L, 2L), picks(2, 4));
    assertEquals(List.of(1L, 4L, 7L), picks(3, 9));
    assertEquals(List.of(0L, 1L, 2L), picks(3, 3));
    for (long size = 1; size <= 30; size++) {
      for (long take = 0; take <= size; take++) {
        assertEquals(take, picks(take, size).size(), take + " of " + size);
      }
    }
  }

  private static List<Long> picks(long take, long size) {
    List<Long> q = new ArrayList<>();
    for (long i = 0; i < size; i++) {
      if (JddSampler.systematic(i, take, size)) {
        q.add(i);
      }
    }
    return q;
  }

  @Test
  void badReciprocityIsRejectedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new JddSampler().setReciprocity("both"));
    assertTrue(e.getMessage().contains("`reciprocity`") && e.getMessage().contains("both"), e.getMessage());
    JddSampler defaults = new JddSampler();
    assertEquals("ignore", defaults.getOrDefault(defaults.reciprocity()));
    assertTrue(!defaults.keepsReciprocity() && defaults.setReciprocity("keep").keepsReciprocity());
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static void circulant(List<Long> flat, long first, int n, int... offsets) {
    for (int i = 0; i < n; i++) {
      for (int o : offsets) {
        flat.add(first + i);
        flat.add(first + (i + o) % n);
        flat.add(first + (i + o) % n);
        flat.add(first + i);
      }
    }
  }

  private static DriverCopy copy(long[] flat) {
    Set<Long> ids = new HashSet<>();
    long[] src = new long[flat.length / 2];
    long[] dst = new long[flat.length / 2];
    for (int i = 0; i < src.length; i++) {
      src[i] = flat[2 * i];
      dst[i] = flat[2 * i + 1];
      ids.add(src[i]);
      ids.add(dst[i]);
    }
    return new DriverCopy(ids.stream().mapToLong(Long::longValue).sorted().toArray(), src, dst, null);
  }

  /** Reciprocity of a simple sample, counted directly: edges whose reverse is an edge, over edges. */
  private static double reciprocity(DriverCopy g) {
    Set<String> arcs = new HashSet<>();
    for (int e = 0; e < g.edgeCount(); e++) {
      arcs.add(g.src()[e] + ">" + g.dst()[e]);
    }
    long back = 0;
    for (int e = 0; e < g.edgeCount(); e++) {
      back += arcs.contains(g.dst()[e] + ">" + g.src()[e]) ? 1 : 0;
    }
    return g.edgeCount() == 0 ? 0 : (double) back / g.edgeCount();
  }

  private static long[] simpleSorted(long[] flat) {
    Set<Long> seen = new HashSet<>();
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < flat.length; i += 2) {
      if (flat[i] != flat[i + 1] && seen.add(PackedPairs.pack((int) flat[i], (int) flat[i + 1]))) {
        out.add(PackedPairs.pack((int) flat[i], (int) flat[i + 1]));
      }
    }
    return out.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  private static long[] packed(int[] src, int[] dst) {
    long[] p = new long[src.length];
    for (int e = 0; e < src.length; e++) {
      p[e] = PackedPairs.pack(src[e], dst[e]);
    }
    return p;
  }

  private static CountMatrix jdm(long[] arcs, long[] in, long[] out) {
    CountMatrix m = new CountMatrix();
    for (long a : arcs) {
      long k = out[PackedPairs.first(a)];
      long l = in[PackedPairs.second(a)];
      m.set(k, l, m.get(k, l) + 1);
    }
    return m;
  }

  private static long objective(long[] mutual, long[] target, long aim) {
    long l = 0;
    long pairs = 0;
    for (int v = 0; v < mutual.length; v++) {
      l += Math.abs(target[v] - mutual[v]);
      pairs += mutual[v];
    }
    return l + MutualRewiring.PAIR_WEIGHT * Math.abs(pairs / 2 - aim);
  }
}
