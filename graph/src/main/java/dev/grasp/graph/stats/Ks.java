package dev.grasp.graph.stats;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Two-sample Kolmogorov–Smirnov distance D = sup_x |F1(x) − F2(x)| between two empirical distributions given as
 * value → mass (count or weight), as used by Leskovec &amp; Faloutsos, "Sampling from Large Graphs", KDD 2006.
 *
 * <p>Discrete-aware: both CDFs are right-continuous step functions that only jump at support points, so the
 * supremum is attained at a support point of one of them; D is the maximum over the union of both supports of
 * |F1(x) − F2(x)| with all mass at x included. Masses are normalised, so D compares shapes, not sizes (a sample and
 * its original of any sizes compare). Conventions: two empty distributions have D = 0; an empty and a non-empty one
 * have D = 1.
 *
 * <p>Driver side: O((k1 + k2) log(k1 + k2)) for k1, k2 distinct values. The DataFrame helper collects only the
 * distinct-value tables ({@link Distributions#valueCounts}).
 */
public final class Ks {

  private Ks() {}

  /** D between two value → mass maps (masses finite and ≥ 0). */
  public static double distance(Map<? extends Number, ? extends Number> a, Map<? extends Number, ? extends Number> b) {
    NavigableMap<Double, Double> fa = Distributions.of(a);
    NavigableMap<Double, Double> fb = Distributions.of(b);
    double ta = Distributions.total(fa);
    double tb = Distributions.total(fb);
    if (ta == 0 && tb == 0) {
      return 0.0;
    }
    if (ta == 0 || tb == 0) {
      return 1.0;
    }
    TreeSet<Double> support = new TreeSet<>(fa.keySet());
    support.addAll(fb.keySet());
    double ca = 0;
    double cb = 0;
    double d = 0;
    for (double x : support) {
      ca += fa.getOrDefault(x, 0.0);
      cb += fb.getOrDefault(x, 0.0);
      d = Math.max(d, Math.abs(ca / ta - cb / tb));
    }
    return Math.min(1.0, d);
  }

  /** D between the distributions of {@code columnA} in {@code a} and {@code columnB} in {@code b}; nulls ignored. */
  public static double distance(Dataset<Row> a, String columnA, Dataset<Row> b, String columnB) {
    return distance(Distributions.collect(Distributions.valueCounts(a, columnA)),
        Distributions.collect(Distributions.valueCounts(b, columnB)));
  }
}
