package dev.grasp.sampling.jdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RescalerTest {

  private static final double[] RATIOS = {0.5, 0.2, 0.1, 0.05};

  @Test
  void ratioOneLeavesBothMatricesUnchanged() {
    long[] g = Digraphs.skewed(300, 1500, 2.0, 1.5, 1);
    CountMatrix dcm = Digraphs.dcm(g, 1000, 1001, 1002);
    CountMatrix jdm = Digraphs.jdm(g);
    Rescaler.Target t = Rescaler.rescale(dcm, jdm, 1.0, 0, HubPolicy.CAP, 7);
    assertEquals(dcm, t.dcm());
    assertEquals(jdm, t.jdm());
    assertTrue(t.hubs().isEmpty());
    assertTrue(t.stubMoves().isEmpty());
    assertEquals(0, t.marginalDeviation());
  }

  /** C1–C3 hold, the node total is round(r·N), and untouched marginals are within 1 of r·N. */
  @Test
  void rescaledPairsAreRealisableWithMarginalsWithinOne() {
    for (long seed = 1; seed <= 4; seed++) {
      long[] g = Digraphs.skewed(400, 2500, 2.5, 1.5, seed);
      CountMatrix dcm = Digraphs.dcm(g, 5000, 5001, 5002, 5003);
      CountMatrix jdm = Digraphs.jdm(g);
      for (double r : RATIOS) {
        Rescaler.Target t = Rescaler.rescale(dcm, jdm, r, 0, HubPolicy.CAP, seed);
        assertEquals(List.of(), Realizability.violations(t.dcm(), t.jdm()), "r=" + r);
        assertEquals(Math.round(r * dcm.total()), t.dcm().total(), "r=" + r);
        Set<Long> touchedIn = new HashSet<>();
        Set<Long> touchedOut = new HashSet<>();
        for (StubMove m : t.stubMoves()) {
          touchedIn.add(m.fromIn());
          touchedIn.add(m.toIn());
          touchedOut.add(m.fromOut());
          touchedOut.add(m.toOut());
        }
        for (HubAdjustment h : t.hubs()) {
          touchedIn.add(h.inDegree());
          touchedIn.add(h.newInDegree());
          touchedOut.add(h.outDegree());
          touchedOut.add(h.newOutDegree());
        }
        assertWithinOne(dcm.rowSums(), t.dcm().rowSums(), r, touchedIn, "in r=" + r);
        assertWithinOne(dcm.colSums(), t.dcm().colSums(), r, touchedOut, "out r=" + r);
        // Every DCM' cell draws from an original class with no more nodes than it has.
        for (Rescaler.Draw d : t.draws()) {
          assertTrue(d.count() <= dcm.get(d.origIn(), d.origOut()), d.toString());
        }
      }
    }
  }

  private static void assertWithinOne(TreeMap<Long, Long> orig, TreeMap<Long, Long> sample, double r,
      Set<Long> touched, String what) {
    for (Map.Entry<Long, Long> e : orig.entrySet()) {
      if (touched.contains(e.getKey())) {
        continue;
      }
      double diff = Math.abs(sample.getOrDefault(e.getKey(), 0L) - r * e.getValue());
      assertTrue(diff < 1 + 1e-9, what + " degree " + e.getKey() + ": " + sample.get(e.getKey()) + " vs "
          + r * e.getValue());
    }
  }

  @Test
  void jdmRowAndColumnSumsMatchTheDcmStubs() {
    long[] g = Digraphs.skewed(500, 3000, 2.0, 2.0, 9);
    Rescaler.Target t = Rescaler.rescale(Digraphs.dcm(g), Digraphs.jdm(g), 0.2, 0, HubPolicy.CAP, 3);
    long outStubs = 0;
    long inStubs = 0;
    for (CountMatrix.Cell c : t.dcm().cells()) {
      outStubs += c.col() * c.count();
      inStubs += c.row() * c.count();
    }
    assertEquals(outStubs, inStubs);
    assertEquals(outStubs, t.jdm().total());
  }

  @Test
  void tinyRatioKeepsOneNodeAndNoEdges() {
    long[] g = Digraphs.skewed(60, 200, 1.5, 1.5, 4);
    CountMatrix dcm = Digraphs.dcm(g);
    double r = 1.0 / dcm.total();
    Rescaler.Target t = Rescaler.rescale(dcm, Digraphs.jdm(g), r, 0, HubPolicy.CAP, 1);
    assertEquals(1, t.dcm().total());
    assertEquals(0, t.jdm().total());
    // One node cannot have an edge: a positive degree must show up as a capped hub.
    CountMatrix.Cell only = t.dcm().cells().get(0);
    assertEquals(0, only.row());
    assertEquals(0, only.col());
    assertEquals(List.of(), Realizability.violations(t.dcm(), t.jdm()));
  }

  @Test
  void ratioThatRoundsToNoNodeIsRejected() {
    long[] g = Digraphs.skewed(60, 200, 1.5, 1.5, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Rescaler.rescale(Digraphs.dcm(g), Digraphs.jdm(g), 0.001, 0, HubPolicy.CAP, 1));
    assertTrue(e.getMessage().contains("`ratio`"), e.getMessage());
  }

  /** Hub 0 → 1..40 at r = 0.5: 20 sample leaves can receive, so the hub's out-degree 40 is capped to 20. */
  @Test
  void singleHubIsCappedAndReported() {
    long[] g = Digraphs.star(40);
    Rescaler.Target t = Rescaler.rescale(Digraphs.dcm(g), Digraphs.jdm(g), 0.5, 0, HubPolicy.CAP, 5);
    assertEquals(1, t.hubs().size());
    HubAdjustment h = t.hubs().get(0);
    assertEquals("capped", h.action());
    assertEquals(40, h.outDegree());
    assertEquals(1, h.count());
    long leaves = t.dcm().get(1, 0);
    assertEquals(leaves, h.newOutDegree());
    assertEquals(leaves, t.jdm().get(leaves, 1));
    assertEquals(List.of(), Realizability.violations(t.dcm(), t.jdm()));
  }

  @Test
  void hubPolicyFailNamesTheClass() {
    long[] g = Digraphs.star(40);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Rescaler.rescale(Digraphs.dcm(g), Digraphs.jdm(g), 0.5, 0, HubPolicy.FAIL, 5));
    assertTrue(e.getMessage().contains("out 40"), e.getMessage());
  }

  @Test
  void hubPolicyDropRemovesTheHubClass() {
    // Two sources pointing at 150 nodes of a skewed graph of 400 nodes: at r = 0.3 they cannot be realised.
    List<Long> p = new ArrayList<>();
    for (long x : Digraphs.skewed(400, 2400, 2.0, 1.5, 12)) {
      p.add(x);
    }
    for (long h = 1000; h < 1002; h++) {
      for (long i = 0; i < 150; i++) {
        p.add(h);
        p.add(i * 2);
      }
    }
    long[] g = p.stream().mapToLong(Long::longValue).toArray();
    Rescaler.Target t = Rescaler.rescale(Digraphs.dcm(g), Digraphs.jdm(g), 0.3, 0, HubPolicy.DROP, 5);
    assertFalse(t.hubs().isEmpty());
    for (HubAdjustment h : t.hubs()) {
      assertEquals("dropped", h.action());
      assertEquals(150, h.outDegree());
      assertEquals(0, t.dcm().get(h.inDegree(), h.outDegree()));
    }
    assertEquals(List.of(), Realizability.violations(t.dcm(), t.jdm()));
  }

  @Test
  void sourcesAndSinksOnlyStayBipartite() {
    Random rnd = new Random(3);
    List<Long> p = new ArrayList<>();
    Set<List<Long>> seen = new HashSet<>();
    for (int i = 0; i < 900; i++) {
      long s = rnd.nextInt(200);
      long d = 1000 + (long) (300 * Math.pow(rnd.nextDouble(), 1.5));
      if (seen.add(List.of(s, d))) {
        p.add(s);
        p.add(d);
      }
    }
    long[] g = p.stream().mapToLong(Long::longValue).toArray();
    for (double r : new double[] {0.5, 0.2, 0.1}) {
      Rescaler.Target t = Rescaler.rescale(Digraphs.dcm(g), Digraphs.jdm(g), r, 0, HubPolicy.CAP, 2);
      for (CountMatrix.Cell c : t.dcm().cells()) {
        assertTrue(c.row() == 0 || c.col() == 0, "mixed class " + c + " at r=" + r);
      }
      assertEquals(List.of(), Realizability.violations(t.dcm(), t.jdm()));
    }
  }

  @Test
  void isolatedNodesScaleLikeAnyClass() {
    long[] g = Digraphs.skewed(200, 800, 1.5, 1.5, 8);
    long[] iso = new long[50];
    for (int i = 0; i < iso.length; i++) {
      iso[i] = 10_000 + i;
    }
    CountMatrix dcm = Digraphs.dcm(g, iso);
    Rescaler.Target t = Rescaler.rescale(dcm, Digraphs.jdm(g), 0.2, 0, HubPolicy.CAP, 1);
    assertTrue(Math.abs(t.dcm().get(0, 0) - 0.2 * dcm.get(0, 0)) < 1 + 1e-9);
  }

  @Test
  void exactNodeCountOverridesRatio() {
    long[] g = Digraphs.skewed(300, 1200, 2.0, 1.5, 6);
    Rescaler.Target t = Rescaler.rescale(Digraphs.dcm(g), Digraphs.jdm(g), 0.5, 77, HubPolicy.CAP, 1);
    assertEquals(77, t.dcm().total());
  }

  /**
   * Mirrors the Spark construction on the driver (ranks by a seeded shuffle, designs, repair) and checks the result
   * realises DCM' and JDM' exactly with no self-loop or duplicate — for many graphs and ratios.
   */
  @Test
  void blockConstructionRealisesTheTargetExactly() {
    long repairs = 0;
    for (long seed = 1; seed <= 8; seed++) {
      // Odd seeds: moderate skew; even seeds: strong hubs on both sides, whose blocks get nearly full at small r.
      long[] g = seed % 2 == 1 ? Digraphs.skewed(300, 2000, 2.5, 1.3, seed) : Digraphs.skewed(400, 5000, 3.0, 3.0, seed);
      CountMatrix dcm = Digraphs.dcm(g, 9000, 9001);
      CountMatrix jdm = Digraphs.jdm(g);
      for (double r : new double[] {1.0, 0.5, 0.2, 0.1, 0.05}) {
        Rescaler.Target t = Rescaler.rescale(dcm, jdm, r, 0, HubPolicy.CAP, seed);
        long[] built;
        try {
          built = construct(t, seed);
        } catch (IllegalStateException e) {
          throw new AssertionError("seed " + seed + " r " + r + " |V'| " + t.dcm().total() + " |E'| " + t.jdm().total()
              + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < built.length; i += 2) {
          assertNotEquals(built[i], built[i + 1], "self-loop");
        }
        Set<List<Long>> distinct = new HashSet<>();
        for (int i = 0; i < built.length; i += 2) {
          assertTrue(distinct.add(List.of(built[i], built[i + 1])), "duplicate edge");
        }
        assertEquals(t.jdm(), Digraphs.jdm(built), "JDM r=" + r);
        long[] isolated = isolatedIds(t);
        assertEquals(t.dcm(), Digraphs.dcm(built, isolated), "DCM r=" + r);
        repairs += lastRepairs;
      }
    }
    assertTrue(repairs > 0, "the scenarios should exercise the self-loop repair");
  }

  private static long lastRepairs;

  /** Node ids 0.. by DCM' cell; isolated nodes are the (0, 0) cell's ids. */
  private static long[] isolatedIds(Rescaler.Target t) {
    long id = 0;
    List<Long> iso = new ArrayList<>();
    for (CountMatrix.Cell c : t.dcm().cells()) {
      for (long i = 0; i < c.count(); i++) {
        if (c.row() == 0 && c.col() == 0) {
          iso.add(id);
        }
        id++;
      }
    }
    return iso.stream().mapToLong(Long::longValue).toArray();
  }

  static long[] construct(Rescaler.Target t, long seed) {
    Map<Long, List<Long>> outClass = new TreeMap<>();
    Map<Long, List<Long>> inClass = new TreeMap<>();
    long id = 0;
    for (CountMatrix.Cell c : t.dcm().cells()) {
      for (long i = 0; i < c.count(); i++) {
        outClass.computeIfAbsent(c.col(), x -> new ArrayList<>()).add(id);
        inClass.computeIfAbsent(c.row(), x -> new ArrayList<>()).add(id);
        id++;
      }
    }
    Random rnd = new Random(seed);
    for (List<Long> v : outClass.values()) {
      Collections.shuffle(v, rnd);
    }
    for (List<Long> v : inClass.values()) {
      Collections.shuffle(v, rnd);
    }
    List<BlockDesign> blocks = JddSampler.blocks(t);
    Map<List<Long>, long[]> edges = new HashMap<>();
    List<Repairer.Position> loops = new ArrayList<>();
    for (BlockDesign b : blocks) {
      for (long q = 0; q < b.m; q++) {
        long s = outClass.get(b.k).get((int) b.rho(q));
        long d = inClass.get(b.l).get((int) b.sigma(q));
        edges.put(List.of(b.k, b.l, q), new long[] {s, d});
        if (s == d) {
          loops.add(new Repairer.Position(b.k, b.l, q));
        }
      }
    }
    // Members as rows {id, in, out, inRank, outRank}.
    Map<Long, long[]> node = new HashMap<>();
    for (Map.Entry<Long, List<Long>> e : outClass.entrySet()) {
      for (int r = 0; r < e.getValue().size(); r++) {
        long[] rec = node.computeIfAbsent(e.getValue().get(r), x -> new long[5]);
        rec[2] = e.getKey();
        rec[4] = r;
      }
    }
    for (Map.Entry<Long, List<Long>> e : inClass.entrySet()) {
      for (int r = 0; r < e.getValue().size(); r++) {
        long[] rec = node.computeIfAbsent(e.getValue().get(r), x -> new long[5]);
        rec[1] = e.getKey();
        rec[3] = r;
      }
    }
    node.forEach((k, v) -> v[0] = k);
    Repairer.Members members = new Repairer.Members() {
      @Override
      public List<Repairer.Member> withOutDegree(long k) {
        List<Repairer.Member> out = new ArrayList<>();
        for (long id : outClass.get(k)) {
          out.add(member(node.get(id)));
        }
        return out;
      }

      @Override
      public List<Repairer.Member> withInDegree(long l) {
        List<Repairer.Member> out = new ArrayList<>();
        for (long id : inClass.get(l)) {
          out.add(member(node.get(id)));
        }
        return out;
      }

      private Repairer.Member member(long[] r) {
        return new Repairer.Member(r[0], r[1], r[2], r[3], r[4]);
      }
    };
    Repairer rep = new Repairer(blocks, members, seed);
    for (Repairer.Swap s : rep.repair(loops)) {
      edges.put(List.of(s.k(), s.l(), s.q()), new long[] {outClass.get(s.k()).get((int) s.rho()),
          inClass.get(s.l()).get((int) s.sigma())});
    }
    Map<Long, Long> srcMap = new HashMap<>();
    rep.sourceRemaps().forEach(m -> srcMap.put(m.oldId(), m.newId()));
    Map<Long, Long> dstMap = new HashMap<>();
    rep.targetRemaps().forEach(m -> dstMap.put(m.oldId(), m.newId()));
    for (long[] e : edges.values()) {
      e[0] = srcMap.getOrDefault(e[0], e[0]);
      e[1] = dstMap.getOrDefault(e[1], e[1]);
    }
    lastRepairs = rep.swaps();
    long[] out = new long[edges.size() * 2];
    int i = 0;
    for (long[] e : edges.values()) {
      out[i++] = e[0];
      out[i++] = e[1];
    }
    return out;
  }
}
