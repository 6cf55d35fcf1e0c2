package dev.grasp.sampling.jdd;

import dev.grasp.graph.DriverCopy;
import dev.grasp.graph.util.PackedPairs;
import dev.grasp.graph.util.Seeds;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reciprocity for a constructed sample ({@code reciprocity keep}): moves the sample's mutual pairs toward an aim (a
 * number of pairs) and a mutual degree t(w) per node by re-targeting arcs, so that the DCM and the JDM stay exactly.
 *
 * <p>A move gives two or three arcs new targets, their sources fixed, the targets a permutation of the old ones:
 * <ul>
 *   <li>target swap: v→x, y→u become v→u, y→x. The JDM loses cells (out(v), in(x)) and (out(y), in(u)) and gains
 *       (out(v), in(u)) and (out(y), in(x)): the same two whenever out(v) = out(y) or in(x) = in(u), the only swaps
 *       made;</li>
 *   <li>rotation: v→x, y→u, w→z become v→u, y→z, w→x with w→z in the JDM cell (out(v), in(u)) — cells
 *       (out(v), in(x)) and (out(v), in(u)) trade places, y→u stays in its cell.</li>
 * </ul>
 * Every node keeps its in- and out-degree. A move that would make a self-loop or an arc already present is not made,
 * so the sample stays simple.
 *
 * <p>Passes over the arcs in a seeded order. A one-way arc u→v looks for a move adding v→u (when both ends lack
 * mutual neighbours, or the sample has fewer pairs than the aim); an arc u→v of a mutual pair looks for a move
 * removing it (both ends have too many, or the sample has more pairs than the aim): a swap with an arc whose source
 * has out(u) or whose target has in(v), or a rotation u→v, y→x, w→z → u→x, y→z, w→v with w→z in the cell
 * (out(u), in(x)). A move is made only when J = Σ_w |t(w) − m(w)| + {@link #PAIR_WEIGHT} · |pairs − aim| falls, or
 * stays while |pairs − aim| falls (m(w): w's mutual neighbours; every pair the move makes or breaks counted), so the
 * passes cannot cycle. They stop after a pass that moves nothing, from {@link #LARGE} arcs on after one moving fewer
 * than one arc in a hundred, or after {@link #MAX_PASSES}. Each arc tries at most {@link #TRIES} candidate moves
 * ({@link #TRIES_FOR_COUNT} when only the pair count asks for the move, and for every break search of a sample of
 * {@link #LARGE} arcs or more), so a hub costs no more than a leaf; a pass stops breaking pairs at two ends' surplus
 * after {@link #GIVE_UP} failures there. Deterministic: the arcs, the targets, the aim and the seed decide every
 * move.
 *
 * <p>Where the candidates come from: the out-arcs and in-arcs of every node and the arcs of every JDM cell are kept
 * in lists with the one-way arcs first ({@link ArcLists}), and a move draws the arcs it gives up from the one-way ones
 * when there are any, so it breaks no pair it does not mean to. A move breaking a surplus pair {u, v} hands v's share
 * to a node x below its target when one of u's one-way in-arcs comes from such an x (u→x then makes the pair {u, x}).
 * On a 878k-arc graph with reciprocity 0.84 (r = 0.5) that takes the sample from 24,115 to the aim of 182,966 pairs in
 * two passes (benchmarks/jdd/reciprocity.sh, "social").
 *
 * <p>O(passes · |E'| · TRIES) time, O(|E'| + |V'|) memory.
 */
final class MutualRewiring {

  /** Largest number of passes over the arcs. */
  static final int MAX_PASSES = 12;
  /** Candidate moves tried per arc and pass when both its ends want the change (fewer when only the count does). */
  static final int TRIES = 64;
  static final int TRIES_FOR_COUNT = 16;
  /** Arcs from which a sample counts as large: its passes stop early and its break searches take fewer tries. */
  static final int LARGE = 100_000;
  /**
   * Failed attempts to break a pair at its ends' surplus (the pair count at or below the aim) after which a pass
   * tries no more pairs of the two ends: a hub over its target by one otherwise costs a failed search per pair.
   */
  static final int GIVE_UP = 4;
  /** In-arcs of u scanned for a source below its target when a move hands a share of a pair on. */
  static final int SCAN = 8;
  private static final long SALT = 0x6d757475616cL;
  /** Weight of |mutual pairs − aim| in the objective J (each pair has two ends in L, so 2 is even weight). */
  static final long PAIR_WEIGHT = 4;

  /**
   * The rewired targets and what the passes did.
   *
   * @param dst arc targets after the moves (sources unchanged)
   * @param moves moves made (target swaps and rotations)
   * @param passes passes run
   * @param mutualPairsBefore mutual pairs {u, v} before the moves
   * @param mutualPairsAfter mutual pairs after
   * @param mutualPairsTarget the aim
   * @param forcedPairs mutual pairs that every graph with these nodes' degrees and this JDM has ({@link #forcedPairs})
   * @param seconds wall time of the passes
   */
  record Result(int[] dst, long moves, int passes, long mutualPairsBefore, long mutualPairsAfter,
      long mutualPairsTarget, long forcedPairs, double seconds) {}

  private final int[] src;
  private final int[] dst;
  private final long[] in;
  private final long[] out;
  private final long[] target;
  private final long[] mutual;
  /** Out-arcs of each node, in-arcs of each node, arcs of each JDM cell; one-way arcs first in each list. */
  private final ArcLists outs;
  private final ArcLists ins;
  private final ArcLists cellLists;
  /** Whether arc e is one-way (its reverse is absent). */
  private final boolean[] oneWay;
  /** Per node, this pass's failed attempts to break one of its pairs at surplus ends. */
  private final int[] failedBreaks;
  private final IndexMap cells;
  /** Cell index → its key (out-degree, in-degree). */
  private final long[] cellKeys;
  /** JDM cell index of every arc. */
  private final int[] cellOfArc;
  /** Arc → its index. */
  private final IndexMap arcs;

  private MutualRewiring(int n, int[] src, int[] dst, long[] target) {
    this.src = src;
    this.dst = dst.clone();
    this.target = target;
    int m = src.length;
    in = new long[n];
    out = new long[n];
    for (int e = 0; e < m; e++) {
      out[src[e]]++;
      in[dst[e]]++;
    }
    for (int e = 1; e < m; e++) {
      if (src[e] < src[e - 1]) {
        throw new IllegalArgumentException("arcs must be sorted by source");
      }
    }
    outs = new ArcLists(src, n);
    ins = new ArcLists(this.dst, n);
    cellOfArc = new int[m];
    long[] arcCells = new long[m];
    for (int e = 0; e < m; e++) {
      arcCells[e] = CountMatrix.pairKey(out[src[e]], in[dst[e]]);
    }
    // the map is sized to the cells, not the arcs, so that its look-ups stay in cache
    cellKeys = PackedPairs.sortedDistinct(arcCells.clone(), m);
    cells = new IndexMap(cellKeys.length);
    for (int c = 0; c < cellKeys.length; c++) {
      cells.put(cellKeys[c], c);
    }
    for (int e = 0; e < m; e++) {
      cellOfArc[e] = cells.get(arcCells[e]);
    }
    cellLists = new ArcLists(cellOfArc, cellKeys.length);
    byOut = byDegree(out);
    byIn = byDegree(in);
    arcs = new IndexMap(m);
    for (int e = 0; e < m; e++) {
      if (src[e] == dst[e] || !arcs.put(PackedPairs.pack(src[e], dst[e]), e)) {
        throw new IllegalArgumentException("arc " + src[e] + "->" + dst[e] + " is a self-loop or repeated");
      }
    }
    mutual = new long[n];
    failedBreaks = new int[n];
    oneWay = new boolean[m];
    for (int e = 0; e < m; e++) {
      if (arcs.contains(PackedPairs.pack(dst[e], src[e]))) {
        mutual[src[e]]++;
      } else {
        promote(e);
      }
    }
  }

  /**
   * Mutual pairs that every graph with these nodes' in- and out-degrees and this JDM has: pairs {u, v} whose two JDM
   * blocks, (out(u), in(v)) and (out(v), in(u)), are complete (each node of out-degree k linked to each other node of
   * in-degree l), so no move that keeps the degrees and the JDM can break them. A lower bound on the pairs any
   * rewiring can reach.
   */
  private long forcedPairs() {
    Map<Long, Long> both = new HashMap<>();
    for (int w = 0; w < in.length; w++) {
      if (in[w] > 0 && out[w] > 0) {
        both.merge(CountMatrix.pairKey(out[w], in[w]), 1L, Long::sum);
      }
    }
    boolean[] complete = new boolean[cellKeys.length];
    for (int c = 0; c < cellKeys.length; c++) {
      long k = cellKeys[c] >>> 32;
      long l = cellKeys[c] & 0xffffffffL;
      long slots = (long) byOut[(int) k].length * byIn[(int) l].length - both.getOrDefault(cellKeys[c], 0L);
      complete[c] = cellLists.size(c) == slots;
    }
    long forced = 0;
    for (int e = 0; e < src.length; e++) {
      if (!oneWay[e] && src[e] < dst[e] && complete[cellOfArc[e]]
          && complete[cellOfArc[arcs.get(PackedPairs.pack(dst[e], src[e]))]]) {
        forced++;
      }
    }
    return forced;
  }

  /** Whether the arc map, the lists, the one-way flags, the cells and the mutual degrees agree with the arcs. */
  private boolean consistent() {
    long[] m2 = new long[mutual.length];
    long pairs = 0;
    for (int e = 0; e < src.length; e++) {
      boolean back = arcs.contains(PackedPairs.pack(dst[e], src[e]));
      if (arcs.get(PackedPairs.pack(src[e], dst[e])) != e || oneWay[e] == back
          || cellOfArc[e] != cellOf(out[src[e]], in[dst[e]])) {
        return false;
      }
      if (back) {
        m2[src[e]]++;
        pairs++;
      }
    }
    return Arrays.equals(m2, mutual) && pairs == 2 * mutualPairs && outs.consistent(src, oneWay)
        && ins.consistent(dst, oneWay) && cellLists.consistent(cellOfArc, oneWay);
  }

  /** Arc e, mutual until now, becomes one-way: it moves to the one-way front of its three lists. */
  private void promote(int e) {
    oneWay[e] = true;
    outs.promote(e, src[e]);
    ins.promote(e, dst[e]);
    cellLists.promote(e, cellOfArc[e]);
  }

  /** Arc e, one-way until now, moves behind the one-way front of its three lists. */
  private void demote(int e) {
    oneWay[e] = false;
    outs.demote(e, src[e]);
    ins.demote(e, dst[e]);
    cellLists.demote(e, cellOfArc[e]);
  }

  /**
   * Rewires the simple digraph on nodes 0 … n − 1 with arcs {@code src[e] → dst[e]} (sorted by source) toward mutual
   * degrees {@code target} (each at most the node's in- and out-degree for the aim to be reachable).
   */
  static Result rewire(int n, int[] src, int[] dst, long[] target, long aimPairs, long seed) {
    long t0 = System.nanoTime();
    MutualRewiring r = new MutualRewiring(n, src, dst, target);
    long before = r.countPairs();
    r.mutualPairs = before;
    r.aim = aimPairs;
    long moves = 0;
    int pass = 0;
    while (pass < MAX_PASSES) {
      long made = r.pass(seed, pass++);
      moves += made;
      // from 100,000 arcs on, a pass moving fewer than one arc in a hundred ends the rewiring: later passes cost as
      // much for less; a smaller sample's passes take milliseconds, and it goes on until a pass moves nothing
      if (made == 0 || made * 100 < src.length && src.length >= LARGE) {
        break;
      }
    }
    assert r.consistent() : "the rewiring's lists, flags or counts are out of step with its arcs";
    return new Result(r.dst, moves, pass, before, r.mutualPairs, aimPairs, r.forcedPairs(),
        (System.nanoTime() - t0) / 1e9);
  }

  /** A sample after {@link #keep}: vertex ids ascending, edges in (src, dst) order; and the passes' figures. */
  record Kept(DriverCopy sample, Result result) {}

  /**
   * {@code reciprocity keep} on a constructed sample (vertex ids ascending, edges in any order):
   * {@code inputMutual[i]} is the input mutual degree of sample vertex {@code sample.ids()[i]}; each vertex aims at
   * min(that, its sample in-degree, its sample out-degree).
   */
  static Kept keep(DriverCopy sample, long[] inputMutual, double inputReciprocity, long seed) {
    long[] ids = sample.ids();
    int n = ids.length;
    int m = sample.src().length;
    long[] sorted = new long[m];
    for (int e = 0; e < m; e++) {
      sorted[e] = PackedPairs.pack(position(ids, sample.src()[e]), position(ids, sample.dst()[e]));
    }
    Arrays.sort(sorted);
    int[] src = new int[m];
    int[] dst = new int[m];
    long[] in = new long[n];
    long[] out = new long[n];
    for (int e = 0; e < m; e++) {
      src[e] = PackedPairs.first(sorted[e]);
      dst[e] = PackedPairs.second(sorted[e]);
      out[src[e]]++;
      in[dst[e]]++;
    }
    long[] target = new long[n];
    for (int v = 0; v < n; v++) {
      target[v] = Math.min(inputMutual[v], Math.min(in[v], out[v]));
    }
    Result r = rewire(n, src, dst, target, Math.round(inputReciprocity * m / 2), seed);
    long[] arcs = new long[m];
    for (int e = 0; e < m; e++) {
      arcs[e] = PackedPairs.pack(src[e], r.dst()[e]);
    }
    Arrays.sort(arcs);
    long[] s = new long[m];
    long[] d = new long[m];
    for (int e = 0; e < m; e++) {
      s[e] = ids[PackedPairs.first(arcs[e])];
      d[e] = ids[PackedPairs.second(arcs[e])];
    }
    return new Kept(new DriverCopy(ids, s, d, null), r);
  }

  private static int position(long[] sortedIds, long id) {
    int p = Arrays.binarySearch(sortedIds, id);
    if (p < 0) {
      throw new IllegalStateException("sample edge endpoint " + id + " is not a sample vertex");
    }
    return p;
  }

  /**
   * Mutual degree of every node of a simple digraph given as sorted distinct packed arcs on nodes 0 … n − 1: the
   * number of its out-neighbours that link back.
   */
  static long[] mutualDegrees(long[] sortedArcs, int count, int n) {
    long[] mutual = new long[n];
    for (int e = 0; e < count; e++) {
      long a = sortedArcs[e];
      long back = PackedPairs.pack(PackedPairs.second(a), PackedPairs.first(a));
      if (Arrays.binarySearch(sortedArcs, 0, count, back) >= 0) {
        mutual[PackedPairs.first(a)]++;
      }
    }
    return mutual;
  }

  /** Mutual degree → nodes. */
  static TreeMap<Long, Long> distribution(long[] mutual) {
    TreeMap<Long, Long> d = new TreeMap<>();
    for (long x : mutual) {
      d.merge(x, 1L, Long::sum);
    }
    return d;
  }

  /** Mutual pairs now, and Σ t / 2. */
  private long mutualPairs;
  private long aim;

  private long countPairs() {
    long s = 0;
    for (long x : mutual) {
      s += x;
    }
    return s / 2;
  }

  /** One pass over the arcs in the pass's seeded order; the number of moves made. */
  private long pass(long seed, int pass) {
    int m = src.length;
    long[] order = new long[m];
    for (int e = 0; e < m; e++) {
      // high bits: the seeded hash; low 32 bits: the arc, so ties stay deterministic
      order[e] = (Seeds.hash(seed, SALT, pass, e) & 0xffffffff00000000L) | e;
    }
    Arrays.sort(order);
    Arrays.fill(failedBreaks, 0);
    long made = 0;
    for (long o : order) {
      int e = (int) (o & 0xffffffffL);
      int u = src[e];
      int v = dst[e];
      if (oneWay[e]) {
        boolean both = mutual[u] < target[u] && mutual[v] < target[v];
        if ((both || mutualPairs < aim)
            && tryReverse(u, v, Seeds.hash(seed, SALT, pass, e, 1), both ? TRIES : TRIES_FOR_COUNT)) {
          made++;
        }
      } else {
        boolean both = mutual[u] > target[u] && mutual[v] > target[v];
        if (mutualPairs > aim || both && failedBreaks[u] + failedBreaks[v] < GIVE_UP) {
          // breaking at surplus ends rarely succeeds (one move in 2–10 searches on the social graph below): a large
          // sample gives it the smaller budget
          int budget = both && src.length < LARGE ? TRIES : TRIES_FOR_COUNT;
          if (tryBreak(e, Seeds.hash(seed, SALT, pass, e, 1), budget)) {
            made++;
          } else {
            failedBreaks[u]++;
            failedBreaks[v]++;
          }
        }
      }
    }
    return made;
  }

  /**
   * Looks for a move adding v→u that lowers J and makes it; false when none of the tried ones does. Trial t takes
   * the arcs v→x and y→u of the t-th (i, j) pair (among v's one-way out-arcs and u's one-way in-arcs when it has
   * some) and, when their targets cannot simply be exchanged (out(y) ≠ out(v) and in(x) ≠ in(u)), a third arc w→z of
   * the JDM cell (out(v), in(u)), one-way first, for a rotation v→u, w→x, y→z.
   */
  private boolean tryReverse(int u, int v, long h, int budget) {
    int outCount = outs.choices(v);
    int inCount = ins.choices(u);
    if (outCount == 0 || inCount == 0) {
      return false;
    }
    int cell = cellOf(out[v], in[u]);
    int cellSize = cell < 0 ? 0 : cellLists.choices(cell);
    long combos = (long) outCount * inCount;
    int tries = (int) Math.min(budget, cellSize > 0 ? Math.max(combos, cellSize) : combos);
    long lcm = (long) outCount / gcd(outCount, inCount) * inCount;
    int i = (int) Math.floorMod(h, outCount);
    int j = (int) Math.floorMod(h >>> 32, inCount);
    int c = cellSize == 0 ? 0 : (int) Math.floorMod(h >>> 16, cellSize);
    long diagonal = 0;
    // trial t takes (i0 + t mod outs, j0 + t + ⌊t / lcm⌋ mod ins): every (i, j) pair once in outs · ins steps (one
    // diagonal per lcm steps, as in BlockDesign), so a capped walk still sees many different x and y; the indices
    // step by additions (no division per trial)
    for (int t = 0; t < tries; t++, i = next(i, outCount), c = next(c, cellSize), j = next(j, inCount)) {
      if (t > 0 && ++diagonal == lcm) {
        diagonal = 0;
        j = next(j, inCount);
      }
      int e1 = outs.get(v, i);
      int e2 = ins.get(u, j);
      int x = dst[e1];
      int y = src[e2];
      if (y == v) {
        continue;
      }
      if (out[y] == out[v] || in[x] == in[u]) {
        if (x != y && attempt2(e1, e2)) {
          return true;
        }
      } else if (cellSize > 0) {
        int e3 = cellLists.get(cell, c);
        int w = src[e3];
        int z = dst[e3];
        if (w != v && z != u && x != z && y != w && x != w && y != z && attempt3(e1, e2, e3)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Looks for a move removing arc e = u→v of a mutual pair that lowers J and makes it: e exchanges its target with
   * an arc y→x where out(y) = out(u) or in(x) = in(v), so the JDM stays: trial t draws y among the nodes of u's
   * out-degree (t even) or x among the nodes of v's in-degree (t odd), then one of its arcs (one-way first), all by
   * hash. Every third trial (t mod 3 = 2) is a rotation through an in-neighbour x of u instead (below).
   */
  private boolean tryBreak(int e, long h, int budget) {
    int[] sameOut = byOut[(int) out[src[e]]];
    int[] sameIn = byIn[(int) in[dst[e]]];
    for (int t = 0; t < budget; t++) {
      long r = Seeds.hash(h, t);
      int e2;
      if (t % 3 == 2) {
        // an arc y→x, and w→z of the cell (out(u), in(x)): u→v, y→x, w→z become u→x, y→z, w→v. x is the source
        // of a one-way arc x→u when u has one, so that u→x makes the pair {u, x}: the move hands v's share of the
        // pair to x (u keeps its mutual degree, the pair count stays); else y→x is any arc.
        int oneIn = ins.oneWay(src[e]);
        int ey;
        if (oneIn > 0) {
          int x = underTarget(src[e], oneIn, r);
          if (ins.choices(x) == 0) {
            continue;
          }
          ey = ins.get(x, (int) Math.floorMod(r >>> 21, ins.choices(x)));
        } else {
          ey = (int) Math.floorMod(r, src.length);
        }
        int cell = cellOf(out[src[e]], in[dst[ey]]);
        if (cell < 0) {
          continue;
        }
        int ew = cellLists.get(cell, (int) Math.floorMod(r >>> 32, cellLists.choices(cell)));
        if (ey != e && ew != e && ew != ey && attempt3(e, ey, ew)) {
          return true;
        }
        continue;
      }
      if ((t & 1) == 0) {
        int y = sameOut[(int) Math.floorMod(r, sameOut.length)];
        e2 = outs.get(y, (int) Math.floorMod(r >>> 32, outs.choices(y)));
      } else {
        int x = sameIn[(int) Math.floorMod(r, sameIn.length)];
        e2 = ins.get(x, (int) Math.floorMod(r >>> 32, ins.choices(x)));
      }
      if (src[e2] != src[e] && dst[e2] != dst[e] && attempt2(e, e2)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The source x of one of u's first {@code oneIn} in-arcs (its one-way ones), the first below its target among up
   * to {@link #SCAN} of them from a hashed start, else the one at that start.
   */
  private int underTarget(int u, int oneIn, long r) {
    int i0 = (int) Math.floorMod(r, oneIn);
    for (int i = 0; i < Math.min(SCAN, oneIn); i++) {
      int x = src[ins.get(u, (i0 + i) % oneIn)];
      if (mutual[x] < target[x]) {
        return x;
      }
    }
    return src[ins.get(u, i0)];
  }

  /** Nodes per out-degree (per in-degree), ascending: {@code byOut[k]} for out-degree k ≥ 1, null when none. */
  private final int[][] byOut;
  private final int[][] byIn;

  private static int[][] byDegree(long[] degree) {
    int max = 0;
    for (long d : degree) {
      max = (int) Math.max(max, d);
    }
    int[] size = new int[max + 1];
    for (long d : degree) {
      size[(int) d]++;
    }
    int[][] lists = new int[max + 1][];
    for (int d = 1; d <= max; d++) {
      lists[d] = size[d] == 0 ? null : new int[size[d]];
      size[d] = 0;
    }
    for (int w = 0; w < degree.length; w++) {
      int d = (int) degree[w];
      if (d > 0) {
        lists[d][size[d]++] = w;
      }
    }
    return lists;
  }

  private final int[] group2 = new int[2];
  private final int[] targets2 = new int[2];
  private final int[] group3 = new int[3];
  private final int[] targets3 = new int[3];

  /** v→x, y→u become v→u, y→x when that lowers L. */
  private boolean attempt2(int e1, int e2) {
    group2[0] = e1;
    group2[1] = e2;
    targets2[0] = dst[e2];
    targets2[1] = dst[e1];
    return attempt(group2, targets2);
  }

  /** v→x, y→u, w→z become v→u, y→z, w→x when that lowers L. */
  private boolean attempt3(int e1, int e2, int e3) {
    group3[0] = e1;
    group3[1] = e2;
    group3[2] = e3;
    targets3[0] = dst[e2];
    targets3[1] = dst[e3];
    targets3[2] = dst[e1];
    return attempt(group3, targets3);
  }

  // the pairs {a, b} a move touches and the nodes whose mutual degree it changes
  private final long[] touched = new long[12];
  private final int[] nodes = new int[24];
  private final long[] nodeDelta = new long[24];

  /**
   * Gives arcs {@code group} the targets {@code targets} (a permutation of their targets) when no new arc is a
   * self-loop or already present and J falls (or stays while mutual pairs are gained); otherwise changes nothing.
   */
  private boolean attempt(int[] group, int[] targets) {
    int g = group.length;
    memoCount = 0;
    for (int k = 0; k < g; k++) {
      // the moved arcs are present, and their one-way flags tell whether their reverses are: no look-up needed
      remember(PackedPairs.pack(src[group[k]], dst[group[k]]), group[k]);
      remember(PackedPairs.pack(dst[group[k]], src[group[k]]), oneWay[group[k]] ? ABSENT : PRESENT);
    }
    for (int k = 0; k < g; k++) {
      int a = src[group[k]];
      if (a == targets[k] || has(PackedPairs.pack(a, targets[k]))) {
        return false;
      }
      for (int q = 0; q < k; q++) {
        if (src[group[q]] == a && targets[q] == targets[k]) {
          return false;
        }
      }
    }
    int touchedCount = 0;
    for (int k = 0; k < g; k++) {
      touchedCount = touch(touchedCount, src[group[k]], dst[group[k]]);
      touchedCount = touch(touchedCount, src[group[k]], targets[k]);
    }
    int count = 0;
    long gained = 0;
    for (int p = 0; p < touchedCount; p++) {
      int a = PackedPairs.first(touched[p]);
      int b = PackedPairs.second(touched[p]);
      boolean before = has(PackedPairs.pack(a, b)) && has(PackedPairs.pack(b, a));
      boolean after = present(a, b, group, targets) && present(b, a, group, targets);
      long change = (after ? 1 : 0) - (before ? 1 : 0);
      if (change != 0) {
        gained += change;
        count = addDelta(count, a, change);
        count = addDelta(count, b, change);
      }
    }
    long delta = 0;
    for (int k = 0; k < count; k++) {
      delta += change(nodes[k], nodeDelta[k]);
    }
    // J falls, or stays while |pairs − aim| falls: (J, |pairs − aim|) falls at every move, so the passes cannot cycle
    long pairDelta = Math.abs(mutualPairs + gained - aim) - Math.abs(mutualPairs - aim);
    if (delta + PAIR_WEIGHT * pairDelta > 0 || (delta + PAIR_WEIGHT * pairDelta == 0 && pairDelta >= 0)) {
      return false;
    }
    setTargets(group, targets, touchedCount);
    for (int k = 0; k < count; k++) {
      mutual[nodes[k]] += nodeDelta[k];
    }
    mutualPairs += gained;
    return true;
  }

  private int touch(int count, int a, int b) {
    long key = PackedPairs.pack(Math.min(a, b), Math.max(a, b));
    for (int p = 0; p < count; p++) {
      if (touched[p] == key) {
        return count;
      }
    }
    touched[count] = key;
    return count + 1;
  }

  /** Whether arc a→b is present once arcs {@code group} have targets {@code targets}. */
  private boolean present(int a, int b, int[] group, int[] targets) {
    for (int k = 0; k < group.length; k++) {
      if (src[group[k]] == a) {
        if (targets[k] == b) {
          return true;
        }
        if (dst[group[k]] == b) {
          return false;
        }
      }
    }
    return has(PackedPairs.pack(a, b));
  }

  // arc look-ups of the move being tried and made: each arc is looked up in the arc set at most once (a move asks
  // about both directions of ≤ 6 pairs); the memo holds the arc's index, ABSENT, or PRESENT when only its presence
  // is known
  private static final int ABSENT = -1;
  private static final int PRESENT = -2;
  private final long[] memoKey = new long[32];
  private final int[] memoIndex = new int[32];
  private int memoCount;

  private void remember(long key, int index) {
    memoKey[memoCount] = key;
    memoIndex[memoCount++] = index;
  }

  /** Whether the arc {@code key} is in the arc set (before the move being tried). */
  private boolean has(long key) {
    for (int i = 0; i < memoCount; i++) {
      if (memoKey[i] == key) {
        return memoIndex[i] != ABSENT;
      }
    }
    int e = arcs.get(key);
    remember(key, e);
    return e >= 0;
  }

  /** The index of arc {@code key} before the move being made, −1 when absent. */
  private int indexBefore(long key) {
    for (int i = 0; i < memoCount; i++) {
      if (memoKey[i] == key && memoIndex[i] != PRESENT) {
        return memoIndex[i];
      }
    }
    return arcs.get(key);
  }

  /**
   * The index of arc a→b once arcs {@code group} have moved to {@code targets} from {@link #oldTargets}, −1 when
   * absent (a made move never gives a moved arc the old place of another: {@link #attempt} refuses new arcs present
   * before).
   */
  private int indexAfter(int a, int b, int[] group, int[] targets) {
    for (int k = 0; k < group.length; k++) {
      if (src[group[k]] == a && targets[k] == b) {
        return group[k];
      }
      if (src[group[k]] == a && oldTargets[k] == b) {
        return -1;
      }
    }
    return indexBefore(PackedPairs.pack(a, b));
  }

  private int addDelta(int count, int node, long change) {
    for (int k = 0; k < count; k++) {
      if (nodes[k] == node) {
        nodeDelta[k] += change;
        return count;
      }
    }
    nodes[count] = node;
    nodeDelta[count] = change;
    return count + 1;
  }

  private final int[] oldTargets = new int[3];
  private final int[] oldInPlaces = new int[3];
  private final int[] oldCells = new int[3];
  private final int[] oldCellPlaces = new int[3];
  private final boolean[] taken = new boolean[3];

  /**
   * Moves arcs {@code group} to {@code targets}: the arc map, the targets, the lists and the one-way flags follow.
   * Both arcs of every touched pair (the first {@code touchedCount} of {@link #touched}: every pair whose status the
   * move can change) leave the one-way fronts first and come back when one-way after. The targets (and so the cells)
   * are a permutation of the old ones, so each arc takes the list place of an arc that held its new target (cell).
   */
  private void setTargets(int[] group, int[] targets, int touchedCount) {
    int g = group.length;
    for (int p = 0; p < touchedCount; p++) {
      demoteIfOneWay(PackedPairs.first(touched[p]), PackedPairs.second(touched[p]));
      demoteIfOneWay(PackedPairs.second(touched[p]), PackedPairs.first(touched[p]));
    }
    for (int k = 0; k < g; k++) {
      int e = group[k];
      oldTargets[k] = dst[e];
      oldInPlaces[k] = ins.place(e);
      oldCells[k] = cellOfArc[e];
      oldCellPlaces[k] = cellLists.place(e);
      arcs.remove(PackedPairs.pack(src[e], dst[e]));
    }
    for (int k = 0; k < g; k++) {
      int e = group[k];
      dst[e] = targets[k];
      cellOfArc[e] = cellOf(out[src[e]], in[dst[e]]);
      arcs.put(PackedPairs.pack(src[e], dst[e]), e);
    }
    Arrays.fill(taken, false);
    for (int k = 0; k < g; k++) {
      int e = group[k];
      for (int q = 0; q < g; q++) {
        if (!taken[q] && oldTargets[q] == dst[e]) {
          taken[q] = true;
          ins.put(e, oldInPlaces[q]);
          break;
        }
      }
    }
    Arrays.fill(taken, false);
    for (int k = 0; k < g; k++) {
      int e = group[k];
      for (int q = 0; q < g; q++) {
        if (!taken[q] && oldCells[q] == cellOfArc[e]) {
          taken[q] = true;
          cellLists.put(e, oldCellPlaces[q]);
          break;
        }
      }
    }
    for (boolean t : Arrays.copyOf(taken, g)) {
      if (!t) {
        throw new IllegalStateException("a rewiring move changed the JDM");
      }
    }
    for (int p = 0; p < touchedCount; p++) {
      int a = PackedPairs.first(touched[p]);
      int b = PackedPairs.second(touched[p]);
      int ab = indexAfter(a, b, group, targets);
      int ba = indexAfter(b, a, group, targets);
      promoteIfOneWay(ab, ba);
      promoteIfOneWay(ba, ab);
    }
  }

  private void demoteIfOneWay(int a, int b) {
    int e = indexBefore(PackedPairs.pack(a, b));
    if (e >= 0 && oneWay[e]) {
      demote(e);
    }
  }

  /** Arc e (−1: none) joins the one-way fronts when its reverse (index {@code back}, −1: absent) is absent. */
  private void promoteIfOneWay(int e, int back) {
    if (e >= 0 && !oneWay[e] && back < 0) {
      promote(e);
    }
  }

  /** The id of JDM cell (out-degree k, in-degree l), −1 when no arc is in it. */
  private int cellOf(long k, long l) {
    return cells.get(k << 32 | l);
  }

  /** i + 1 modulo {@code size} (0 when size is 0). */
  private static int next(int i, int size) {
    return i + 1 >= size ? 0 : i + 1;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** Change of |t(w) − m(w)| when m(w) moves by d. */
  private long change(int w, long d) {
    return Math.abs(target[w] - mutual[w] - d) - Math.abs(target[w] - mutual[w]);
  }

  /**
   * Arcs grouped by owner (a node or a JDM cell), each owner's one-way arcs first: owner o holds
   * {@code arc[start[o] … start[o + 1] − 1]}, the first {@code front[o]} of them one-way; {@code place[e]}: e's index.
   */
  static final class ArcLists {
    private final int[] start;
    private final int[] arc;
    private final int[] place;
    private final int[] front;

    /** Arc e belongs to owner {@code owner[e]} (in 0 … owners − 1); every arc starts behind the one-way front. */
    ArcLists(int[] owner, int owners) {
      int m = owner.length;
      start = new int[owners + 1];
      for (int o : owner) {
        start[o + 1]++;
      }
      for (int o = 0; o < owners; o++) {
        start[o + 1] += start[o];
      }
      arc = new int[m];
      place = new int[m];
      front = new int[owners];
      int[] fill = Arrays.copyOf(start, owners);
      for (int e = 0; e < m; e++) {
        put(e, fill[owner[e]]++);
      }
    }

    /** How many of o's arcs a move picks among: its one-way arcs, or all of them when none is one-way. */
    int choices(int o) {
      return front[o] > 0 ? front[o] : start[o + 1] - start[o];
    }

    /** o's arcs. */
    int size(int o) {
      return start[o + 1] - start[o];
    }

    /** o's one-way arcs. */
    int oneWay(int o) {
      return front[o];
    }

    /** The i-th arc of owner o (one-way arcs first). */
    int get(int o, int i) {
      return arc[start[o] + i];
    }

    int place(int e) {
      return place[e];
    }

    void put(int e, int p) {
      arc[p] = e;
      place[e] = p;
    }

    /** e (of owner o, behind the front) joins the one-way front. */
    void promote(int e, int o) {
      exchange(e, start[o] + front[o]);
      front[o]++;
    }

    /** e (of owner o, in the front) leaves the one-way front. */
    void demote(int e, int o) {
      front[o]--;
      exchange(e, start[o] + front[o]);
    }

    /** Whether every arc sits in its owner's list, in the one-way front exactly when it is one-way. */
    boolean consistent(int[] owner, boolean[] oneWay) {
      for (int o = 0; o + 1 < start.length; o++) {
        for (int p = start[o]; p < start[o + 1]; p++) {
          int e = arc[p];
          if (place[e] != p || owner[e] != o || (p - start[o] < front[o]) != oneWay[e]) {
            return false;
          }
        }
      }
      return true;
    }

    private void exchange(int e, int p) {
      int f = arc[p];
      put(f, place[e]);
      put(e, p);
    }
  }

  /**
   * Open-addressing map from a key ≥ 0 (a packed arc, a JDM cell's key) to an index (linear probing, deletion by
   * backward shift).
   */
  static final class IndexMap {
    private final long[] keys;
    private final int[] values;
    private final int mask;

    IndexMap(int expected) {
      int cap = Integer.highestOneBit(Math.max(4, expected * 2 + 1)) << 1;
      keys = new long[cap];
      values = new int[cap];
      Arrays.fill(keys, -1L);
      mask = cap - 1;
    }

    private int home(long key) {
      long z = key * 0x9E3779B97F4A7C15L;
      return (int) (z ^ (z >>> 29)) & mask;
    }

    /** The key's index, −1 when absent. */
    int get(long key) {
      for (int i = home(key); ; i = (i + 1) & mask) {
        if (keys[i] == key) {
          return values[i];
        }
        if (keys[i] == -1L) {
          return -1;
        }
      }
    }

    boolean contains(long key) {
      return get(key) >= 0;
    }

    /** Adds key with index e; false (nothing changed) when the key was there. */
    boolean put(long key, int e) {
      int i = home(key);
      while (keys[i] != -1L) {
        if (keys[i] == key) {
          return false;
        }
        i = (i + 1) & mask;
      }
      keys[i] = key;
      values[i] = e;
      return true;
    }

    void remove(long key) {
      int i = home(key);
      while (keys[i] != key) {
        if (keys[i] == -1L) {
          return;
        }
        i = (i + 1) & mask;
      }
      // backward shift: move later entries of the probe run into the hole when their home allows it
      int hole = i;
      for (int j = (i + 1) & mask; keys[j] != -1L; j = (j + 1) & mask) {
        int h = home(keys[j]);
        boolean movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j);
        if (movable) {
          keys[hole] = keys[j];
          values[hole] = values[j];
          hole = j;
        }
      }
      keys[hole] = -1L;
    }
  }
}
