package dev.grasp.sampling.jdd;

import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Removes the self-loops of the block designs without changing any node's degrees or any block's edge count (so DCM'
 * and JDM' are untouched), on the driver.
 *
 * <p>A self-loop w→w sits in block (k, l) with k = out(w), l = in(w). First choice: an endpoint swap with an edge x→y
 * of the same block (w→y, x→w), of a block (k', l) (the same swap; each new edge stays in its block) or of a block
 * (k, l') (sources swapped). Distinct ranks within a class, or distinct classes, make the new edges non-loops; the
 * designs' closed-form inverse ({@link BlockDesign#positionOf}) plus the changes so far make them non-duplicates.
 * When a block is nearly full no such swap may exist; then w is moved, by exchanging rank labels inside its out-class
 * and in-class (which hands w's whole out- or in-edge set to another node of the same degree), onto an unused pair of
 * its block, provided no node involved ends up on a used self-pair. That needs the members of those two classes,
 * fetched through {@link Members} (small: only classes of nearly full blocks get there).
 *
 * <p>Partners are tried at seeded-hash positions first, then by a scan, so the result is a pure function of the seed.
 * Memory O(self-loops + swaps + members fetched); time O(1) expected per self-loop in sparse blocks, a scan of the
 * block (or of its N_k × N_l rank grid) otherwise.
 */
final class Repairer {

  /** A changed edge: position q of block (k, l) now joins out-rank rho to in-rank sigma. */
  record Swap(long k, long l, long q, long rho, long sigma) {}

  /** After repair, every generated edge endpoint {@code oldId} of the given side must read {@code newId}. */
  record Remap(long oldId, long newId) {}

  /** A self-loop to repair: position q of block (k, l). */
  record Position(long k, long l, long q) {}

  /** A sample node with its class and its ranks inside its out-class and in-class. */
  record Member(long id, long inDegree, long outDegree, long inRank, long outRank) {}

  /** Sample nodes of one class. */
  interface Members {
    List<Member> withOutDegree(long k);

    List<Member> withInDegree(long l);
  }

  /** The pair a block position joins: out-rank rho to in-rank sigma. */
  private record RankPair(long rho, long sigma) {}

  /** Where a looping edge's partner is looked for (in this order). */
  private enum Partner {
    /** the same block */
    SAME_BLOCK,
    /** a block of the same in-class: the targets are swapped */
    SAME_IN_CLASS,
    /** a block of the same out-class: the sources are swapped */
    SAME_OUT_CLASS
  }

  /** A fetched node's class (fixed) and its ranks (moved by rank moves). */
  private static final class Ranked {
    final long in;
    final long out;
    long inRank;
    long outRank;

    Ranked(Member m) {
      in = m.inDegree();
      out = m.outDegree();
      inRank = m.inRank();
      outRank = m.outRank();
    }

    long rank(Side side) {
      return side == Side.OUT ? outRank : inRank;
    }

    void setRank(Side side, long r) {
      if (side == Side.OUT) {
        outRank = r;
      } else {
        inRank = r;
      }
    }
  }

  private static final int RANDOM_ATTEMPTS = 64;
  private static final long MAX_GRID = 4_000_000L;

  /** The blocks by {@link CountMatrix#pairKey}(k, l), so in (k, l) order. */
  private final Map<Long, BlockDesign> blocks = new TreeMap<>();
  private final Map<Long, List<BlockDesign>> byOut = new TreeMap<>();
  private final Map<Long, List<BlockDesign>> byIn = new TreeMap<>();
  private final Map<BlockDesign, Map<Long, RankPair>> current = new HashMap<>();
  private final Map<BlockDesign, Map<List<Long>, Long>> added = new HashMap<>();
  private final Map<BlockDesign, TreeSet<Long>> pending = new HashMap<>();
  private final Members members;
  private final long seed;
  // Fetched classes: every fetched node's class and current ranks, owners of ranks now and originally.
  private final Map<Long, Ranked> rec = new HashMap<>();
  private final Map<List<Long>, Long> outOwner = new HashMap<>();
  private final Map<List<Long>, Long> inOwner = new HashMap<>();
  private final Map<List<Long>, Long> outOrig = new HashMap<>();
  private final Map<List<Long>, Long> inOrig = new HashMap<>();
  private final Set<Long> fetchedOut = new HashSet<>();
  private final Set<Long> fetchedIn = new HashSet<>();
  private long swaps;
  private long rankMoves;

  Repairer(List<BlockDesign> designs, Members members, long seed) {
    this.members = members;
    this.seed = seed;
    for (BlockDesign b : designs) {
      blocks.put(CountMatrix.pairKey(b.k, b.l), b);
      byOut.computeIfAbsent(b.k, x -> new ArrayList<>()).add(b);
      byIn.computeIfAbsent(b.l, x -> new ArrayList<>()).add(b);
    }
  }

  /** Edge swaps plus rank moves made so far. */
  long swaps() {
    return swaps + rankMoves;
  }

  /** Repairs the self-loops at the given (k, l, q) positions; returns every changed position with its new pair. */
  List<Swap> repair(List<Position> selfLoops) {
    for (Position s : selfLoops) {
      BlockDesign b = blocks.get(CountMatrix.pairKey(s.k(), s.l()));
      if (b == null) {
        throw new IllegalStateException("self-loop in unknown block (" + s.k() + ", " + s.l() + ")");
      }
      pending.computeIfAbsent(b, x -> new TreeSet<>()).add(s.q());
    }
    long steps = 0;
    long limit = 1000L + 100L * selfLoops.size();
    boolean any = true;
    while (any) {
      any = false;
      for (BlockDesign b : blocks.values()) {
        TreeSet<Long> p = pending.get(b);
        while (p != null && !p.isEmpty()) {
          if (++steps > limit) {
            throw new IllegalStateException("self-loop repair did not finish within " + limit + " steps");
          }
          fix(b, p.first());
          any = true;
        }
      }
    }
    List<Swap> out = new ArrayList<>();
    for (BlockDesign b : blocks.values()) {
      Map<Long, RankPair> c = current.get(b);
      if (c == null) {
        continue;
      }
      for (Long q : new TreeSet<>(c.keySet())) {
        RankPair pr = c.get(q);
        out.add(new Swap(b.k, b.l, q, pr.rho(), pr.sigma()));
      }
    }
    return out;
  }

  /** Source ids to rewrite after {@link #repair} (rank moves inside out-classes). */
  List<Remap> sourceRemaps() {
    return remaps(outOrig, outOwner);
  }

  /** Target ids to rewrite after {@link #repair} (rank moves inside in-classes). */
  List<Remap> targetRemaps() {
    return remaps(inOrig, inOwner);
  }

  private static List<Remap> remaps(Map<List<Long>, Long> orig, Map<List<Long>, Long> now) {
    TreeMap<Long, Long> m = new TreeMap<>();
    for (Map.Entry<List<Long>, Long> e : orig.entrySet()) {
      long cur = now.get(e.getKey());
      if (cur != e.getValue()) {
        m.put(e.getValue(), cur);
      }
    }
    List<Remap> out = new ArrayList<>();
    m.forEach((a, b) -> out.add(new Remap(a, b)));
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------

  private void fix(BlockDesign b, long qw) {
    RankPair now = pairAt(b, qw);
    long x1 = now.rho();
    long y1 = now.sigma();
    if (tryBlock(b, qw, x1, y1, b, Partner.SAME_BLOCK)) {
      return;
    }
    for (BlockDesign other : byIn.get(b.l)) {
      if (other != b && tryBlock(b, qw, x1, y1, other, Partner.SAME_IN_CLASS)) {
        return;
      }
    }
    for (BlockDesign other : byOut.get(b.k)) {
      if (other != b && tryBlock(b, qw, x1, y1, other, Partner.SAME_OUT_CLASS)) {
        return;
      }
    }
    if (moveOntoFreePair(b, qw, x1, y1)) {
      return;
    }
    throw new IllegalStateException("no swap or rank move removes the self-loop at position " + qw + " of " + b);
  }

  private boolean tryBlock(BlockDesign b, long qw, long x1, long y1, BlockDesign o, Partner kind) {
    for (int attempt = 0; attempt < RANDOM_ATTEMPTS; attempt++) {
      long q2 = Math.floorMod(Seeds.hash(seed, b.k, b.l, qw, o.k, o.l, attempt), o.m);
      if (trySwap(b, qw, x1, y1, o, q2, kind)) {
        return true;
      }
    }
    for (long q2 = 0; q2 < o.m; q2++) {
      if (trySwap(b, qw, x1, y1, o, q2, kind)) {
        return true;
      }
    }
    return false;
  }

  private boolean trySwap(BlockDesign b, long qw, long x1, long y1, BlockDesign o, long q2, Partner kind) {
    if (o == b && q2 == qw) {
      return false;
    }
    RankPair pr = pairAt(o, q2);
    long x2 = pr.rho();
    long y2 = pr.sigma();
    RankPair newW;
    RankPair newO;
    if (kind == Partner.SAME_OUT_CLASS) {
      // x→w in (k, l) at qw, w→y in (k, l') at q2.
      if (x2 == x1) {
        return false;
      }
      newW = new RankPair(x2, y1);
      newO = new RankPair(x1, y2);
    } else {
      // w→y in (k, l) at qw, x→w in (k' or k, l) at q2.
      if (y2 == y1 || (o == b && x2 == x1)) {
        return false;
      }
      newW = new RankPair(x1, y2);
      newO = new RankPair(x2, y1);
    }
    if (positionNow(b, newW.rho(), newW.sigma()) >= 0 || positionNow(o, newO.rho(), newO.sigma()) >= 0) {
      return false;
    }
    boolean partnerWasLoop = pending.containsKey(o) && pending.get(o).contains(q2);
    set(b, qw, newW);
    set(o, q2, newO);
    pending.get(b).remove(qw);
    if (partnerWasLoop) {
      pending.get(o).remove(q2);
    }
    swaps++;
    return true;
  }

  /**
   * Moves the looping node w onto an unused pair (ρ_u, σ_u) of its block by exchanging rank labels with the current
   * owners of ρ_u (out-class k) and σ_u (in-class l), accepting the first move after which none of the (up to three)
   * nodes involved sits on a used self-pair.
   */
  private boolean moveOntoFreePair(BlockDesign b, long qw, long x1, long y1) {
    if (members == null || b.nk * b.nl > MAX_GRID) {
      return false;
    }
    fetchOut(b.k);
    fetchIn(b.l);
    long w = outOwner.get(List.of(b.k, x1));
    long r0 = Math.floorMod(Seeds.hash(seed, b.k, b.l, qw, 1L), b.nk);
    long s0 = Math.floorMod(Seeds.hash(seed, b.k, b.l, qw, 2L), b.nl);
    RankPair best = null; // here: the owners (z1, z2) of the free pair's ranks
    int bestLoops = Integer.MAX_VALUE;
    for (long i = 0; i < b.nk && bestLoops > 0; i++) {
      long ru = (r0 + i) % b.nk;
      for (long j = 0; j < b.nl && bestLoops > 0; j++) {
        long su = (s0 + j) % b.nl;
        if (positionNow(b, ru, su) >= 0) {
          continue;
        }
        long z1 = outOwner.get(List.of(b.k, ru));
        long z2 = inOwner.get(List.of(b.l, su));
        int loops = applyMove(b, w, z1, z2, false);
        if (loops < bestLoops) {
          bestLoops = loops;
          best = new RankPair(z1, z2);
        }
      }
    }
    if (best == null) {
      return false;
    }
    // A move that leaves another node on a used self-pair is still progress: that loop sits in another row or
    // column of the rank grid and is queued for its own repair (bounded by the caller's step limit).
    applyMove(b, w, best.rho(), best.sigma(), true);
    rankMoves++;
    return true;
  }

  /** Moves w onto the ranks of z1 (out) and z2 (in); returns the loops left among the nodes involved. */
  private int applyMove(BlockDesign b, long w, long z1, long z2, boolean keep) {
    Set<Long> involved = new TreeSet<>(List.of(w, z1, z2));
    List<Position> oldLoops = new ArrayList<>();
    for (long v : involved) {
      Position pos = loopPosition(v);
      if (pos != null) {
        oldLoops.add(pos);
      }
    }
    swapRanks(Side.OUT, b.k, w, z1);
    swapRanks(Side.IN, b.l, w, z2);
    List<Position> newLoops = new ArrayList<>();
    for (long v : involved) {
      Position pos = loopPosition(v);
      if (pos != null) {
        newLoops.add(pos);
      }
    }
    if (keep) {
      for (Position pos : oldLoops) {
        TreeSet<Long> p = pending.get(blocks.get(CountMatrix.pairKey(pos.k(), pos.l())));
        if (p != null) {
          p.remove(pos.q());
        }
      }
      for (Position pos : newLoops) {
        pending.computeIfAbsent(blocks.get(CountMatrix.pairKey(pos.k(), pos.l())), x -> new TreeSet<>()).add(pos.q());
      }
    } else {
      swapRanks(Side.IN, b.l, w, z2);
      swapRanks(Side.OUT, b.k, w, z1);
    }
    return newLoops.size();
  }

  /** The used self-pair of a fetched node, or null. */
  private Position loopPosition(long v) {
    Ranked r = rec.get(v);
    if (r.in == 0 || r.out == 0) {
      return null;
    }
    BlockDesign blk = blocks.get(CountMatrix.pairKey(r.out, r.in));
    if (blk == null) {
      return null;
    }
    long q = positionNow(blk, r.outRank, r.inRank);
    return q < 0 ? null : new Position(blk.k, blk.l, q);
  }

  /** Which rank of a node a rank move exchanges. */
  private enum Side { OUT, IN }

  /** Exchanges the out- or in-ranks of a and b (both of class {@code cls} on that side). */
  private void swapRanks(Side side, long cls, long a, long b) {
    if (a == b) {
      return;
    }
    Ranked ra = rec.get(a);
    Ranked rb = rec.get(b);
    long t = ra.rank(side);
    ra.setRank(side, rb.rank(side));
    rb.setRank(side, t);
    Map<List<Long>, Long> owner = side == Side.OUT ? outOwner : inOwner;
    owner.put(List.of(cls, ra.rank(side)), a);
    owner.put(List.of(cls, rb.rank(side)), b);
  }

  private void fetchOut(long k) {
    if (fetchedOut.add(k)) {
      for (Member m : members.withOutDegree(k)) {
        Ranked r = rec.computeIfAbsent(m.id(), x -> new Ranked(m));
        outOwner.put(List.of(k, r.outRank), m.id());
        outOrig.put(List.of(k, m.outRank()), m.id());
      }
    }
  }

  private void fetchIn(long l) {
    if (fetchedIn.add(l)) {
      for (Member m : members.withInDegree(l)) {
        Ranked r = rec.computeIfAbsent(m.id(), x -> new Ranked(m));
        inOwner.put(List.of(l, r.inRank), m.id());
        inOrig.put(List.of(l, m.inRank()), m.id());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  private RankPair pairAt(BlockDesign b, long q) {
    Map<Long, RankPair> c = current.get(b);
    RankPair v = c == null ? null : c.get(q);
    return v != null ? v : new RankPair(b.rho(q), b.sigma(q));
  }

  /** The position now holding pair (x, y) in block b, or −1 when the pair is unused. */
  private long positionNow(BlockDesign b, long x, long y) {
    Map<List<Long>, Long> a = added.get(b);
    if (a != null) {
      Long q = a.get(List.of(x, y));
      if (q != null) {
        return q;
      }
    }
    long q = b.positionOf(x, y);
    Map<Long, RankPair> c = current.get(b);
    return q >= 0 && (c == null || !c.containsKey(q)) ? q : -1;
  }

  private void set(BlockDesign b, long q, RankPair pair) {
    RankPair old = pairAt(b, q);
    Map<List<Long>, Long> a = added.computeIfAbsent(b, x -> new HashMap<>());
    a.remove(List.of(old.rho(), old.sigma()));
    a.put(List.of(pair.rho(), pair.sigma()), q);
    current.computeIfAbsent(b, x -> new HashMap<>()).put(q, pair);
  }
}
