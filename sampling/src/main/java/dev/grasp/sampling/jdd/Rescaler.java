package dev.grasp.sampling.jdd;

import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rescales a (DCM, JDM) pair to ratio r on the driver and returns a pair that is realisable as a simple digraph.
 *
 * <ol>
 *   <li>Controlled rounding of r·DCM: the in- and out-degree marginals are the largest-remainder roundings of
 *       r·N_in and r·N_out (total round(r·|V|)); cells move from round(r·x) by a min-cost flow whose cost is the L1
 *       distance to r·x, so each cell stays within 1 of its target wherever the marginals allow; a marginal is
 *       relaxed only when no cell-level solution exists (at a much higher cost).</li>
 *   <li>Unrealisable hub classes (out-degree above the number of sample nodes able to receive, or in-degree above
 *       the number able to send) are capped, dropped or rejected by {@link HubPolicy}, and reported.</li>
 *   <li>Stub balance (Σ out-stubs = Σ in-stubs) by moving single nodes between classes of one DCM row or column,
 *       only between well-populated classes (r·N ≥ 1) unless nothing else works; every move is reported.</li>
 *   <li>JDM' by min-cost flow: out-class k must send k·N'_out(k) edges, in-class l must receive l·N'_in(l), arc (k, l)
 *       holds at most N'_out(k)·N'_in(l) − B'(k, l) edges (C3); costs are the L1 distance to r·JDM with units outside
 *       the original support three times as dear. The full class grid is used only when the support alone is
 *       infeasible.</li>
 *   <li>C1–C3 and two-way class existence are verified; a violation throws.</li>
 * </ol>
 *
 * <p>Complexity: driver-side, polynomial in nnz(DCM) and nnz(JDM) (thousands), independent of |V| and |E|.
 * Reference: arXiv 2507.23025 (2025); Tillman et al., KDD 2017 (conditions C1–C3).
 */
final class Rescaler {

  /** One unit of L1 deviation in flow cost units; fractional costs are rounded to 1/UNIT. */
  static final long UNIT = 1L << 16;
  private static final double EPS = 1e-9;
  private static final long SALT_IN_MARGINAL = 11;
  private static final long SALT_OUT_MARGINAL = 12;
  private static final int MAX_FULL_GRID_ARCS = 4_000_000;

  /**
   * Which original class a DCM' cell draws its nodes from: {@code count} nodes of original class (origIn, origOut)
   * appear in the sample with degrees (newIn, newOut).
   */
  record Draw(long origIn, long origOut, long newIn, long newOut, long count) {}

  /** The realisable rescaled pair plus what the rescaling had to change. */
  record Target(double ratio, CountMatrix dcm, CountMatrix jdm, List<Draw> draws, List<HubAdjustment> hubs,
      List<StubMove> stubMoves, long dcmCellsOffByOneOrMore, long marginalDeviation, long jdmCellsOffByOneOrMore,
      long jdmOutsideSupport, boolean jdmUsedFullGrid) {}

  private Rescaler() {}

  /**
   * Rescales {@code dcm} (row in-degree, column out-degree) and {@code jdm} (row source out-degree, column target
   * in-degree) to ratio {@code r}, or to exactly {@code nodes} nodes when {@code nodes > 0}.
   */
  static Target rescale(CountMatrix dcm, CountMatrix jdm, double r, long nodes, HubPolicy policy, long seed) {
    return rescale(dcm, jdm, r, nodes, policy, MarginalRounding.CUMULATIVE, seed);
  }

  /** As {@link #rescale(CountMatrix, CountMatrix, double, long, HubPolicy, long)} with a choice of marginal rounding. */
  static Target rescale(CountMatrix dcm, CountMatrix jdm, double r, long nodes, HubPolicy policy,
      MarginalRounding rounding, long seed) {
    long n = dcm.total();
    if (n == 0) {
      return new Target(r, new CountMatrix(), new CountMatrix(), List.of(), List.of(), List.of(), 0, 0, 0, 0, false);
    }
    long target = nodes > 0 ? nodes : Math.round(r * n);
    double rr = nodes > 0 ? (double) nodes / n : r;
    if (target < 1) {
      throw new IllegalArgumentException("`ratio` must keep at least one of the " + n + " nodes, got " + r);
    }
    if (target > n) {
      throw new IllegalArgumentException("`numNodes` must be at most |V| = " + n + ", got " + target);
    }
    TreeMap<Long, Long> inMarg = rounding == MarginalRounding.CUMULATIVE ? cumulative(dcm.rowSums(), rr, target)
        : largestRemainder(dcm.rowSums(), rr, target, seed, SALT_IN_MARGINAL);
    TreeMap<Long, Long> outMarg = rounding == MarginalRounding.CUMULATIVE ? cumulative(dcm.colSums(), rr, target)
        : largestRemainder(dcm.colSums(), rr, target, seed, SALT_OUT_MARGINAL);
    RoundedDcm rounded = roundDcm(dcm, rr, inMarg, outMarg);
    CountMatrix x = rounded.dcm();
    long deviation = rounded.marginalDeviation();

    // Per-node degree bounds are necessary, not sufficient: when the class-level flow still finds no JDM', hub
    // classes are capped at a fraction of their bound — out-degrees only, in-degrees only, or both, each fraction the
    // largest found feasible by bisection (6 steps) — and the candidate whose DCM' is closest to the input's degree
    // distributions (KS in + KS out) is kept, so degrees are lowered no further than needed (every cap is reported).
    try {
      return realise(dcm, jdm, rr, x.copy(), policy, 1.0, 1.0, deviation);
    } catch (Infeasible e) {
      if (policy == HubPolicy.FAIL) {
        throw new IllegalStateException(e.getMessage() + " (hubPolicy FAIL)", e);
      }
      Target best = null;
      double bestKs = Double.POSITIVE_INFINITY;
      for (HubCap cap : HubCap.values()) {
        Target t = bisect(dcm, jdm, rr, x, policy, deviation, cap);
        if (t != null) {
          double ks = Fidelity.ks(t.dcm().rowSums(), dcm.rowSums()) + Fidelity.ks(t.dcm().colSums(), dcm.colSums());
          if (ks < bestKs) {
            bestKs = ks;
            best = t;
          }
        }
      }
      if (best == null) {
        try {
          best = realise(dcm, jdm, rr, x.copy(), policy, 0.0, 0.0, deviation);
        } catch (Infeasible none) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }
      return best;
    }
  }

  /** Which hub degrees a bisection caps (tried in this order). */
  enum HubCap { OUT_DEGREES, IN_DEGREES, BOTH }

  /** The feasible target at the largest cap fraction for the capped side(s); null if none of 6 steps is feasible. */
  private static Target bisect(CountMatrix dcm, CountMatrix jdm, double rr, CountMatrix x, HubPolicy policy,
      long deviation, HubCap cap) {
    Target best = null;
    double lo = 0;
    double hi = 1;
    for (int step = 0; step < 6; step++) {
      double mid = (lo + hi) / 2;
      try {
        best = realise(dcm, jdm, rr, x.copy(), policy, cap == HubCap.OUT_DEGREES ? 1.0 : mid,
            cap == HubCap.IN_DEGREES ? 1.0 : mid, deviation);
        lo = mid;
      } catch (Infeasible again) {
        hi = mid;
      }
    }
    return best;
  }

  /** A rescaled DCM with no realisable JDM' under the current hub caps. */
  static final class Infeasible extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Infeasible(String message) {
      super(message);
    }
  }

  private static Target realise(CountMatrix dcm, CountMatrix jdm, double rr, CountMatrix x, HubPolicy policy,
      double tauIn, double tauOut, long marginalDeviation) {
    List<HubAdjustment> hubs = new ArrayList<>();
    List<Draw> hubDraws = new ArrayList<>();
    handleHubs(x, policy, tauIn, tauOut, hubs, hubDraws);

    List<StubMove> moves = balanceStubs(x, hubDraws, hubs, dcm, rr);

    CountMatrix dcmPrime = x.copy();
    for (Draw d : hubDraws) {
      dcmPrime.add(d.newIn(), d.newOut(), d.count());
    }
    List<Draw> draws = new ArrayList<>();
    for (CountMatrix.Cell c : x.cells()) {
      draws.add(new Draw(c.row(), c.col(), c.row(), c.col(), c.count()));
    }
    draws.addAll(hubDraws);

    long off = 0;
    for (CountMatrix.Cell c : dcm.cells()) {
      if (Math.abs(x.get(c.row(), c.col()) - rr * c.count()) >= 1 - EPS) {
        off++;
      }
    }

    Map<Long, Map<Long, Double>> jdmTarget = jdmTargets(jdm, rr, draws);
    JdmResult jr = solveJdm(dcmPrime, jdmTarget);
    List<String> violations = Realizability.violations(dcmPrime, jr.jdm);
    if (!violations.isEmpty()) {
      throw new IllegalStateException("rescaled (DCM', JDM') is not realisable: " + summarise(violations));
    }
    return new Target(rr, dcmPrime, jr.jdm, draws, hubs, moves, off, marginalDeviation, jr.offByOne, jr.outside,
        jr.fullGrid);
  }

  static String summarise(List<String> violations) {
    int show = Math.min(10, violations.size());
    return violations.size() + " violation(s), e.g. " + String.join("; ", violations.subList(0, show));
  }

  /**
   * Cumulative rounding of r·counts in key order: value(d) = round(r·C(d)) − round(r·C(d−)) with C the cumulative
   * count, so each value is floor or ceil of r·count and every partial sum is within 0.5 of its target; the total is
   * forced to {@code total} (they differ only when total is not round(r·Σ counts)).
   */
  static TreeMap<Long, Long> cumulative(TreeMap<Long, Long> counts, double r, long total) {
    TreeMap<Long, Long> out = new TreeMap<>();
    long cum = 0;
    long prev = 0;
    long sum = 0;
    for (Map.Entry<Long, Long> e : counts.entrySet()) {
      cum += e.getValue();
      long rounded = Math.min(roundHalfUp(r * cum), total);
      long v = Math.min(rounded - prev, e.getValue());
      out.put(e.getKey(), v);
      prev += v;
      sum += v;
    }
    if (sum != total) {
      // Only reachable through floating-point edge cases; settle the difference on the largest classes.
      long need = total - sum;
      List<Long> order = new ArrayList<>(counts.keySet());
      order.sort(Comparator.<Long>comparingLong(k -> -counts.get(k)).thenComparingLong(k -> k));
      for (Long k : order) {
        if (need == 0) {
          break;
        }
        long room = need > 0 ? counts.get(k) - out.get(k) : -out.get(k);
        long d = need > 0 ? Math.min(need, room) : Math.max(need, room);
        out.put(k, out.get(k) + d);
        need -= d;
      }
    }
    out.values().removeIf(v -> v == 0);
    return out;
  }

  /**
   * Largest-remainder rounding of r·counts to integers summing to {@code total}, never above the original count;
   * ties are broken by a seeded hash of the key (not by degree, which would bias the tail).
   */
  static TreeMap<Long, Long> largestRemainder(TreeMap<Long, Long> counts, double r, long total, long seed,
      long salt) {
    TreeMap<Long, Long> out = new TreeMap<>();
    Map<Long, Double> frac = new HashMap<>();
    long sum = 0;
    for (Map.Entry<Long, Long> e : counts.entrySet()) {
      double t = r * e.getValue();
      long fl = (long) Math.floor(t + EPS);
      fl = Math.min(fl, e.getValue());
      out.put(e.getKey(), fl);
      frac.put(e.getKey(), Math.max(0, t - fl));
      sum += fl;
    }
    long need = total - sum;
    Comparator<Long> byRemainder = Comparator.<Long>comparingDouble(k -> -frac.get(k))
        .thenComparingLong(k -> Seeds.hash(seed, salt, k));
    List<Long> order = new ArrayList<>(counts.keySet());
    order.sort(byRemainder);
    while (need > 0) {
      long before = need;
      for (Long k : order) {
        if (need == 0) {
          break;
        }
        if (out.get(k) < counts.get(k)) {
          out.put(k, out.get(k) + 1);
          need--;
        }
      }
      if (need == before) {
        throw new IllegalStateException("cannot round to " + total + " from " + counts);
      }
    }
    while (need < 0) {
      long before = need;
      for (int i = order.size() - 1; i >= 0 && need < 0; i--) {
        Long k = order.get(i);
        if (out.get(k) > 0) {
          out.put(k, out.get(k) - 1);
          need++;
        }
      }
      if (need == before) {
        throw new IllegalStateException("cannot round to " + total + " from " + counts);
      }
    }
    out.values().removeIf(v -> v == 0);
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Convex "L1 distance to t" costs on an arc whose value starts at x0 and may move within [0, hi].

  /** The forward (increment) and backward (decrement) arcs modelling one cell. */
  private record CellArcs(long x0, int[] inc, int[] dec) {
    long value(MinCostFlow f) {
      long v = x0;
      for (int a : inc) {
        v += f.flow(a);
      }
      for (int a : dec) {
        v -= f.flow(a);
      }
      return v;
    }
  }

  /**
   * Adds arcs u→v (raising the value from x0) and v→u (lowering it) whose unit costs are the marginal L1 costs
   * |x − t| times {@code weight}; x0 must be round(t) or the upper bound, so every unit cost is non-negative.
   */
  private static CellArcs convexArcs(MinCostFlow f, int u, int v, long x0, long hi, double t, long weight) {
    long fl = (long) Math.floor(t + EPS);
    double fr = Math.max(0, t - fl);
    long ce = fr < EPS ? fl : fl + 1;
    int[] inc = new int[2];
    int[] dec = new int[2];
    int ni = 0;
    int nd = 0;
    // Raising: through the rounding unit (fl → ce) at 1 − 2·frac, then beyond the target at 1 per unit.
    if (x0 < fl && hi > x0) {
      throw new IllegalStateException("start below floor(target) with room to rise: x0=" + x0 + " t=" + t);
    }
    long a = Math.max(x0, fl);
    long b = Math.min(ce, hi);
    if (b > a) {
      inc[ni++] = f.addArc(u, v, b - a, Math.round((1 - 2 * fr) * weight));
    }
    a = Math.max(x0, ce);
    if (hi > a) {
      inc[ni++] = f.addArc(u, v, hi - a, weight);
    }
    // Lowering: through the rounding unit (ce → fl) at 2·frac − 1, then below floor(t) at 1 per unit.
    if (x0 > ce) {
      throw new IllegalStateException("start above ceil(target): x0=" + x0 + " t=" + t);
    }
    if (x0 == ce && ce > fl) {
      dec[nd++] = f.addArc(v, u, 1, Math.round((2 * fr - 1) * weight));
    }
    long below = Math.min(x0, fl);
    if (below > 0) {
      dec[nd++] = f.addArc(v, u, below, weight);
    }
    return new CellArcs(x0, Arrays.copyOf(inc, ni), Arrays.copyOf(dec, nd));
  }

  private static long roundHalfUp(double t) {
    return (long) Math.floor(t + 0.5 + EPS);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Step 1: controlled rounding of the DCM.

  /** The rounded DCM and how far its marginals are from the rounded marginals asked for. */
  private record RoundedDcm(CountMatrix dcm, long marginalDeviation) {}

  private static RoundedDcm roundDcm(CountMatrix dcm, double r, TreeMap<Long, Long> inMarg,
      TreeMap<Long, Long> outMarg) {
    TreeMap<Long, Long> rowsIn = dcm.rowSums();
    TreeMap<Long, Long> colsOut = dcm.colSums();
    Map<Long, Integer> rowIdx = new HashMap<>();
    Map<Long, Integer> colIdx = new HashMap<>();
    int id = 0;
    for (Long i : rowsIn.keySet()) {
      rowIdx.put(i, id++);
    }
    for (Long j : colsOut.keySet()) {
      colIdx.put(j, id++);
    }
    int zr = id++;
    int zc = id++;
    int s = id++;
    int t = id++;
    MinCostFlow f = new MinCostFlow(id);
    List<CountMatrix.Cell> cells = dcm.cells();
    List<CellArcs> arcs = new ArrayList<>();
    Map<Long, Long> rowStart = new HashMap<>();
    Map<Long, Long> colStart = new HashMap<>();
    for (CountMatrix.Cell c : cells) {
      double tv = r * c.count();
      long x0 = Math.min(roundHalfUp(tv), c.count());
      arcs.add(convexArcs(f, rowIdx.get(c.row()), colIdx.get(c.col()), x0, c.count(), tv, UNIT));
      rowStart.merge(c.row(), x0, Long::sum);
      colStart.merge(c.col(), x0, Long::sum);
    }
    long big = 2L * (id + 2) * UNIT;
    long total = dcm.total();
    long required = 0;
    for (Long i : rowsIn.keySet()) {
      long diff = inMarg.getOrDefault(i, 0L) - rowStart.getOrDefault(i, 0L);
      int u = rowIdx.get(i);
      if (diff > 0) {
        f.addArc(s, u, diff, 0);
        required += diff;
      } else if (diff < 0) {
        f.addArc(u, t, -diff, 0);
      }
      f.addArc(u, zr, total, big);
      f.addArc(zr, u, total, big);
    }
    for (Long j : colsOut.keySet()) {
      long diff = outMarg.getOrDefault(j, 0L) - colStart.getOrDefault(j, 0L);
      int v = colIdx.get(j);
      if (diff > 0) {
        f.addArc(v, t, diff, 0);
      } else if (diff < 0) {
        f.addArc(s, v, -diff, 0);
        required += -diff;
      }
      f.addArc(v, zc, total, big);
      f.addArc(zc, v, total, big);
    }
    long sent = f.solve(s, t, required);
    if (sent != required) {
      throw new IllegalStateException("DCM rounding flow sent " + sent + " of " + required);
    }
    CountMatrix x = new CountMatrix();
    for (int k = 0; k < cells.size(); k++) {
      CountMatrix.Cell c = cells.get(k);
      x.set(c.row(), c.col(), arcs.get(k).value(f));
    }
    long dev = 0;
    for (Map.Entry<Long, Long> e : x.rowSums().entrySet()) {
      dev += Math.abs(e.getValue() - inMarg.getOrDefault(e.getKey(), 0L));
    }
    for (Long i : inMarg.keySet()) {
      if (!x.rowSums().containsKey(i)) {
        dev += inMarg.get(i);
      }
    }
    TreeMap<Long, Long> cs = x.colSums();
    for (Long j : colsOut.keySet()) {
      dev += Math.abs(cs.getOrDefault(j, 0L) - outMarg.getOrDefault(j, 0L));
    }
    return new RoundedDcm(x, dev);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Step 2: hubs.

  private static void handleHubs(CountMatrix x, HubPolicy policy, double tauIn, double tauOut,
      List<HubAdjustment> hubs, List<Draw> hubDraws) {
    boolean changed = true;
    while (changed) {
      changed = false;
      long receivers = 0;
      long senders = 0;
      for (CountMatrix.Cell c : x.cells()) {
        if (c.row() > 0) {
          receivers += c.count();
        }
        if (c.col() > 0) {
          senders += c.count();
        }
      }
      for (Draw d : hubDraws) {
        if (d.newIn() > 0) {
          receivers += d.count();
        }
        if (d.newOut() > 0) {
          senders += d.count();
        }
      }
      List<CountMatrix.Cell> offending = new ArrayList<>();
      for (CountMatrix.Cell c : x.cells()) {
        long maxOut = bound(receivers - (c.row() > 0 ? 1 : 0), tauOut);
        long maxIn = bound(senders - (c.col() > 0 ? 1 : 0), tauIn);
        if (c.col() > maxOut || c.row() > maxIn) {
          offending.add(c);
        }
      }
      if (offending.isEmpty()) {
        break;
      }
      if (policy == HubPolicy.FAIL) {
        StringBuilder sb = new StringBuilder();
        for (CountMatrix.Cell c : offending) {
          sb.append(" (in ").append(c.row()).append(", out ").append(c.col()).append(") x").append(c.count());
        }
        throw new IllegalStateException("hub classes cannot be realised in a sample of " + x.total()
            + " nodes (hubPolicy FAIL):" + sb);
      }
      for (CountMatrix.Cell c : offending) {
        long maxOut = bound(receivers - (c.row() > 0 ? 1 : 0), tauOut);
        long maxIn = bound(senders - (c.col() > 0 ? 1 : 0), tauIn);
        x.set(c.row(), c.col(), 0);
        if (policy == HubPolicy.DROP) {
          hubs.add(new HubAdjustment(c.row(), c.col(), c.count(), "dropped", -1, -1, maxIn, maxOut));
          changed = true;
        } else {
          long ni = Math.max(0, Math.min(c.row(), maxIn));
          long no = Math.max(0, Math.min(c.col(), maxOut));
          hubs.add(new HubAdjustment(c.row(), c.col(), c.count(), "capped", ni, no, maxIn, maxOut));
          hubDraws.add(new Draw(c.row(), c.col(), ni, no, c.count()));
        }
      }
    }
  }

  private static long bound(long base, double tau) {
    return tau >= 1 ? base : (long) Math.floor(tau * Math.max(0, base));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Step 3: stub balance.

  private static List<StubMove> balanceStubs(CountMatrix x, List<Draw> hubDraws, List<HubAdjustment> hubs,
      CountMatrix orig, double r) {
    long delta = 0;
    for (CountMatrix.Cell c : x.cells()) {
      delta += (c.col() - c.row()) * c.count();
    }
    for (Draw d : hubDraws) {
      delta += (d.newOut() - d.newIn()) * d.count();
    }
    List<StubMove> moves = new ArrayList<>();
    if (delta == 0) {
      return moves;
    }
    TreeMap<Long, Long> nIn = orig.rowSums();
    TreeMap<Long, Long> nOut = orig.colSums();
    CountMatrix origT = orig.transpose();
    Set<List<Long>> hubCells = new HashSet<>();
    for (HubAdjustment h : hubs) {
      hubCells.add(List.of(h.inDegree(), h.outDegree()));
    }
    // Classes of which r·N keeps at least one node (the strict pass moves stubs only between such classes).
    Set<Long> outKept = kept(nOut, r);
    Set<Long> inKept = kept(nIn, r);
    CountMatrix xT = x.transpose(); // x's columns as rows, kept in step with x
    boolean strict = true;
    int guard = 0;
    while (delta != 0) {
      if (++guard > 1_000_000) {
        throw new IllegalStateException("stub balancing did not converge, imbalance " + delta);
      }
      // The first move in cell order that leaves the smallest imbalance; none can beat an imbalance of 0.
      long bestAbs = Math.abs(delta);
      StubMove best = null;
      search:
      for (CountMatrix.Cell src : x.cells()) {
        long i = src.row();
        long j = src.col();
        // Row moves: same in-degree i, out-degree j → j2 changes the imbalance by j2 − j.
        if (!strict || outKept.contains(j)) {
          Map<Long, Long> xRow = x.row(i);
          for (Map.Entry<Long, Long> e : orig.row(i).entrySet()) {
            Long key = e.getKey();
            long j2 = key;
            Long have = xRow.get(key);
            if (j2 == j || (have != null && have >= e.getValue())
                || (!hubCells.isEmpty() && hubCells.contains(List.of(i, j2))) || (strict && !outKept.contains(key))) {
              continue;
            }
            long abs = Math.abs(delta + (j2 - j));
            if (abs < bestAbs) {
              bestAbs = abs;
              best = new StubMove(i, j, i, j2);
              if (abs == 0) {
                break search;
              }
            }
          }
        }
        // Column moves: same out-degree j, in-degree i → i2 changes the imbalance by −(i2 − i).
        if (!strict || inKept.contains(i)) {
          Map<Long, Long> xCol = xT.row(j);
          for (Map.Entry<Long, Long> e : origT.row(j).entrySet()) {
            Long key = e.getKey();
            long i2 = key;
            Long have = xCol.get(key);
            if (i2 == i || (have != null && have >= e.getValue())
                || (!hubCells.isEmpty() && hubCells.contains(List.of(i2, j))) || (strict && !inKept.contains(key))) {
              continue;
            }
            long abs = Math.abs(delta - (i2 - i));
            if (abs < bestAbs) {
              bestAbs = abs;
              best = new StubMove(i, j, i2, j);
              if (abs == 0) {
                break search;
              }
            }
          }
        }
      }
      if (best == null) {
        if (strict) {
          strict = false;
          continue;
        }
        throw new Infeasible("stub balancing found no move for imbalance " + delta
            + " (Σ out-stubs − Σ in-stubs)");
      }
      x.add(best.fromIn(), best.fromOut(), -1);
      x.add(best.toIn(), best.toOut(), 1);
      xT.add(best.fromOut(), best.fromIn(), -1);
      xT.add(best.toOut(), best.toIn(), 1);
      delta += (best.toOut() - best.fromOut()) - (best.toIn() - best.fromIn());
      moves.add(best);
    }
    return moves;
  }

  /** The classes d with r·counts(d) ≥ 1 (up to rounding): those the sample keeps a node of. */
  private static Set<Long> kept(TreeMap<Long, Long> counts, double r) {
    Set<Long> out = new HashSet<>();
    counts.forEach((d, n) -> {
      if (r * n >= 1 - EPS) {
        out.add(d);
      }
    });
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Step 4: JDM' by min-cost flow.

  /** r·JDM, with the rows and columns of capped hub classes moved (and scaled) to their new degree. */
  private static Map<Long, Map<Long, Double>> jdmTargets(CountMatrix jdm, double r, List<Draw> draws) {
    Map<Long, Map<Long, Double>> t = new TreeMap<>();
    for (CountMatrix.Cell c : jdm.cells()) {
      t.computeIfAbsent(c.row(), k -> new TreeMap<>()).put(c.col(), r * c.count());
    }
    Map<Long, Long> outTotal = new HashMap<>();
    Map<Long, Long> inTotal = new HashMap<>();
    Map<Long, Map<Long, Long>> outMoved = new TreeMap<>();
    Map<Long, Map<Long, Long>> inMoved = new TreeMap<>();
    for (Draw d : draws) {
      outTotal.merge(d.origOut(), d.count(), Long::sum);
      inTotal.merge(d.origIn(), d.count(), Long::sum);
      if (d.newOut() != d.origOut()) {
        outMoved.computeIfAbsent(d.origOut(), k -> new TreeMap<>()).merge(d.newOut(), d.count(), Long::sum);
      }
      if (d.newIn() != d.origIn()) {
        inMoved.computeIfAbsent(d.origIn(), k -> new TreeMap<>()).merge(d.newIn(), d.count(), Long::sum);
      }
    }
    for (Map.Entry<Long, Map<Long, Long>> e : outMoved.entrySet()) {
      long k0 = e.getKey();
      Map<Long, Double> row = t.get(k0);
      if (row == null || k0 == 0) {
        continue;
      }
      Map<Long, Double> copy = new TreeMap<>(row);
      for (Map.Entry<Long, Long> mv : e.getValue().entrySet()) {
        double share = (double) mv.getValue() / outTotal.get(k0);
        for (Map.Entry<Long, Double> cell : copy.entrySet()) {
          row.merge(cell.getKey(), -share * cell.getValue(), Double::sum);
          if (mv.getKey() > 0) {
            t.computeIfAbsent(mv.getKey(), k -> new TreeMap<>())
                .merge(cell.getKey(), share * cell.getValue() * mv.getKey() / k0, Double::sum);
          }
        }
      }
    }
    for (Map.Entry<Long, Map<Long, Long>> e : inMoved.entrySet()) {
      long l0 = e.getKey();
      if (l0 == 0) {
        continue;
      }
      for (Map<Long, Double> row : t.values()) {
        Double v = row.get(l0);
        if (v == null) {
          continue;
        }
        for (Map.Entry<Long, Long> mv : e.getValue().entrySet()) {
          double share = (double) mv.getValue() / inTotal.get(l0);
          row.merge(l0, -share * v, Double::sum);
          if (mv.getKey() > 0) {
            row.merge(mv.getKey(), share * v * mv.getKey() / l0, Double::sum);
          }
        }
      }
    }
    return t;
  }

  private record JdmResult(CountMatrix jdm, long offByOne, long outside, boolean fullGrid) {}

  private static JdmResult solveJdm(CountMatrix dcmPrime, Map<Long, Map<Long, Double>> target) {
    // Blocks holding nodes of both classes are first kept B' pairs short of the C3 bound: a block with no spare
    // pair leaves its self-loops no room to be swapped away. Only if that is infeasible is the exact C3 bound used.
    for (boolean slack : new boolean[] {true, false}) {
      JdmResult support = solveJdm(dcmPrime, target, false, slack);
      if (support != null) {
        return support;
      }
      JdmResult full = solveJdm(dcmPrime, target, true, slack);
      if (full != null) {
        return full;
      }
    }
    throw new Infeasible("no JDM' satisfies C2 and C3 for the rescaled DCM (max flow below |E'|)");
  }

  /** One JDM' cell of the flow: classes (k, l), its target r·JDM value and its convex-cost arcs. */
  private record JdmCell(long k, long l, double target, CellArcs arcs) {}

  /** The flow network of one JDM' solve: its cells and where their rounded starts leave each class's stubs. */
  private record JdmNetwork(MinCostFlow flow, int source, int sink, List<JdmCell> cells, long required) {}

  private static JdmResult solveJdm(CountMatrix dcmPrime, Map<Long, Map<Long, Double>> target, boolean fullGrid,
      boolean slack) {
    TreeMap<Long, Long> nOut = dcmPrime.colSums();
    TreeMap<Long, Long> nIn = dcmPrime.rowSums();
    nOut.remove(0L);
    nIn.remove(0L);
    if (fullGrid && (long) nOut.size() * nIn.size() > MAX_FULL_GRID_ARCS) {
      throw new IllegalStateException("JDM' needs arcs outside the original support but the class grid has "
          + ((long) nOut.size() * nIn.size()) + " pairs (limit " + MAX_FULL_GRID_ARCS + ")");
    }
    JdmNetwork net = jdmNetwork(dcmPrime, target, nOut, nIn, fullGrid, slack);
    if (net.flow().solve(net.source(), net.sink(), net.required()) != net.required()) {
      return null;
    }
    CountMatrix jdm = new CountMatrix();
    long off = 0;
    long outside = 0;
    for (JdmCell c : net.cells()) {
      long v = c.arcs().value(net.flow());
      jdm.set(c.k(), c.l(), v);
      if (Math.abs(v - c.target()) >= 1 - EPS) {
        off++;
      }
      if (c.target() <= EPS) {
        outside += v;
      }
    }
    // Target cells with no arc (class gone from the sample) are off too when their target is ≥ 1.
    for (Map.Entry<Long, Map<Long, Double>> row : target.entrySet()) {
      for (Map.Entry<Long, Double> c : row.getValue().entrySet()) {
        boolean hasArc = nOut.containsKey(row.getKey()) && nIn.containsKey(c.getKey())
            && nOut.get(row.getKey()) * nIn.get(c.getKey()) - dcmPrime.get(c.getKey(), row.getKey()) > 0;
        if (!hasArc && c.getValue() >= 1 - EPS) {
          off++;
        }
      }
    }
    return new JdmResult(jdm, off, outside, fullGrid);
  }

  /**
   * Nodes: one per out-class k and in-class l, then source and sink. A cell (k, l) of the target's support (or of the
   * whole class grid when {@code fullGrid}) gets convex arcs around its rounded target, capped by the C3 bound
   * N_k·N_l − B' (less B' again with {@code slack}); each class's stub surplus or deficit left by the rounded starts
   * is then an arc from the source or to the sink.
   */
  private static JdmNetwork jdmNetwork(CountMatrix dcmPrime, Map<Long, Map<Long, Double>> target,
      TreeMap<Long, Long> nOut, TreeMap<Long, Long> nIn, boolean fullGrid, boolean slack) {
    Map<Long, Integer> ki = new HashMap<>();
    Map<Long, Integer> li = new HashMap<>();
    int id = 0;
    for (Long k : nOut.keySet()) {
      ki.put(k, id++);
    }
    for (Long l : nIn.keySet()) {
      li.put(l, id++);
    }
    int s = id++;
    int t = id++;
    MinCostFlow f = new MinCostFlow(id);
    List<JdmCell> cells = new ArrayList<>();
    Map<Long, Long> rowStart = new HashMap<>();
    Map<Long, Long> colStart = new HashMap<>();
    for (Long k : nOut.keySet()) {
      Map<Long, Double> row = target.getOrDefault(k, Map.of());
      Iterable<Long> ls = fullGrid ? nIn.keySet() : row.keySet();
      for (Long l : ls) {
        if (!nIn.containsKey(l)) {
          continue;
        }
        double tv = Math.max(0, row.getOrDefault(l, 0.0));
        boolean inSupport = tv > EPS;
        if (!fullGrid && !inSupport) {
          continue;
        }
        long both = dcmPrime.get(l, k);
        long cap = nOut.get(k) * nIn.get(l) - (slack ? 2 * both : both);
        if (cap <= 0) {
          continue;
        }
        long x0 = Math.min(roundHalfUp(tv), cap);
        long weight = inSupport ? UNIT : 3 * UNIT;
        cells.add(new JdmCell(k, l, tv, convexArcs(f, ki.get(k), li.get(l), x0, cap, tv, weight)));
        rowStart.merge(k, x0, Long::sum);
        colStart.merge(l, x0, Long::sum);
      }
    }
    long required = 0;
    long supplyOut = 0;
    long supplyIn = 0;
    for (Long k : nOut.keySet()) {
      long diff = k * nOut.get(k) - rowStart.getOrDefault(k, 0L);
      if (diff > 0) {
        f.addArc(s, ki.get(k), diff, 0);
        required += diff;
      } else if (diff < 0) {
        f.addArc(ki.get(k), t, -diff, 0);
      }
      supplyOut += k * nOut.get(k);
    }
    for (Long l : nIn.keySet()) {
      long diff = l * nIn.get(l) - colStart.getOrDefault(l, 0L);
      if (diff > 0) {
        f.addArc(li.get(l), t, diff, 0);
      } else if (diff < 0) {
        f.addArc(s, li.get(l), -diff, 0);
        required += -diff;
      }
      supplyIn += l * nIn.get(l);
    }
    if (supplyOut != supplyIn) {
      throw new IllegalStateException("stubs unbalanced before the JDM flow: out " + supplyOut + ", in " + supplyIn);
    }
    return new JdmNetwork(f, s, t, cells, required);
  }
}
