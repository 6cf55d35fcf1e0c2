package dev.grasp.embedding.hyperbolic;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.tanh;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.function.Function;
import org.apache.spark.sql.Column;

/**
 * Operations of the Poincaré ball of curvature −c as Catalyst column expressions over {@code array<double>} columns
 * of a known dimension d (built-ins only: element access, arithmetic, {@code sqrt}, {@code tanh}, {@code log1p},
 * {@code when}, {@code least}, {@code array}, {@code transform}), each with a driver-side {@code double[]} twin that
 * computes the same formula.
 *
 * <p>Formulas (Ganea et al. 2018, <i>Hyperbolic Neural Networks</i>; Chami et al. 2019, HGCN):
 * exp₀(v) = tanh(√c‖v‖)·v/(√c‖v‖); log₀(y) = artanh(√c‖y‖)·y/(√c‖y‖); M ⊗ x = exp₀(M·log₀(x));
 * x ⊕ y = ((1 + 2c⟨x,y⟩ + c‖y‖²)x + (1 − c‖x‖²)y) / (1 + 2c⟨x,y⟩ + c²‖x‖²‖y‖²);
 * d(x, y) = (1/√c)·arcosh(1 + 2c‖x − y‖²/((1 − c‖x‖²)(1 − c‖y‖²))) = (2/√c)·artanh(√c‖(−x) ⊕ y‖).
 *
 * <p>Numerics: every point is first projected to ‖x‖ ≤ (1 − ε)/√c with ε = {@value #BOUNDARY_EPS}; norms are
 * computed three ways (plain, scaled by 2⁻⁶⁰⁰, scaled by 2⁶⁰⁰) and the branch that neither overflows nor underflows is
 * used, so components of 1e300 or 1e−320 give finite results; tanh(z)/z and artanh(z)/z use their series limit 1 below
 * z = {@value #SERIES_BELOW}. A scalar used by every output component is bound once per row with a one-element
 * {@code transform} ("let"), so an expression stays O(d) in size and in work. Cost: O(d) per row and operation.
 */
public record PoincareBall(double curvature) implements java.io.Serializable {

  /** Margin to the boundary: points are kept at √c‖x‖ ≤ 1 − ε. */
  public static final double BOUNDARY_EPS = 1e-9;
  /** Below this value of √c‖x‖ the series limits tanh(z)/z = artanh(z)/z = 1 are exact in double. */
  public static final double SERIES_BELOW = 1e-8;
  /** artanh(1 − ε): the largest √c‖v‖ of a tangent vector whose exp₀ image is not clamped. */
  public static final double MAX_TANGENT = artanh(1.0 - BOUNDARY_EPS);

  private static final double DOWN = 0x1p-600;
  private static final double UP = 0x1p600;
  private static final double UNDERFLOW_RISK = 1e-140;

  /** Validates the curvature. */
  public PoincareBall {
    if (!(curvature > 0) || Double.isInfinite(curvature)) {
      throw new IllegalArgumentException("`curvature` must be finite and > 0, got " + curvature);
    }
  }

  /** √c. */
  public double sqrtC() {
    return Math.sqrt(curvature);
  }

  /** The largest radius d(0, x) a point can have after clamping: (2/√c)·artanh(1 − ε). */
  public double maxRadius() {
    return 2.0 * MAX_TANGENT / sqrtC();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Column expressions

  /** The d components {@code x[0] … x[d−1]} of an array column. */
  public static Column[] components(Column x, int d) {
    if (d < 1) {
      throw new IllegalArgumentException("`dimension` must be >= 1, got " + d);
    }
    Column[] c = new Column[d];
    for (int i = 0; i < d; i++) {
      c[i] = x.getItem(i);
    }
    return c;
  }

  /** Euclidean norm ‖x‖ without overflow or underflow. */
  public static Column norm(Column x, int d) {
    return letArray(a -> norm(components(a, d)), x);
  }

  /** Euclidean norm of the given components. */
  public static Column norm(Column[] x) {
    return withPolar(x, p -> p.n);
  }

  /** x/‖x‖ without overflow or underflow; the zero vector stays zero. */
  public static Column unit(Column x, int d) {
    return letArray(a -> unit(components(a, d)), x);
  }

  /** The unit vector of the given components (zeros for the zero vector). */
  public static Column unit(Column[] x) {
    return withPolar(x, p -> scaled(x, p.k, safeRatio(lit(1.0), p.nk)));
  }

  /** exp₀(v): the tangent vector v at the origin mapped onto the ball (clamped inside). */
  public Column expMap0(Column v, int d) {
    return letArray(a -> expMap0(components(a, d)), v);
  }

  /** exp₀ of the vector with the given components. */
  public Column expMap0(Column[] v) {
    double sc = sqrtC();
    return withPolar(v, p -> {
      Column z = p.n.multiply(sc);
      Column newNorm = when(z.lt(SERIES_BELOW), p.n)
          .otherwise(least(tanh(z), lit(1.0 - BOUNDARY_EPS)).divide(sc));
      return scaled(v, p.k, safeRatio(newNorm, p.nk));
    });
  }

  /** log₀(y): a ball point mapped to the tangent space at the origin (input first clamped inside the ball). */
  public Column logMap0(Column y, int d) {
    return letArray(a -> logMap0(components(a, d)), y);
  }

  /** log₀ of the point with the given components. */
  public Column logMap0(Column[] y) {
    return withPolar(y, p -> scaled(y, p.k, safeRatio(atanhNorm(p.n), p.nk)));
  }

  /** The projection onto ‖x‖ ≤ (1 − ε)/√c (identity inside). */
  public Column project(Column x, int d) {
    return letArray(a -> project(components(a, d)), x);
  }

  /** The projection of the given components onto the closed ball of radius (1 − ε)/√c. */
  public Column project(Column[] x) {
    double maxNorm = (1.0 - BOUNDARY_EPS) / sqrtC();
    return withPolar(x, p -> scaled(x, p.k, safeRatio(least(p.n, lit(maxNorm)), p.nk)));
  }

  /** Radius d(0, x) = (2/√c)·artanh(√c‖x‖), with ‖x‖ clamped inside the ball. */
  public Column radius(Column x, int d) {
    return letArray(a -> radius(components(a, d)), x);
  }

  /** Radius of the point with the given components. */
  public Column radius(Column[] x) {
    return withPolar(x, p -> atanhNorm(p.n).multiply(2.0));
  }

  /** Möbius addition x ⊕ y (both inputs first clamped inside the ball; the result clamped too). */
  public Column mobiusAdd(Column x, Column y, int d) {
    return letArray(a -> letArray(b -> mobiusAdd(components(a, d), components(b, d)), y), x);
  }

  /** Möbius addition of two points given by their components. */
  public Column mobiusAdd(Column[] x, Column[] y) {
    requireSameLength(x, y);
    double c = curvature;
    return withProjected(x, y, (px, py, nx, ny) -> {
      Column dot = dot(px, py);
      return let(s -> {
        Column xy = s[0];
        Column x2 = s[1];
        Column y2 = s[2];
        Column a = lit(1.0).plus(xy.multiply(2 * c)).plus(y2.multiply(c));
        Column b = lit(1.0).minus(x2.multiply(c));
        Column onePlus = lit(1.0).plus(xy.multiply(c));
        // (1 + c⟨x,y⟩)² + c²(‖x‖²‖y‖² − ⟨x,y⟩²) equals the textbook denominator and stays positive without
        // cancellation when x ≈ −y near the boundary.
        Column gram = x2.multiply(y2).minus(xy.multiply(xy));
        Column den = onePlus.multiply(onePlus)
            .plus(when(gram.gt(0), gram).otherwise(lit(0.0)).multiply(c * c));
        Column safeDen = when(den.gt(Double.MIN_NORMAL), den).otherwise(lit(Double.MIN_NORMAL));
        return let(t -> {
          Column[] out = new Column[px.length];
          for (int i = 0; i < out.length; i++) {
            out[i] = t[0].multiply(px[i]).plus(t[1].multiply(py[i])).divide(t[2]);
          }
          return project(out);
        }, a, b, safeDen);
      }, dot, nx.multiply(nx), ny.multiply(ny));
    });
  }

  /** Möbius matrix–vector product diag(m) ⊗ x = exp₀(diag(m)·log₀(x)); d = m.length. */
  public Column mobiusMatVec(double[] m, Column x) {
    return letArray(a -> mobiusMatVec(m, components(a, m.length)), x);
  }

  /** Möbius product with a block-diagonal matrix of scalar blocks: block k (size b) is scales[k]·I_b. */
  public Column mobiusMatVecBlocks(double[] blockScales, int blockSize, Column x) {
    return mobiusMatVec(expandBlocks(blockScales, blockSize), x);
  }

  /**
   * diag(m) ⊗ x in closed form: (1/√c)·tanh((‖Mx‖/‖x‖)·artanh(√c‖x‖))·Mx/‖Mx‖, with 0 ⊗-mapped to 0 and the
   * result clamped inside the ball.
   */
  public Column mobiusMatVec(double[] m, Column[] x) {
    if (m.length != x.length) {
      throw new IllegalArgumentException(
          "`matrix` diagonal length must equal the dimension " + x.length + ", got " + m.length);
    }
    for (double v : m) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("`matrix` entries must be finite, got " + v);
      }
    }
    double sc = sqrtC();
    return withPolar(x, px -> let(f -> {
      // M applied to the unit vector x/‖x‖ (not to x), so that no product overflows; then ‖Mx‖/‖x‖ = ‖M·x̂‖.
      Column[] mx = new Column[x.length];
      for (int i = 0; i < x.length; i++) {
        mx[i] = x[i].multiply(f[0]).multiply(f[1]).multiply(m[i]);
      }
      return withPolar(mx, pm -> {
        Column tangent = pm.n.multiply(atanhNorm(px.n));
        Column z = tangent.multiply(sc);
        Column newNorm = when(z.lt(SERIES_BELOW), tangent)
            .otherwise(least(tanh(z), lit(1.0 - BOUNDARY_EPS)).divide(sc));
        return scaled(mx, pm.k, safeRatio(newNorm, pm.nk));
      });
    }, px.k, safeRatio(lit(1.0), px.nk)));
  }

  /** Hyperbolic distance d(x, y) in its arcosh form (both points first clamped inside the ball). */
  public Column distance(Column x, Column y, int d) {
    return letArray(a -> letArray(b -> distance(components(a, d), components(b, d)), y), x);
  }

  /** Hyperbolic distance between two points given by their components. */
  public Column distance(Column[] x, Column[] y) {
    requireSameLength(x, y);
    double c = curvature;
    double sc = sqrtC();
    return withProjected(x, y, (px, py, nx, ny) -> {
      Column diff2 = lit(0.0);
      for (int i = 0; i < px.length; i++) {
        Column di = px[i].minus(py[i]);
        diff2 = diff2.plus(di.multiply(di));
      }
      // 1 − c‖x‖² as (1 − √c‖x‖)(1 + √c‖x‖): no cancellation near the boundary.
      Column gx = lit(1.0).minus(nx.multiply(sc)).multiply(lit(1.0).plus(nx.multiply(sc)));
      Column gy = lit(1.0).minus(ny.multiply(sc)).multiply(lit(1.0).plus(ny.multiply(sc)));
      Column delta = diff2.multiply(2 * c).divide(gx.multiply(gy));
      return let(s -> log1p(s[0].plus(sqrt(s[0].multiply(s[0].plus(2.0))))).divide(sc), delta);
    });
  }

  /** Hyperbolic distance in its Möbius form (2/√c)·artanh(√c‖(−x) ⊕ y‖); equal to {@link #distance} up to rounding. */
  public Column distanceViaMobiusAddition(Column x, Column y, int d) {
    return letArray(a -> letArray(b -> {
      Column[] negX = components(a, d);
      for (int i = 0; i < d; i++) {
        negX[i] = negX[i].multiply(-1.0);
      }
      return letArray(s -> radius(components(s, d)), mobiusAdd(negX, components(b, d)));
    }, y), x);
  }

  /** The link-prediction score −d(x, y): larger means more likely linked. */
  public Column negativeDistance(Column x, Column y, int d) {
    return distance(x, y, d).multiply(-1.0);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Driver-side twins

  /** Euclidean norm without overflow or underflow. */
  public static double norm(double[] x) {
    return polar(x)[2];
  }

  /** Driver twin of {@link #unit(Column, int)}: the same operations, so the same bits. */
  public static double[] unit(double[] x) {
    double[] p = polar(x);
    return scaled(x, p[0], safeRatio(1.0, p[1]));
  }

  /** Driver twin of {@link #expMap0(Column, int)}. */
  public double[] expMap0(double[] v) {
    double[] p = polar(v);
    double z = p[2] * sqrtC();
    double newNorm = z < SERIES_BELOW ? p[2] : Math.min(Math.tanh(z), 1.0 - BOUNDARY_EPS) / sqrtC();
    return scaled(v, p[0], safeRatio(newNorm, p[1]));
  }

  /** Driver twin of {@link #logMap0(Column, int)}. */
  public double[] logMap0(double[] y) {
    double[] p = polar(y);
    return scaled(y, p[0], safeRatio(atanhNorm(p[2]), p[1]));
  }

  /** Driver twin of {@link #project(Column, int)}. */
  public double[] project(double[] x) {
    double[] p = polar(x);
    return scaled(x, p[0], safeRatio(Math.min(p[2], (1.0 - BOUNDARY_EPS) / sqrtC()), p[1]));
  }

  /** Driver twin of {@link #radius(Column, int)}. */
  public double radius(double[] x) {
    return 2.0 * atanhNorm(polar(x)[2]);
  }

  /** Driver twin of {@link #mobiusAdd(Column, Column, int)}. */
  public double[] mobiusAdd(double[] x, double[] y) {
    requireSameLength(x.length, y.length);
    double c = curvature;
    double[] qx = polar(x);
    double[] qy = polar(y);
    double nx = Math.min(qx[2], (1.0 - BOUNDARY_EPS) / sqrtC());
    double ny = Math.min(qy[2], (1.0 - BOUNDARY_EPS) / sqrtC());
    double[] px = scaled(x, qx[0], safeRatio(nx, qx[1]));
    double[] py = scaled(y, qy[0], safeRatio(ny, qy[1]));
    double xy = 0;
    for (int i = 0; i < px.length; i++) {
      xy += px[i] * py[i];
    }
    double x2 = nx * nx;
    double y2 = ny * ny;
    double a = 1.0 + 2 * c * xy + c * y2;
    double b = 1.0 - c * x2;
    double onePlus = 1.0 + c * xy;
    double gram = x2 * y2 - xy * xy;
    double den = onePlus * onePlus + (gram > 0 ? gram : 0.0) * c * c;
    den = den > Double.MIN_NORMAL ? den : Double.MIN_NORMAL;
    double[] out = new double[px.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (a * px[i] + b * py[i]) / den;
    }
    return project(out);
  }

  /** Driver twin of {@link #mobiusMatVec(double[], Column)}. */
  public double[] mobiusMatVec(double[] m, double[] x) {
    requireSameLength(m.length, x.length);
    double[] px = polar(x);
    double[] mx = scaled(x, px[0], safeRatio(1.0, px[1]));
    for (int i = 0; i < x.length; i++) {
      mx[i] *= m[i];
    }
    double[] pm = polar(mx);
    double tangent = pm[2] * atanhNorm(px[2]);
    double z = tangent * sqrtC();
    double newNorm = z < SERIES_BELOW ? tangent : Math.min(Math.tanh(z), 1.0 - BOUNDARY_EPS) / sqrtC();
    return scaled(mx, pm[0], safeRatio(newNorm, pm[1]));
  }

  /** Driver twin of {@link #distance(Column, Column, int)}. */
  public double distance(double[] x, double[] y) {
    requireSameLength(x.length, y.length);
    double sc = sqrtC();
    double[] qx = polar(x);
    double[] qy = polar(y);
    double nx = Math.min(qx[2], (1.0 - BOUNDARY_EPS) / sc);
    double ny = Math.min(qy[2], (1.0 - BOUNDARY_EPS) / sc);
    double[] px = scaled(x, qx[0], safeRatio(nx, qx[1]));
    double[] py = scaled(y, qy[0], safeRatio(ny, qy[1]));
    double diff2 = 0;
    for (int i = 0; i < px.length; i++) {
      double di = px[i] - py[i];
      diff2 += di * di;
    }
    double gx = (1.0 - nx * sc) * (1.0 + nx * sc);
    double gy = (1.0 - ny * sc) * (1.0 + ny * sc);
    double delta = 2 * curvature * diff2 / (gx * gy);
    return Math.log1p(delta + Math.sqrt(delta * (delta + 2.0))) / sc;
  }

  /** Driver twin of {@link #distanceViaMobiusAddition(Column, Column, int)}. */
  public double distanceViaMobiusAddition(double[] x, double[] y) {
    double[] negX = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      negX[i] = -x[i];
    }
    return radius(mobiusAdd(negX, y));
  }

  /** artanh(w) = ½(ln(1 + w) − ln(1 − w)) for |w| < 1. */
  public static double artanh(double w) {
    return 0.5 * (Math.log1p(w) - Math.log1p(-w));
  }

  /** Per-dimension diagonal of a block-diagonal matrix whose block k is blockScales[k]·I_blockSize. */
  public static double[] expandBlocks(double[] blockScales, int blockSize) {
    if (blockSize < 1) {
      throw new IllegalArgumentException("`blockSize` must be >= 1, got " + blockSize);
    }
    double[] m = new double[blockScales.length * blockSize];
    for (int k = 0; k < blockScales.length; k++) {
      for (int j = 0; j < blockSize; j++) {
        m[k * blockSize + j] = blockScales[k];
      }
    }
    return m;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Internals

  /** A norm in the form n = nk / k, where k ∈ {2⁻⁶⁰⁰, 1, 2⁶⁰⁰} keeps nk = ‖k·x‖ away from overflow and underflow. */
  private record Polar(Column k, Column nk, Column n) {}

  private interface ProjectedBody {
    Column apply(Column[] px, Column[] py, Column normX, Column normY);
  }

  /** Binds the three norm variants of x once per row and hands the chosen scaling to {@code body}. */
  private static Column withPolar(Column[] x, Function<Polar, Column> body) {
    Column plain = lit(0.0);
    Column down = lit(0.0);
    Column up = lit(0.0);
    for (Column xi : x) {
      plain = plain.plus(xi.multiply(xi));
      Column dn = xi.multiply(DOWN);
      down = down.plus(dn.multiply(dn));
      Column u = xi.multiply(UP);
      up = up.plus(u.multiply(u));
    }
    return let(s -> let(t -> body.apply(new Polar(t[0], t[1], t[1].divide(t[0]))),
        when(s[0].equalTo(Double.POSITIVE_INFINITY), lit(DOWN))
            .when(s[0].lt(UNDERFLOW_RISK), lit(UP)).otherwise(lit(1.0)),
        when(s[0].equalTo(Double.POSITIVE_INFINITY), s[1])
            .when(s[0].lt(UNDERFLOW_RISK), s[2]).otherwise(s[0])),
        sqrt(plain), sqrt(down), sqrt(up));
  }

  /** Projects x and y into the ball and hands the projected components and their norms to {@code body}. */
  private Column withProjected(Column[] x, Column[] y, ProjectedBody body) {
    double maxNorm = (1.0 - BOUNDARY_EPS) / sqrtC();
    return withPolar(x, qx -> withPolar(y, qy -> {
      Column nx = least(qx.n, lit(maxNorm));
      Column ny = least(qy.n, lit(maxNorm));
      return let(s -> {
        Column[] px = new Column[x.length];
        Column[] py = new Column[y.length];
        for (int i = 0; i < x.length; i++) {
          px[i] = x[i].multiply(s[0]).multiply(s[1]);
          py[i] = y[i].multiply(s[2]).multiply(s[3]);
        }
        return body.apply(px, py, s[4], s[5]);
      }, qx.k, safeRatio(nx, qx.nk), qy.k, safeRatio(ny, qy.nk), nx, ny);
    }));
  }

  /** (1/√c)·artanh(min(√c·n, 1 − ε)), with the series limit n for small arguments. */
  private Column atanhNorm(Column n) {
    double sc = sqrtC();
    Column z = least(n.multiply(sc), lit(1.0 - BOUNDARY_EPS));
    Column atanh = log1p(z).minus(log1p(z.multiply(-1.0))).multiply(0.5);
    return when(z.lt(SERIES_BELOW), n).otherwise(atanh.divide(sc));
  }

  private double atanhNorm(double n) {
    double z = Math.min(n * sqrtC(), 1.0 - BOUNDARY_EPS);
    return z < SERIES_BELOW ? n : artanh(z) / sqrtC();
  }

  private static Column safeRatio(Column num, Column den) {
    return when(den.gt(0), num.divide(den)).otherwise(lit(0.0));
  }

  private static double safeRatio(double num, double den) {
    return den > 0 ? num / den : 0.0;
  }

  /** The array (x_i·k)·f, multiplied in that order so that neither step overflows. */
  private static Column scaled(Column[] x, Column k, Column f) {
    return let(s -> {
      Column[] out = new Column[x.length];
      for (int i = 0; i < x.length; i++) {
        out[i] = x[i].multiply(s[0]).multiply(s[1]);
      }
      return array(out);
    }, k, f);
  }

  private static double[] scaled(double[] x, double k, double f) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * k * f;
    }
    return out;
  }

  /** Driver twin of the polar form: {k, nk, n}. */
  private static double[] polar(double[] x) {
    double plain = 0;
    double down = 0;
    double up = 0;
    for (double xi : x) {
      plain += xi * xi;
      double dn = xi * DOWN;
      down += dn * dn;
      double u = xi * UP;
      up += u * u;
    }
    plain = Math.sqrt(plain);
    double k;
    double nk;
    if (plain == Double.POSITIVE_INFINITY) {
      k = DOWN;
      nk = Math.sqrt(down);
    } else if (plain < UNDERFLOW_RISK) {
      k = UP;
      nk = Math.sqrt(up);
    } else {
      k = 1.0;
      nk = plain;
    }
    return new double[] {k, nk, nk / k};
  }

  private static Column dot(Column[] x, Column[] y) {
    Column s = lit(0.0);
    for (int i = 0; i < x.length; i++) {
      s = s.plus(x[i].multiply(y[i]));
    }
    return s;
  }

  /**
   * Evaluates {@code values} once per row and gives them to {@code body} as lambda variables (a one-element
   * {@code transform}), so that a scalar used by all d output components is neither recomputed nor copied d times
   * into the expression tree (without it, composed operations grow as (4d)^depth).
   */
  static Column let(Function<Column[], Column> body, Column... values) {
    Column[] asDouble = new Column[values.length];
    for (int i = 0; i < values.length; i++) {
      asDouble[i] = values[i].cast("double");
    }
    return transform(array(array(asDouble)), v -> {
      Column[] vars = new Column[values.length];
      for (int i = 0; i < vars.length; i++) {
        vars[i] = v.getItem(i);
      }
      return body.apply(vars);
    }).getItem(0);
  }

  /** {@link #let} for one array value. */
  static Column letArray(Function<Column, Column> body, Column value) {
    return transform(array(value), a -> body.apply(a)).getItem(0);
  }

  private static void requireSameLength(Column[] x, Column[] y) {
    requireSameLength(x.length, y.length);
  }

  private static void requireSameLength(int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException("`dimension` of both operands must agree, got " + a + " and " + b);
    }
  }
}
