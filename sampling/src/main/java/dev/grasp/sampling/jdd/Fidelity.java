package dev.grasp.sampling.jdd;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Driver-side fidelity measures of a sample against its original, on the small degree tables: the two-sample
 * Kolmogorov–Smirnov distance of degree distributions and the relative L1 distance of DCM/JDM, as in
 * Leskovec &amp; Faloutsos, <i>Sampling from Large Graphs</i>, KDD 2006.
 *
 * <p>O(k log k) for k distinct degrees or matrix entries.
 */
public final class Fidelity {

  private Fidelity() {}

  /** KS D = max_x |F_a(x) − F_b(x)| between two degree → count maps (0 when both empty, 1 when only one is). */
  public static double ks(Map<Long, Long> a, Map<Long, Long> b) {
    double ta = 0;
    double tb = 0;
    for (long v : a.values()) {
      ta += v;
    }
    for (long v : b.values()) {
      tb += v;
    }
    if (ta == 0 && tb == 0) {
      return 0;
    }
    if (ta == 0 || tb == 0) {
      return 1;
    }
    TreeSet<Long> xs = new TreeSet<>(a.keySet());
    xs.addAll(b.keySet());
    double ca = 0;
    double cb = 0;
    double d = 0;
    for (long x : xs) {
      ca += a.getOrDefault(x, 0L);
      cb += b.getOrDefault(x, 0L);
      d = Math.max(d, Math.abs(ca / ta - cb / tb));
    }
    return d;
  }

  /** In-degree distribution (in-degree → nodes) of a DCM (rows in-degree). */
  public static TreeMap<Long, Long> inDistribution(CountMatrix dcm) {
    return dcm.rowSums();
  }

  /** Out-degree distribution (out-degree → nodes) of a DCM (columns out-degree). */
  public static TreeMap<Long, Long> outDistribution(CountMatrix dcm) {
    return dcm.colSums();
  }

  /**
   * rel-L1 = Σ |X' − s·X| / (s·Σ X) over the union of both supports; {@code s} is the size ratio the reference is
   * scaled by (1 for an already rescaled target). 0 when X is empty and X' too.
   */
  public static double relL1(CountMatrix sample, CountMatrix reference, double s) {
    double denom = s * reference.total();
    double num = 0;
    // Both cell lists are in (row, col) order: one merge walk over the union of the supports. The sum runs over the
    // reference's cells first, then the cells only the sample has, each in matrix order.
    List<CountMatrix.Cell> a = sample.cells();
    List<CountMatrix.Cell> b = reference.cells();
    long[] sampleOnly = new long[a.size()];
    int only = 0;
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      int order = i == a.size() ? 1 : j == b.size() ? -1 : compare(a.get(i), b.get(j));
      if (order < 0) {
        sampleOnly[only++] = a.get(i++).count();
      } else if (order > 0) {
        num += s * b.get(j++).count();
      } else {
        num += Math.abs(a.get(i++).count() - s * b.get(j++).count());
      }
    }
    for (int k = 0; k < only; k++) {
      num += sampleOnly[k];
    }
    if (denom == 0) {
      return num == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return num / denom;
  }

  private static int compare(CountMatrix.Cell x, CountMatrix.Cell y) {
    int byRow = Long.compare(x.row(), y.row());
    return byRow != 0 ? byRow : Long.compare(x.col(), y.col());
  }
}
