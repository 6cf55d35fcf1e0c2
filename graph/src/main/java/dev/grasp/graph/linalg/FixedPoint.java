package dev.grasp.graph.linalg;

import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Order-independent sums of doubles, so that the kernel's engines give the same bits for any partitioning: every term is scaled
 * by 2^scale and truncated to a {@code long}, the longs are summed (integer addition is exact and associative, so
 * the partial sums of any shuffle add up to the same value), and the sum is scaled back. The scale comes from a bound
 * on the sum of the terms' magnitudes, {@link #scaleFor}: bound · 2^scale < 2^62, so no partial sum can overflow.
 *
 * <p>Precision: each term loses less than 2^-scale, about bound · 2^-62 ≈ bound · 2.2e-19; a sum of k terms is off by
 * less than k of those. The column forms are plain expressions ({@code cast}, multiply, {@code sum} of {@code long}),
 * so RAPIDS runs them; {@link #term} and {@link #value(long, int)} are their bit-exact twins for partition-local code
 * (Spark's non-ANSI double-to-long cast truncates toward zero and saturates, as Java's {@code (long)} does).
 */
public final class FixedPoint {

  /** Largest magnitude of a scaled sum: 2^62. */
  private static final int HEADROOM_BITS = 62;
  /** Scales beyond ±1000 would leave the range where 2^scale is a normal double. */
  private static final int MAX_SCALE = 1000;

  private FixedPoint() {}

  /**
   * The scale for sums whose terms' magnitudes add up to at most {@code bound}: the largest s with
   * bound · 2^s < 2^62; 0 for a bound of 0 (every term is 0).
   */
  public static int scaleFor(double bound) {
    if (!(bound >= 0.0) || Double.isInfinite(bound)) {
      throw new IllegalArgumentException("fixed-point bound must be finite and >= 0, got " + bound);
    }
    if (bound == 0.0) {
      return 0;
    }
    // bound < 2^(e+1), so bound · 2^(61−e) < 2^62
    int s = HEADROOM_BITS - 1 - Math.getExponent(bound);
    return Math.max(-MAX_SCALE, Math.min(MAX_SCALE, s));
  }

  /** Σ term as a {@code long} column at {@code scale} (an aggregate expression). */
  public static Column sum(Column term, int scale) {
    return functions.sum(term.multiply(lit(Math.scalb(1.0, scale))).cast(DataTypes.LongType));
  }

  /** A {@code long} sum from {@link #sum} back as a double. */
  public static Column value(Column scaled, int scale) {
    return scaled.cast(DataTypes.DoubleType).multiply(lit(Math.scalb(1.0, -scale)));
  }

  /** The factor 2^scale a term is multiplied by before truncation. */
  public static double factor(int scale) {
    return Math.scalb(1.0, scale);
  }

  /** One term of {@link #sum} as Spark computes it: {@code (long) (term · factor)}, factor from {@link #factor}. */
  public static long term(double term, double factor) {
    return (long) (term * factor);
  }

  /** {@link #value(Column, int)} of a sum held in a {@code long}. */
  public static double value(long scaled, int scale) {
    return (double) scaled * Math.scalb(1.0, -scale);
  }
}
