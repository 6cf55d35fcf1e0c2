package dev.grasp.sampling.jdd;

import dev.grasp.graph.DriverCopy;
import dev.grasp.graph.util.PackedPairs;
import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
 * passes cannot cycle. They stop after a pass moving fewer than one arc in a hundred, or after
 * {@link #MAX_PASSES}. Each arc tries at most {@link #TRIES} candidate moves ({@link #TRIES_FOR_COUNT} when only the
 * pair count asks for the move), so a hub costs no more than a leaf. Deterministic: the arcs, the targets, the aim
 * and the seed decide every move.
 *
 * <p>O(passes · |E'| · TRIES) time, O(|E'| + |V'|) memory.
 */
final class MutualRewiring {

  /** Largest number of passes over the arcs. */
  static final int MAX_PASSES = 12;
  /** Candidate moves tried per arc and pass when both its ends want the change (fewer when only the count does). */
  static final int TRIES = 64;
  static final int TRIES_FOR_COUNT = 16;
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
   * @param seconds wall time of the passes
   */
  record Result(int[] dst, long moves, int passes, long mutualPairsBefore, long mutualPairsAfter,
      long mutualPairsTarget, double seconds) {}

  private final int[] src;
  private final int[] dst;
  private final long[] in;
  private final long[] out;
  private final long[] target;
  private final long[] mutual;
  /** In-arcs of node w: {@code inArc[inStart[w] … inStart[w + 1] − 1]}; {@code slot[e]}: e's place there. */
  private final int[] inStart;
  private final int[] inArc;
  private final int[] slot;
  private final int[] outStart;
  /** Arcs of JDM cell c: {@code cellArc[cellStart[c] … cellStart[c + 1] − 1]}; {@code cellSlot[e]}: e's place. */
  private final HashMap<Long, Integer> cells = new HashMap<>();
  private final int[] cellStart;
  private final int[] cellArc;
  private final int[] cellSlot;
  private final ArcSet arcs;

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
    inStart = new int[n + 1];
    outStart = new int[n + 1];
    for (int w = 0; w < n; w++) {
      inStart[w + 1] = inStart[w] + (int) in[w];
      outStart[w + 1] = outStart[w] + (int) out[w];
    }
    inArc = new int[m];
    slot = new int[m];
    int[] fill = Arrays.copyOf(inStart, n);
    for (int e = 0; e < m; e++) {
      if (e > 0 && src[e] < src[e - 1]) {
        throw new IllegalArgumentException("arcs must be sorted by source");
      }
      slot[e] = fill[dst[e]]++;
      inArc[slot[e]] = e;
    }
    int[] cellOfArc = new int[m];
    List<Integer> sizes = new ArrayList<>();
    for (int e = 0; e < m; e++) {
      Integer c = cells.get(CountMatrix.pairKey(out[src[e]], in[dst[e]]));
      if (c == null) {
        c = sizes.size();
        cells.put(CountMatrix.pairKey(out[src[e]], in[dst[e]]), c);
        sizes.add(0);
      }
      cellOfArc[e] = c;
      sizes.set(c, sizes.get(c) + 1);
    }
    cellStart = new int[sizes.size() + 1];
    for (int c = 0; c < sizes.size(); c++) {
      cellStart[c + 1] = cellStart[c] + sizes.get(c);
    }
    cellArc = new int[m];
    cellSlot = new int[m];
    int[] cellFill = Arrays.copyOf(cellStart, sizes.size());
    for (int e = 0; e < m; e++) {
      cellSlot[e] = cellFill[cellOfArc[e]]++;
      cellArc[cellSlot[e]] = e;
    }
    byOut = byDegree(out);
    byIn = byDegree(in);
    arcs = new ArcSet(m);
    for (int e = 0; e < m; e++) {
      if (src[e] == dst[e] || !arcs.add(PackedPairs.pack(src[e], dst[e]))) {
        throw new IllegalArgumentException("arc " + src[e] + "->" + dst[e] + " is a self-loop or repeated");
      }
    }
    mutual = new long[n];
    for (int e = 0; e < m; e++) {
      if (arcs.contains(PackedPairs.pack(dst[e], src[e]))) {
        mutual[src[e]]++;
      }
    }
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
      // a pass moving fewer than one arc in a hundred ends the rewiring: later passes cost as much for less
      if (made == 0 || made * 100 < src.length) {
        break;
      }
    }
    return new Result(r.dst, moves, pass, before, r.mutualPairs, aimPairs, (System.nanoTime() - t0) / 1e9);
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
    long made = 0;
    for (long o : order) {
      int e = (int) (o & 0xffffffffL);
      int u = src[e];
      int v = dst[e];
      long h = Seeds.hash(seed, SALT, pass, e, 1);
      if (!arcs.contains(PackedPairs.pack(v, u))) {
        boolean both = mutual[u] < target[u] && mutual[v] < target[v];
        if ((both || mutualPairs < aim) && tryReverse(u, v, h, both ? TRIES : TRIES_FOR_COUNT)) {
          made++;
        }
      } else {
        boolean both = mutual[u] > target[u] && mutual[v] > target[v];
        if ((both || mutualPairs > aim) && tryBreak(e, h, both ? TRIES : TRIES_FOR_COUNT)) {
          made++;
        }
      }
    }
    return made;
  }

  /**
   * Looks for a move adding v→u that lowers L and makes it; false when none of the tried ones does. Trial t takes
   * the arcs v→x and y→u of the t-th (i, j) pair and, when their targets cannot simply be exchanged (out(y) ≠ out(v)
   * and in(x) ≠ in(u)), a third arc w→z of the JDM cell (out(v), in(u)) for a rotation v→u, w→x, y→z.
   */
  private boolean tryReverse(int u, int v, long h, int budget) {
    int outs = outStart[v + 1] - outStart[v];
    int ins = inStart[u + 1] - inStart[u];
    if (outs == 0 || ins == 0) {
      return false;
    }
    int cell = cellOf(out[v], in[u]);
    int cellSize = cell < 0 ? 0 : cellStart[cell + 1] - cellStart[cell];
    long combos = (long) outs * ins;
    int tries = (int) Math.min(budget, cellSize > 0 ? Math.max(combos, cellSize) : combos);
    long lcm = (long) outs / gcd(outs, ins) * ins;
    int i0 = (int) Math.floorMod(h, outs);
    int j0 = (int) Math.floorMod(h >>> 32, ins);
    int c0 = cellSize == 0 ? 0 : (int) Math.floorMod(h >>> 16, cellSize);
    for (int t = 0; t < tries; t++) {
      // (t mod outs, (t + ⌊t / lcm⌋) mod ins) visits every (i, j) pair once in outs · ins steps (one diagonal per
      // lcm steps, as in BlockDesign), so a capped walk still sees many different x and y
      int e1 = outStart[v] + (int) ((i0 + t) % outs);
      int e2 = inArc[inStart[u] + (int) ((j0 + t + t / lcm) % ins)];
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
        int e3 = cellArc[cellStart[cell] + (c0 + t) % cellSize];
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
   * Looks for a move removing arc e = u→v of a mutual pair that lowers L and makes it: e exchanges its target with
   * an arc y→x where out(y) = out(u) or in(x) = in(v), so the JDM stays. Trial t draws y among the nodes of u's
   * out-degree (t even) or x among the nodes of v's in-degree (t odd), then one of its arcs, all by hash.
   */
  private boolean tryBreak(int e, long h, int budget) {
    int[] sameOut = byOut.get(out[src[e]]);
    int[] sameIn = byIn.get(in[dst[e]]);
    for (int t = 0; t < budget; t++) {
      long r = Seeds.hash(h, t);
      int e2;
      if (t % 3 == 2) {
        // any arc y→x, and w→z of the cell (out(u), in(x)): u→v, y→x, w→z become u→x, y→z, w→v
        int ey = (int) Math.floorMod(r, src.length);
        int cell = cellOf(out[src[e]], in[dst[ey]]);
        if (cell < 0) {
          continue;
        }
        int size = cellStart[cell + 1] - cellStart[cell];
        int ew = cellArc[cellStart[cell] + (int) Math.floorMod(r >>> 32, size)];
        if (ey != e && ew != e && ew != ey && attempt3(e, ey, ew)) {
          return true;
        }
        continue;
      }
      if ((t & 1) == 0) {
        int y = sameOut[(int) Math.floorMod(r, sameOut.length)];
        e2 = outStart[y] + (int) Math.floorMod(r >>> 32, outStart[y + 1] - outStart[y]);
      } else {
        int x = sameIn[(int) Math.floorMod(r, sameIn.length)];
        e2 = inArc[inStart[x] + (int) Math.floorMod(r >>> 32, inStart[x + 1] - inStart[x])];
      }
      if (src[e2] != src[e] && dst[e2] != dst[e] && attempt2(e, e2)) {
        return true;
      }
    }
    return false;
  }

  /** Nodes per out-degree (per in-degree), ascending; only degrees ≥ 1. */
  private final Map<Long, int[]> byOut;
  private final Map<Long, int[]> byIn;

  private static Map<Long, int[]> byDegree(long[] degree) {
    Map<Long, Integer> size = new HashMap<>();
    for (long d : degree) {
      if (d > 0) {
        size.merge(d, 1, Integer::sum);
      }
    }
    Map<Long, int[]> lists = new HashMap<>();
    Map<Long, Integer> fill = new HashMap<>();
    for (Map.Entry<Long, Integer> c : size.entrySet()) {
      lists.put(c.getKey(), new int[c.getValue()]);
      fill.put(c.getKey(), 0);
    }
    for (int w = 0; w < degree.length; w++) {
      if (degree[w] > 0) {
        int k = fill.merge(degree[w], 1, Integer::sum) - 1;
        lists.get(degree[w])[k] = w;
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
   * self-loop or already present and L falls (or stays while mutual pairs are gained); otherwise changes nothing.
   */
  private boolean attempt(int[] group, int[] targets) {
    int g = group.length;
    for (int k = 0; k < g; k++) {
      int a = src[group[k]];
      if (a == targets[k] || arcs.contains(PackedPairs.pack(a, targets[k]))) {
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
      boolean before = arcs.contains(PackedPairs.pack(a, b)) && arcs.contains(PackedPairs.pack(b, a));
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
    setTargets(group, targets);
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
    return arcs.contains(PackedPairs.pack(a, b));
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
  private final int[] oldSlots = new int[3];
  private final int[] oldCells = new int[3];
  private final int[] oldCellSlots = new int[3];
  private final boolean[] taken = new boolean[3];

  /**
   * Moves arcs {@code group} to {@code targets}: the arc set, the targets, the in-lists and the cell lists
   * follow. The targets (and so the cells) are a permutation of the old ones, so each arc
   * takes the list slot of an arc that held its new target (cell) before.
   */
  private void setTargets(int[] group, int[] targets) {
    int g = group.length;
    for (int k = 0; k < g; k++) {
      int e = group[k];
      oldTargets[k] = dst[e];
      oldSlots[k] = slot[e];
      oldCells[k] = cellOfArc(e);
      oldCellSlots[k] = cellSlot[e];
      arcs.remove(PackedPairs.pack(src[e], dst[e]));
    }
    for (int k = 0; k < g; k++) {
      dst[group[k]] = targets[k];
    }
    for (int k = 0; k < g; k++) {
      arcs.add(PackedPairs.pack(src[group[k]], dst[group[k]]));
    }
    Arrays.fill(taken, false);
    for (int k = 0; k < g; k++) {
      int e = group[k];
      for (int q = 0; q < g; q++) {
        if (!taken[q] && oldTargets[q] == dst[e]) {
          taken[q] = true;
          slot[e] = oldSlots[q];
          inArc[oldSlots[q]] = e;
          break;
        }
      }
    }
    Arrays.fill(taken, false);
    for (int k = 0; k < g; k++) {
      int e = group[k];
      int c = cellOfArc(e);
      for (int q = 0; q < g; q++) {
        if (!taken[q] && oldCells[q] == c) {
          taken[q] = true;
          cellSlot[e] = oldCellSlots[q];
          cellArc[oldCellSlots[q]] = e;
          break;
        }
      }
    }
    for (boolean t : Arrays.copyOf(taken, g)) {
      if (!t) {
        throw new IllegalStateException("a rewiring move changed the JDM");
      }
    }
  }

  /** The id of JDM cell (out-degree k, in-degree l), −1 when no arc is in it. */
  private int cellOf(long k, long l) {
    Integer c = cells.get(CountMatrix.pairKey(k, l));
    return c == null ? -1 : c;
  }

  private int cellOfArc(int e) {
    return cellOf(out[src[e]], in[dst[e]]);
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** Change of |t(w) − m(w)| when m(w) moves by d. */
  private long change(int w, long d) {
    return Math.abs(target[w] - mutual[w] - d) - Math.abs(target[w] - mutual[w]);
  }

  /** Exchanges the targets of arcs e1 and e2. */
  private void swap(int e1, int e2) {
    int x = dst[e1];
    int u = dst[e2];
    arcs.remove(PackedPairs.pack(src[e1], x));
    arcs.remove(PackedPairs.pack(src[e2], u));
    arcs.add(PackedPairs.pack(src[e1], u));
    arcs.add(PackedPairs.pack(src[e2], x));
    dst[e1] = u;
    dst[e2] = x;
    int s1 = slot[e1];
    int s2 = slot[e2];
    inArc[s2] = e1;
    inArc[s1] = e2;
    slot[e1] = s2;
    slot[e2] = s1;
  }

  /** Open-addressing set of packed arcs (linear probing, deletion by backward shift); −1 marks an empty slot. */
  static final class ArcSet {
    private final long[] table;
    private final int mask;

    ArcSet(int expected) {
      int cap = Integer.highestOneBit(Math.max(4, expected * 2 + 1)) << 1;
      table = new long[cap];
      Arrays.fill(table, -1L);
      mask = cap - 1;
    }

    private int home(long key) {
      long z = key * 0x9E3779B97F4A7C15L;
      return (int) (z ^ (z >>> 29)) & mask;
    }

    boolean contains(long key) {
      for (int i = home(key); ; i = (i + 1) & mask) {
        if (table[i] == key) {
          return true;
        }
        if (table[i] == -1L) {
          return false;
        }
      }
    }

    /** Adds key; false when it was there. */
    boolean add(long key) {
      int i = home(key);
      while (table[i] != -1L) {
        if (table[i] == key) {
          return false;
        }
        i = (i + 1) & mask;
      }
      table[i] = key;
      return true;
    }

    void remove(long key) {
      int i = home(key);
      while (table[i] != key) {
        if (table[i] == -1L) {
          return;
        }
        i = (i + 1) & mask;
      }
      // backward shift: move later entries of the probe run into the hole when their home allows it
      int hole = i;
      for (int j = (i + 1) & mask; table[j] != -1L; j = (j + 1) & mask) {
        int h = home(table[j]);
        boolean movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j);
        if (movable) {
          table[hole] = table[j];
          hole = j;
        }
      }
      table[hole] = -1L;
    }
  }
}
