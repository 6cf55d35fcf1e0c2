package dev.grasp.embedding.hyperbolic;

import dev.grasp.graph.linalg.WideSum;
import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.sql.Row;

/**
 * The CPU engine of {@link RescalerObjective}: the per-pair loss and gradient scalars on primitive arrays, as the
 * bit-exact twin of the Catalyst stages in {@code RescalerObjective.terms} (the same double operations in the same
 * order, {@link StrictMath} where Spark's code generation calls it, Spark's ordering of NaN in {@code least/greatest}),
 * summed with {@link WideSum}. So the two engines give the same bits and neither depends on the partitioning.
 */
final class PairLoss implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One partition of the pair table: labels and the per-block sums P⁰, Q⁰, R⁰ (row-major, {@code blocks} a pair). */
  record Chunk(double[] y, double[] p0, double[] q0, double[] r0) implements Serializable {
    int size() {
      return y.length;
    }

    long bytes() {
      return 8L * (y.length + p0.length + q0.length + r0.length) + 64;
    }

    /** Rows {@code y: double, p0, q0, r0: array<double>} of {@code blocks} values each. */
    static Chunk of(Iterator<Row> rows, int blocks) {
      DoubleBuffer y = new DoubleBuffer();
      DoubleBuffer p = new DoubleBuffer();
      DoubleBuffer q = new DoubleBuffer();
      DoubleBuffer r = new DoubleBuffer();
      while (rows.hasNext()) {
        Row row = rows.next();
        y.add(row.getDouble(0));
        for (int k = 0; k < 3; k++) {
          scala.collection.Seq<Object> v = row.getSeq(1 + k);
          DoubleBuffer out = k == 0 ? p : k == 1 ? q : r;
          for (int b = 0; b < blocks; b++) {
            out.add((Double) v.apply(b));
          }
        }
      }
      return new Chunk(y.toArray(), p.toArray(), q.toArray(), r.toArray());
    }
  }

  private final int blocks;
  private final double c;
  private final double sc;
  private final double cap;
  private final double negWeight;
  private final double radW;
  private final double[] s2;
  private final double r;
  private final double tt;

  /**
   * @param s2 e^{2θ_p} per block, {@code r} the decoder radius and {@code tt} its temperature e^{log t}, computed by the
   *     caller exactly as the Catalyst engine's parameter row
   */
  PairLoss(PoincareBall ball, int blocks, double negWeight, double radW, double[] s2, double r, double tt) {
    this.blocks = blocks;
    this.c = ball.curvature();
    this.sc = ball.sqrtC();
    this.cap = PoincareBall.MAX_TANGENT;
    this.negWeight = negWeight;
    this.radW = radW;
    this.s2 = s2;
    this.r = r;
    this.tt = tt;
  }

  /** Sums of the objective: {@code sums[0]} loss, {@code 1..blocks} ∂/∂θ_p, then ∂/∂r, ∂/∂log t; returns NaN losses. */
  long accumulate(Chunk chunk, WideSum.Acc[] sums) {
    long nan = 0;
    for (int i = 0; i < chunk.size(); i++) {
      nan += pair(chunk, i, sums, true);
    }
    return nan;
  }

  /** Sums of d² over the edge pairs ({@code sums[0]}) and the non-edge pairs ({@code sums[1]}). */
  void accumulateDistances(Chunk chunk, WideSum.Acc[] sums) {
    for (int i = 0; i < chunk.size(); i++) {
      pair(chunk, i, sums, false);
    }
  }

  private int pair(Chunk ch, int i, WideSum.Acc[] sums, boolean full) {
    double y = ch.y[i];
    int at = i * blocks;
    double pp = 0.0;
    double qq = 0.0;
    double rr = 0.0;
    for (int p = 0; p < blocks; p++) {
      pp = pp + ch.p0[at + p] * s2[p];
    }
    for (int p = 0; p < blocks; p++) {
      qq = qq + ch.q0[at + p] * s2[p];
    }
    for (int p = 0; p < blocks; p++) {
      rr = rr + ch.r0[at + p] * s2[p];
    }
    double ni = Math.sqrt(pp);
    double nj = Math.sqrt(qq);
    boolean both = ni > 0 && nj > 0;
    double gamma = least(greatest(both ? rr / (ni * nj) : 1.0, -1.0), 1.0);
    double aa = least(ni * sc, cap) * 2.0;
    double bb = least(nj * sc, cap) * 2.0;
    double sa = StrictMath.sinh(aa);
    double sb = StrictMath.sinh(bb);
    double ca = StrictMath.cosh(aa);
    double cb = StrictMath.cosh(bb);
    double sab = StrictMath.sinh(aa - bb);
    double half = StrictMath.sinh((aa - bb) * 0.5);
    double omg = 1.0 - gamma;
    double gm1 = half * half * 2.0 + sa * sb * omg;
    double sinhD = Math.sqrt(gm1 * (gm1 + 2.0));
    double dd = StrictMath.log1p(gm1 + sinhD);
    double d2 = dd * dd / c;
    if (!full) {
      sums[y > 0 ? 0 : 1].add(d2);
      return 0;
    }
    double dD2dG = dd < 1e-4 ? 2.0 - dd * dd / 3.0 : dd * 2.0 / sinhD;
    double w = y > 0 ? 1.0 : negWeight;
    double z = (d2 - r) / tt;
    double yz = y * z;
    double softplus = greatest(yz, 0.0) + StrictMath.log1p(StrictMath.exp(Math.abs(yz) * -1.0));
    double sigma = yz >= 0 ? 1.0 / (1.0 + StrictMath.exp(yz * -1.0)) : StrictMath.exp(yz) / (1.0 + StrictMath.exp(yz));
    double lz = y * sigma * w;
    double loss = w * softplus + (aa * aa + bb * bb) * (radW / (2 * c));
    double gD2 = lz / tt;
    double common = gD2 * dD2dG / c;
    double fA = common * (sab + ca * sb * omg) + aa * (radW / c);
    double fB = common * (sab * -1.0 + sa * cb * omg) + bb * (radW / c);
    double fG = common * (sa * sb) * -1.0;
    boolean freeI = ni > 0 && ni * sc < cap;
    boolean freeJ = nj > 0 && nj * sc < cap;
    double alpha = (freeI ? fA * (2 * sc) / ni : 0.0) - (both ? fG * gamma / pp : 0.0);
    double beta = (freeJ ? fB * (2 * sc) / nj : 0.0) - (both ? fG * gamma / qq : 0.0);
    double kappa = both ? fG * 2.0 / (ni * nj) : 0.0;
    sums[0].add(loss);
    for (int p = 0; p < blocks; p++) {
      sums[1 + p].add((alpha * ch.p0[at + p] + beta * ch.q0[at + p] + kappa * ch.r0[at + p]) * s2[p]);
    }
    sums[blocks + 1].add(gD2 * -1.0);
    sums[blocks + 2].add(lz * z * -1.0);
    return Double.isNaN(loss) ? 1 : 0;
  }

  /** Spark's {@code least(a, b)}: b when b orders before a, NaN ordering after every number. */
  private static double least(double a, double b) {
    return compare(b, a) < 0 ? b : a;
  }

  /** Spark's {@code greatest(a, b)}. */
  private static double greatest(double a, double b) {
    return compare(b, a) > 0 ? b : a;
  }

  /** Spark SQL's double ordering: −0.0 equals 0.0, NaN equals NaN and is above every number. */
  private static int compare(double x, double y) {
    if (x < y) {
      return -1;
    }
    if (x > y) {
      return 1;
    }
    if (x == y) {
      return 0;
    }
    return Double.isNaN(x) ? (Double.isNaN(y) ? 0 : 1) : -1;
  }

  /** A growable {@code double[]}. */
  private static final class DoubleBuffer {
    private double[] a = new double[1024];
    private int n;

    void add(double v) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, 2 * n);
      }
      a[n++] = v;
    }

    double[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }
}
