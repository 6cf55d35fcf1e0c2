package dev.grasp.graph.linalg;

import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import java.io.Serializable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Order-independent sums of doubles whose size is not known in advance (an objective and its gradient at each
 * iteration), with the same bits from a Spark aggregation and from partition-local or driver code. Where
 * {@link FixedPoint} needs a bound to pick its scale, this sum uses a fixed one and two {@code long} limbs:
 * each term t (clamped to ±{@link #CAP}; NaN counts as +CAP, as Spark's {@code least/greatest} order it) is scaled to
 * x = t·2^16, split into hi = ⌊x⌋ and lo = ⌊(x − hi)·2^31⌋ (both steps exact in double), and the limbs are summed as
 * {@code long}s. Integer addition is associative even when it wraps, so the limb sums do not depend on the
 * partitioning; the value is hi·2^-16 + lo·2^-47.
 *
 * <p>Precision: each term loses less than 2^-47 ≈ 7.1e-15 (absolute). Range: the true sum must stay below
 * {@link #RANGE} = 2^44 in magnitude and a sum may hold at most 2^32 terms; {@link #value} checks the first with a plain
 * double sum carried beside the limbs and throws naming the sum. The column forms are floor, multiply, cast and
 * {@code sum}, so RAPIDS runs them; {@link Acc} is their bit-exact twin.
 */
public final class WideSum {

  /** Terms are clamped to ±2^40 before they are split. */
  public static final double CAP = 0x1p40;
  /** The largest magnitude of a sum {@link #value} accepts: 2^44. */
  public static final double RANGE = 0x1p44;
  private static final double SCALE = 0x1p16;
  private static final double LOW = 0x1p31;
  private static final double UNSCALE_HI = 0x1p-16;
  private static final double UNSCALE_LO = 0x1p-47;

  private WideSum() {}

  /** The three aggregate columns of Σ term: the high limb, the low limb and the plain double sum (range check). */
  public static Column[] sum(Column term) {
    Column x = least(greatest(term, lit(-CAP)), lit(CAP)).multiply(lit(SCALE));
    Column hi = floor(x);
    Column lo = x.minus(hi.cast(DataTypes.DoubleType)).multiply(lit(LOW)).cast(DataTypes.LongType);
    return new Column[] {functions.sum(hi), functions.sum(lo), functions.sum(term)};
  }

  /** The sum held in columns {@code at, at + 1, at + 2} of an aggregation row built from {@link #sum}. */
  public static double value(Row row, int at, String what) {
    if (row.isNullAt(at)) {
      return 0.0;
    }
    return value(row.getLong(at), row.getLong(at + 1), row.getDouble(at + 2), what);
  }

  /** The sum of the limbs {@code hi, lo}; {@code approx} is the plain double sum of the same terms. */
  public static double value(long hi, long lo, double approx, String what) {
    if (!(Math.abs(approx) < RANGE)) {
      throw new IllegalStateException(what + " left the range of an exact sum (|sum| < 2^44): about " + approx);
    }
    return (double) hi * UNSCALE_HI + (double) lo * UNSCALE_LO;
  }

  /** A running sum: {@link #add} is the twin of one row of {@link #sum}; {@link #merge} adds partial sums. */
  public static final class Acc implements Serializable {
    private static final long serialVersionUID = 1L;
    private long hi;
    private long lo;
    private double approx;

    public void add(double term) {
      double t = Double.isNaN(term) ? CAP : Math.min(Math.max(term, -CAP), CAP);
      double x = t * SCALE;
      long h = (long) Math.floor(x);
      hi += h;
      lo += (long) ((x - (double) h) * LOW);
      approx += term;
    }

    public void merge(Acc other) {
      hi += other.hi;
      lo += other.lo;
      approx += other.approx;
    }

    public void clear() {
      hi = 0;
      lo = 0;
      approx = 0;
    }

    public double value(String what) {
      return WideSum.value(hi, lo, approx, what);
    }
  }
}
