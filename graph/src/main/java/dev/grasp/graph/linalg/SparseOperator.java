package dev.grasp.graph.linalg;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A distributed sparse matrix T (entries {@code i, j, p}: T_ij = p) applied to node vectors: y_i = Σ_j T_ij · x_j,
 * the one product behind every edge-list × node-vector loop.
 *
 * <p>Input vectors: {@code id: long, x: array<double>} of width d, one row per id. Output: {@code id, x, norm}, one row
 * per i that has at least one entry whose j has a vector, {@code norm} the row's L2 norm summed in position order.
 * Entries with the same (i, j) are separate terms. Every sum is a fixed-point sum ({@link FixedPoint}) at the scale of
 * {@link #rowBound()} · max |x|, so the output is the same bits for any partitioning, shuffle order and
 * {@link Engine}; the error of each value is below (entries in its row) · bound · 2^-62.
 *
 * <p>Engines: {@link Engine#CPU} (default) groups the entries by row block once (cached) and ships each x_j once to
 * each block that needs it: per product two shuffles of |V|·d values (the vectors to their home blocks, then to the
 * blocks that read them), no per-entry rows. {@link Engine#CATALYST} joins the entries with the vectors and aggregates
 * (d sum columns, or posexplode + groupBy(node, position)): |E|·d values through one shuffle, all Spark SQL built-ins.
 * Build: one pass over the entries (row bound, blocks). Unpersist when done.
 */
public final class SparseOperator {

  /** Column names of the entries. */
  public static final String I = "i";
  public static final String J = "j";
  public static final String P = "p";
  /** Column names of the vector tables. */
  public static final String ID = "id";
  public static final String X = "x";
  public static final String NORM = "norm";

  /** The shape of the Catalyst engine's aggregation. */
  public enum Shape {
    /** d sum columns in one aggregation. */
    COLUMNS,
    /** posexplode, groupBy(node, position), then the sorted list per node. */
    EXPLODE
  }

  /**
   * What the caller knows of the operator's size: upper bounds on the entry count and on the distinct columns, and
   * the width d of the vectors it will multiply (zeros when unknown). The CPU engine sizes its blocks from it;
   * results do not depend on it.
   */
  public record Sizing(long entries, long columns, int width) {
    public static final Sizing UNKNOWN = new Sizing(0, 0, 0);

    public Sizing {
      if (entries < 0 || columns < 0 || width < 0) {
        throw new IllegalArgumentException("sizing: entries, columns and width must be >= 0, got " + entries + ", "
            + columns + ", " + width);
      }
    }
  }

  private final Dataset<Row> entries;
  private final Engine engine;
  private final Shape shape;
  private final CatalystProduct catalyst;
  private final BlockProduct blocks;
  private final double rowBound;

  private final Sizing sizing;

  private SparseOperator(Dataset<Row> entries, Engine engine, Shape shape, Sizing sizing) {
    this.entries = entries;
    this.engine = engine;
    this.shape = shape;
    this.sizing = sizing;
    if (engine == Engine.CPU) {
      this.catalyst = null;
      this.blocks = BlockProduct.build(entries, sizing);
      this.rowBound = blocks.rowBound();
    } else {
      this.blocks = null;
      this.catalyst = CatalystProduct.build(entries, shape);
      this.rowBound = catalyst.rowBound();
    }
  }

  /**
   * The operator of {@code entries} ({@code i: long, j: long, p: double}; other columns ignored) on the session's
   * engine ({@link Engine#of}); entries with a non-finite p are refused.
   */
  public static SparseOperator of(Dataset<Row> entries) {
    return of(entries, Engine.of(entries.sparkSession()), Shape.COLUMNS);
  }

  /** {@link #of(Dataset)} on a given engine and Catalyst shape. */
  public static SparseOperator of(Dataset<Row> entries, Engine engine, Shape shape) {
    return of(entries, engine, shape, Sizing.UNKNOWN);
  }

  /** {@link #of(Dataset, Engine, Shape)} with the caller's {@link Sizing}. */
  public static SparseOperator of(Dataset<Row> entries, Engine engine, Shape shape, Sizing sizing) {
    StructType s = entries.schema();
    for (String c : new String[] {I, J, P}) {
      if (!java.util.Arrays.asList(s.fieldNames()).contains(c)) {
        throw new IllegalArgumentException("sparse operator entries need columns i, j, p; found " + s.simpleString());
      }
    }
    Dataset<Row> e = entries.select(col(I).cast(DataTypes.LongType).as(I), col(J).cast(DataTypes.LongType).as(J),
        col(P).cast(DataTypes.DoubleType).as(P));
    return new SparseOperator(e, engine, shape, sizing);
  }

  /** Tᵀ, on the same engine (a new build; unpersist it separately). */
  public SparseOperator transpose() {
    return new SparseOperator(entries.select(col(J).as(I), col(I).as(J), col(P)), engine, shape, sizing);
  }

  public Engine engine() {
    return engine;
  }

  /**
   * max_i (count_i · max_j |T_ij|): with max |x| it bounds every row's Σ_j |T_ij x_j|; a pure function of the entries
   * (a count and maxima), so every engine and partitioning gets the same value.
   */
  public double rowBound() {
    return rowBound;
  }

  /** T·x for vectors {@code id, x} of width {@code d}; output {@code id, x, norm} (see the class comment). */
  public Dataset<Row> times(Dataset<Row> x, int d) {
    if (d < 1) {
      throw new IllegalArgumentException("`d` must be >= 1, got " + d);
    }
    double bound = rowBound * maxAbs(x);
    if (!Double.isFinite(bound)) {
      throw new IllegalArgumentException("sparse product: entries or vectors are not finite (bound " + bound + ")");
    }
    int scale = FixedPoint.scaleFor(bound);
    Dataset<Row> in = x.select(col(ID), col(X));
    return engine == Engine.CPU ? blocks.times(in, d, scale) : catalyst.times(in, d, scale);
  }

  /** The largest |x_j| over all rows and positions of a vector table {@code id, x} (0 when empty): one job. */
  public static double maxAbs(Dataset<Row> x) {
    Row r = x.agg(max(array_max(functions.transform(col(X), v -> abs(v))))).first();
    return r.isNullAt(0) ? 0.0 : r.getDouble(0);
  }

  /** Releases the cached entries or blocks. */
  public void unpersist() {
    if (blocks != null) {
      blocks.unpersist();
    }
    if (catalyst != null) {
      catalyst.unpersist();
    }
  }
}
