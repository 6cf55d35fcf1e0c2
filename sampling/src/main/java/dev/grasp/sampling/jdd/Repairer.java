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

  /** Sample nodes of one class as rows {id, inDegree, outDegree, inRank, outRank}. */
  interface Members {
    List<long[]> withOutDegree(long k);

    List<long[]> withInDegree(long l);
  }

  private static final int RANDOM_ATTEMPTS = 64;
  private static final long MAX_GRID = 4_000_000L;
  private static final int IN = 0;
  private static final int OUT = 1;
  private static final int IN_RANK = 2;
  private static final int OUT_RANK = 3;

  private final Map<List<Long>, BlockDesign> blocks = new TreeMap<>(Repairer::compareKeys);
  private final Map<Long, List<BlockDesign>> byOut = new TreeMap<>();
  private final Map<Long, List<BlockDesign>> byIn = new TreeMap<>();
  private final Map<BlockDesign, Map<Long, long[]>> current = new HashMap<>();
  private final Map<BlockDesign, Map<List<Long>, Long>> added = new HashMap<>();
  private final Map<BlockDesign, TreeSet<Long>> pending = new HashMap<>();
  private final Members members;
  private final long seed;
  // Fetched classes: current records id → {in, out, inRank, outRank}, owners of ranks now and originally.
  private final Map<Long, long[]> rec = new HashMap<>();
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
      blocks.put(List.of(b.k, b.l), b);
      byOut.computeIfAbsent(b.k, x -> new ArrayList<>()).add(b);
      byIn.computeIfAbsent(b.l, x -> new ArrayList<>()).add(b);
    }
  }

  /** Edge swaps plus rank moves made so far. */
  long swaps() {
    return swaps + rankMoves;
  }

  /** Repairs the self-loops at the given (k, l, q) positions; returns every changed position with its new pair. */
  List<Swap> repair(List<long[]> selfLoops) {
    for (long[] s : selfLoops) {
      BlockDesign b = blocks.get(List.of(s[0], s[1]));
      if (b == null) {
        throw new IllegalStateException("self-loop in unknown block (" + s[0] + ", " + s[1] + ")");
      }
      pending.computeIfAbsent(b, x -> new TreeSet<>()).add(s[2]);
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
      Map<Long, long[]> c = current.get(b);
      if (c == null) {
        continue;
      }
      for (Long q : new TreeSet<>(c.keySet())) {
        long[] pr = c.get(q);
        out.add(new Swap(b.k, b.l, q, pr[0], pr[1]));
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
    long[] now = pairAt(b, qw);
    long x1 = now[0];
    long y1 = now[1];
    if (tryBlock(b, qw, x1, y1, b, 0)) {
      return;
    }
    for (BlockDesign other : byIn.get(b.l)) {
      if (other != b && tryBlock(b, qw, x1, y1, other, 1)) {
        return;
      }
    }
    for (BlockDesign other : byOut.get(b.k)) {
      if (other != b && tryBlock(b, qw, x1, y1, other, 2)) {
        return;
      }
    }
    if (moveOntoFreePair(b, qw, x1, y1)) {
      return;
    }
    throw new IllegalStateException("no swap or rank move removes the self-loop at position " + qw + " of " + b);
  }

  /** kind 0: same block; 1: same in-class (targets swapped); 2: same out-class (sources swapped). */
  private boolean tryBlock(BlockDesign b, long qw, long x1, long y1, BlockDesign o, int kind) {
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

  private boolean trySwap(BlockDesign b, long qw, long x1, long y1, BlockDesign o, long q2, int kind) {
    if (o == b && q2 == qw) {
      return false;
    }
    long[] pr = pairAt(o, q2);
    long x2 = pr[0];
    long y2 = pr[1];
    long[] newW;
    long[] newO;
    if (kind == 2) {
      // x→w in (k, l) at qw, w→y in (k, l') at q2.
      if (x2 == x1) {
        return false;
      }
      newW = new long[] {x2, y1};
      newO = new long[] {x1, y2};
    } else {
      // w→y in (k, l) at qw, x→w in (k' or k, l) at q2.
      if (y2 == y1 || (o == b && x2 == x1)) {
        return false;
      }
      newW = new long[] {x1, y2};
      newO = new long[] {x2, y1};
    }
    if (positionNow(b, newW[0], newW[1]) >= 0 || positionNow(o, newO[0], newO[1]) >= 0) {
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
    long[] best = null;
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
          best = new long[] {z1, z2};
        }
      }
    }
    if (best == null) {
      return false;
    }
    // A move that leaves another node on a used self-pair is still progress: that loop sits in another row or
    // column of the rank grid and is queued for its own repair (bounded by the caller's step limit).
    applyMove(b, w, best[0], best[1], true);
    rankMoves++;
    return true;
  }

  /** Moves w onto the ranks of z1 (out) and z2 (in); returns the loops left among the nodes involved. */
  private int applyMove(BlockDesign b, long w, long z1, long z2, boolean keep) {
    Set<Long> involved = new TreeSet<>(List.of(w, z1, z2));
    List<long[]> oldLoops = new ArrayList<>();
    for (long v : involved) {
      long[] pos = loopPosition(v);
      if (pos != null) {
        oldLoops.add(pos);
      }
    }
    swapRanks(OUT_RANK, b.k, w, z1);
    swapRanks(IN_RANK, b.l, w, z2);
    List<long[]> newLoops = new ArrayList<>();
    for (long v : involved) {
      long[] pos = loopPosition(v);
      if (pos != null) {
        newLoops.add(pos);
      }
    }
    if (keep) {
      for (long[] pos : oldLoops) {
        TreeSet<Long> p = pending.get(blocks.get(List.of(pos[0], pos[1])));
        if (p != null) {
          p.remove(pos[2]);
        }
      }
      for (long[] pos : newLoops) {
        pending.computeIfAbsent(blocks.get(List.of(pos[0], pos[1])), x -> new TreeSet<>()).add(pos[2]);
      }
    } else {
      swapRanks(IN_RANK, b.l, w, z2);
      swapRanks(OUT_RANK, b.k, w, z1);
    }
    return newLoops.size();
  }

  /** (k, l, q) of the used self-pair of a fetched node, or null. */
  private long[] loopPosition(long v) {
    long[] r = rec.get(v);
    if (r[IN] == 0 || r[OUT] == 0) {
      return null;
    }
    BlockDesign blk = blocks.get(List.of(r[OUT], r[IN]));
    if (blk == null) {
      return null;
    }
    long q = positionNow(blk, r[OUT_RANK], r[IN_RANK]);
    return q < 0 ? null : new long[] {blk.k, blk.l, q};
  }

  private void swapRanks(int field, long cls, long a, long b) {
    if (a == b) {
      return;
    }
    long[] ra = rec.get(a);
    long[] rb = rec.get(b);
    long t = ra[field];
    ra[field] = rb[field];
    rb[field] = t;
    Map<List<Long>, Long> owner = field == OUT_RANK ? outOwner : inOwner;
    owner.put(List.of(cls, ra[field]), a);
    owner.put(List.of(cls, rb[field]), b);
  }

  private void fetchOut(long k) {
    if (fetchedOut.add(k)) {
      for (long[] m : members.withOutDegree(k)) {
        long[] r = rec.computeIfAbsent(m[0], x -> new long[] {m[1], m[2], m[3], m[4]});
        outOwner.put(List.of(k, r[OUT_RANK]), m[0]);
        outOrig.put(List.of(k, m[4]), m[0]);
      }
    }
  }

  private void fetchIn(long l) {
    if (fetchedIn.add(l)) {
      for (long[] m : members.withInDegree(l)) {
        long[] r = rec.computeIfAbsent(m[0], x -> new long[] {m[1], m[2], m[3], m[4]});
        inOwner.put(List.of(l, r[IN_RANK]), m[0]);
        inOrig.put(List.of(l, m[3]), m[0]);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  private long[] pairAt(BlockDesign b, long q) {
    Map<Long, long[]> c = current.get(b);
    long[] v = c == null ? null : c.get(q);
    return v != null ? v : new long[] {b.rho(q), b.sigma(q)};
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
    Map<Long, long[]> c = current.get(b);
    return q >= 0 && (c == null || !c.containsKey(q)) ? q : -1;
  }

  private void set(BlockDesign b, long q, long[] pair) {
    long[] old = pairAt(b, q);
    Map<List<Long>, Long> a = added.computeIfAbsent(b, x -> new HashMap<>());
    a.remove(List.of(old[0], old[1]));
    a.put(List.of(pair[0], pair[1]), q);
    current.computeIfAbsent(b, x -> new HashMap<>()).put(q, pair);
  }

  private static int compareKeys(List<Long> x, List<Long> y) {
    int c = Long.compare(x.get(0), y.get(0));
    return c != 0 ? c : Long.compare(x.get(1), y.get(1));
  }
}
