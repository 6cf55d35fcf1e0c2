package dev.grasp.embedding.amg;

import dev.grasp.graph.util.LineageCutter;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.ScalaSeq;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One AMG hierarchy built from one smooth vector: distributed levels (DataFrames) while a level does not fit the
 * driver ({@link #fitsDriver}: more than {@code coarsestSize} vertices or more entries than the driver's budget), then
 * driver levels ({@link LocalLevel}) down to {@link #MIN_COARSE} vertices; and its
 * V-cycle (one ℓ1-Jacobi sweep before and after the coarse correction, {@link #COARSE_SWEEPS} sweeps on the coarsest
 * level). Coarsening stops early when a level shrinks by less than {@link #STALL} (e.g. stars around hubs).
 *
 * <p>Cost of a V-cycle: on each distributed level three products with A plus one restriction and one prolongation
 * (joins and aggregations, O(nnz) each, every intermediate vector locally checkpointed); O(nnz) on driver levels.
 */
final class Hierarchy {

  static final int MIN_COARSE = 16;
  static final int COARSE_SWEEPS = 20;
  static final double STALL = 0.9;
  static final int MAX_LEVELS = 40;

  private static final StructType VECTOR = new StructType()
      .add(Graph.ID, DataTypes.LongType, false).add(DistOperator.X, DataTypes.DoubleType, false);

  final List<DistOperator> dist = new ArrayList<>();
  final List<Dataset<Row>> distP = new ArrayList<>();
  final List<LocalLevel> local = new ArrayList<>();
  final List<LocalLevel.Coarse> localC = new ArrayList<>();

  private Hierarchy() {}

  /** Level sizes, finest first. */
  List<Long> sizes() {
    List<Long> s = new ArrayList<>();
    dist.forEach(d -> s.add(d.size));
    local.forEach(l -> s.add((long) l.size()));
    return s;
  }

  /**
   * Stored non-zeros of this hierarchy's own driver levels (the coarse ones: a driver finest level shared by every
   * hierarchy is not counted): what its driver memory grows with, at about 12 bytes an entry.
   */
  long ownDriverEntries() {
    long s = 0;
    for (int l = dist.isEmpty() ? 1 : 0; l < local.size(); l++) {
      s += local.get(l).a.values().length;
    }
    return s;
  }

  /** A hierarchy whose finest level is distributed; {@code w} is {@code id, x}. */
  static Hierarchy buildDistributed(DistOperator op0, Dataset<Row> w, long seed, AmgParams params) {
    Hierarchy h = new Hierarchy();
    h.dist.add(op0);
    DistOperator cur = op0;
    while (!fitsDriver(cur, params) && h.dist.size() < MAX_LEVELS) {
      op0.entries.sparkSession().sparkContext().setJobDescription("amg coarsening level " + h.dist.size());
      Coarsening c = Coarsening.of(cur, w, seed, params.matchingRounds(), params.hubDegree());
      if (c.coarse.size > STALL * cur.size) {
        break;
      }
      h.distP.add(c.p);
      if (fitsDriver(c.coarse, params)) {
        LocalLevel l0 = collect(c.coarse);
        h.chainLocal(l0, gather(c.coarseW, l0.ids), seed, params.matchingRounds());
        break;
      }
      h.dist.add(c.coarse);
      cur = c.coarse;
      w = c.coarseW;
    }
    return h;
  }

  /** A hierarchy entirely on the driver. */
  static Hierarchy buildLocal(LocalLevel l0, double[] w, long seed, AmgParams params) {
    Hierarchy h = new Hierarchy();
    h.chainLocal(l0, w, seed, params.matchingRounds());
    return h;
  }

  private void chainLocal(LocalLevel l0, double[] w, long seed, int rounds) {
    local.add(l0);
    LocalLevel cur = l0;
    while (cur.size() > MIN_COARSE && local.size() + dist.size() < MAX_LEVELS) {
      LocalLevel.Coarse c = cur.coarsen(w, seed, rounds);
      if (c.coarseIds().length > STALL * cur.size()) {
        break;
      }
      localC.add(c);
      cur = cur.galerkin(c);
      local.add(cur);
      w = c.coarseW();
    }
  }

  /** One V-cycle for A x = b at driver level {@code l}; {@code b}, {@code x} null mean 0. */
  double[] vcycleLocal(int l, double[] b, double[] x) {
    LocalLevel a = local.get(l);
    if (l == local.size() - 1) {
      for (int s = 0; s < COARSE_SWEEPS; s++) {
        x = a.smooth(b, x);
      }
      return x;
    }
    x = a.smooth(b, x);
    double[] ax = a.multiply(x);
    double[] r = new double[ax.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (b == null ? 0.0 : b[i]) - ax[i];
    }
    LocalLevel.Coarse c = localC.get(l);
    double[] e = vcycleLocal(l + 1, LocalLevel.restrict(c, r, local.get(l + 1).size()), null);
    x = LocalLevel.prolongAdd(c, x, e);
    return a.smooth(b, x);
  }

  /** One V-cycle for A x = b at distributed level {@code l}; vectors are {@code id, x}, null means 0. */
  Dataset<Row> vcycle(int l, Dataset<Row> b, Dataset<Row> x) {
    DistOperator a = dist.get(l);
    boolean coarsest = l == dist.size() - 1 && local.isEmpty();
    if (coarsest) {
      for (int s = 0; s < COARSE_SWEEPS; s++) {
        x = smooth(a, b, x);
      }
      return x;
    }
    x = smooth(a, b, x);
    Dataset<Row> r = residual(a, b, x);
    Dataset<Row> p = distP.get(l);
    Dataset<Row> rc = r.join(p, col(Graph.ID).equalTo(col("i")))
        .groupBy("c").agg(sum(col("p").multiply(col(DistOperator.X))).as(DistOperator.X))
        .select(col("c").as(Graph.ID), col(DistOperator.X));
    Dataset<Row> e;
    if (l + 1 < dist.size()) {
      e = vcycle(l + 1, LineageCutter.cutMeasured(rc), null);
    } else {
      long[] ids = local.get(0).ids;
      e = toFrame(a.entries.sparkSession(), ids, vcycleLocal(0, gather(rc, ids), null));
    }
    Dataset<Row> pe = p.join(e.select(col(Graph.ID).as("c"), col(DistOperator.X).as("e")), "c")
        .select(col("i"), col("p").multiply(col("e")).as("pe"));
    x = LineageCutter.cutMeasured(x.join(pe, col(Graph.ID).equalTo(col("i")), "left")
        .select(col(Graph.ID), col(DistOperator.X).plus(coalesce(col("pe"), lit(0.0))).as(DistOperator.X)));
    return smooth(a, b, x);
  }

  /** One ℓ1-Jacobi sweep x ← x + D_ℓ1⁻¹ (b − A x). */
  static Dataset<Row> smooth(DistOperator a, Dataset<Row> b, Dataset<Row> x) {
    Dataset<Row> t = a.rows.select(col(Graph.ID), col("l1"));
    Column xi = lit(0.0);
    Column r = lit(0.0);
    if (x != null) {
      t = t.join(x, ScalaSeq.of(Graph.ID), "left")
          .join(a.multiply(x).withColumnRenamed(DistOperator.X, "ax"), ScalaSeq.of(Graph.ID), "left");
      xi = coalesce(col(DistOperator.X), lit(0.0));
      r = r.minus(coalesce(col("ax"), lit(0.0)));
    }
    if (b != null) {
      t = t.join(b.withColumnRenamed(DistOperator.X, "b"), ScalaSeq.of(Graph.ID), "left");
      r = r.plus(coalesce(col("b"), lit(0.0)));
    }
    Column nx = when(col("l1").gt(0), xi.plus(r.divide(col("l1")))).otherwise(xi);
    return LineageCutter.cutMeasured(t.select(col(Graph.ID), nx.as(DistOperator.X)));
  }

  static Dataset<Row> residual(DistOperator a, Dataset<Row> b, Dataset<Row> x) {
    Dataset<Row> t = a.multiply(x).withColumnRenamed(DistOperator.X, "ax");
    Column r = lit(0.0).minus(col("ax"));
    if (b != null) {
      t = t.join(b.withColumnRenamed(DistOperator.X, "b"), ScalaSeq.of(Graph.ID), "left");
      r = coalesce(col("b"), lit(0.0)).minus(col("ax"));
    }
    return LineageCutter.cutMeasured(t.select(col(Graph.ID), r.as(DistOperator.X)));
  }

  /**
   * Bytes of driver heap budgeted per entry of a collected level, per hierarchy: its CSC arrays (12 bytes an entry)
   * about five times over (the level plus its coarser driver levels, which shrink geometrically), with slack for the
   * collection's temporary arrays.
   */
  static final long DRIVER_BYTES_PER_ENTRY = 80;

  /**
   * Entries a driver level may have: a quarter of the driver's maximum heap shared by {@code maxHierarchies}
   * hierarchies at {@link #DRIVER_BYTES_PER_ENTRY} bytes an entry (1 GiB heap, 10 hierarchies: 335,544 entries; 8 GiB,
   * 10 hierarchies: 2.7M), and at least 100,000.
   */
  static long driverEntryBudget(AmgParams params) {
    long budget = Runtime.getRuntime().maxMemory() / 4 / (DRIVER_BYTES_PER_ENTRY * params.maxHierarchies());
    return Math.max(100_000L, budget);
  }

  /**
   * Whether a level goes to the driver: at most {@code coarsestSize} vertices and at most
   * {@link #driverEntryBudget} entries. Which levels run where changes the cost, not the result: the driver levels
   * repeat the distributed ones' matching, Galerkin products and smoothing (equal up to floating-point rounding).
   */
  static boolean fitsDriver(DistOperator op, AmgParams params) {
    return op.size <= params.coarsestSize() && op.entryCount() <= driverEntryBudget(params);
  }

  /**
   * Collects a (small) distributed level to the driver, rows in ascending id order. The entries are streamed one
   * partition at a time into primitive arrays (no list of {@code Row}s the size of the level).
   */
  static LocalLevel collect(DistOperator op) {
    long[] ids = new long[Math.toIntExact(op.size)];
    int n = 0;
    for (Iterator<Row> it = op.rows.select(Graph.ID).toLocalIterator(); it.hasNext(); ) {
      ids[n++] = it.next().getLong(0);
    }
    if (n != ids.length) {
      throw new IllegalStateException("amg level has " + n + " rows, expected " + ids.length);
    }
    Arrays.sort(ids);
    int nnz = Math.toIntExact(op.entryCount());
    int[] row = new int[nnz];
    int[] colIdx = new int[nnz];
    double[] v = new double[nnz];
    int k = 0;
    Iterator<Row> it = op.entries.select(DistOperator.I, DistOperator.J, DistOperator.V).toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      row[k] = Arrays.binarySearch(ids, r.getLong(0));
      colIdx[k] = Arrays.binarySearch(ids, r.getLong(1));
      v[k] = r.getDouble(2);
      k++;
    }
    if (k != nnz) {
      throw new IllegalStateException("amg level has " + k + " entries, expected " + nnz);
    }
    return LocalLevel.fromCoo(ids, row, colIdx, v, nnz);
  }

  /** A vector {@code id, x} as an array aligned with {@code ids} (missing ids are 0). */
  static double[] gather(Dataset<Row> x, long[] ids) {
    double[] out = new double[ids.length];
    for (Row r : x.select(Graph.ID, DistOperator.X).collectAsList()) {
      int k = Arrays.binarySearch(ids, r.getLong(0));
      if (k >= 0) {
        out[k] = r.getDouble(1);
      }
    }
    return out;
  }

  static Dataset<Row> toFrame(SparkSession spark, long[] ids, double[] x) {
    List<Row> rows = new ArrayList<>(ids.length);
    for (int k = 0; k < ids.length; k++) {
      rows.add(RowFactory.create(ids[k], x[k]));
    }
    return spark.createDataFrame(rows, VECTOR);
  }
}
