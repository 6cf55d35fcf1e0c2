package dev.grasp.embedding.fastrp;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import dev.grasp.graph.DriverCopy;
import dev.grasp.graph.Graph;
import dev.grasp.graph.linalg.FixedPoint;
import dev.grasp.graph.util.DriverRows;
import dev.grasp.graph.util.Parallel;
import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@link FastRP} in the driver for graphs whose working set fits {@code spark.grasp.driverLocal.maxBytes}: the same
 * steps on primitive arrays, with the same double operations in the same order and the same {@link FixedPoint} sums
 * as the Spark stages and the kernel's engines, so the embedding has the same bits (a test holds the three to it).
 * One job reads the vertices and one the edges; everything else is driver work.
 *
 * <p>Working set: 4 vectors of d doubles a vertex plus 80 bytes a transition entry (two per edge when UNDIRECTED).
 */
final class LocalFastRP {

  /** Driver bytes a vertex takes: four d-vectors and bookkeeping. */
  static long nodeBytes(int d) {
    return 32L * d + 96;
  }

  /** Driver threads for the propagation's row ranges. */
  private static final int THREADS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));

  /** Driver bytes an input edge takes (once per orientation). */
  static final long ENTRY_BYTES = 80;

  private final FastRP.Settings st;
  private final long[] ids;
  private final double[][] features;
  private final int[] src;
  private final int[] dst;
  private final double[] weight;

  private LocalFastRP(FastRP.Settings st, long[] ids, double[][] features, int[] src, int[] dst, double[] weight) {
    this.st = st;
    this.ids = ids;
    this.features = features;
    this.src = src;
    this.dst = dst;
    this.weight = weight;
  }

  /**
   * The graph in the driver if it fits {@code maxBytes} (distinct vertex ids, every edge endpoint a vertex, finite
   * weights); null otherwise, and the caller runs the Spark stages.
   */
  static LocalFastRP collect(Graph g, FastRP.Settings st, long maxBytes) {
    int d = st.d();
    long nodeRoom = maxBytes / nodeBytes(d);
    Optional<DriverCopy> copy = DriverCopy.of(g);
    if (copy.isPresent() && st.features().length == 0
        && (st.weightCol() == null || (Graph.WEIGHT.equals(st.weightCol()) && copy.get().weight() != null))) {
      return fromCopy(copy.get(), st, maxBytes);
    }
    List<Column> vcols = new ArrayList<>(List.of(col(Graph.ID)));
    if (st.features().length > 0) {
      StructType vs = g.vertices().schema();
      List<Column> parts = new ArrayList<>();
      for (String f : st.features()) {
        parts.add(vs.apply(f).dataType() instanceof ArrayType
            ? col(f).cast(DataTypes.createArrayType(DataTypes.DoubleType))
            : org.apache.spark.sql.functions.array(col(f).cast(DataTypes.DoubleType)));
      }
      vcols.add(parts.size() == 1 ? parts.get(0) : concat(parts.toArray(new Column[0])));
    }
    List<Row> vs = g.vertices().select(vcols.toArray(new Column[0]))
        .limit((int) Math.min(Integer.MAX_VALUE - 1L, nodeRoom + 1)).collectAsList();
    if (vs.size() > nodeRoom) {
      return null;
    }
    int orientations = FastRP.UNDIRECTED.equals(st.orientation()) ? 2 : 1;
    long edgeRoom = (maxBytes - vs.size() * nodeBytes(d)) / (ENTRY_BYTES * orientations);
    Column w = st.weightCol() == null ? lit(1.0) : col(st.weightCol()).cast(DataTypes.DoubleType);
    List<Row> es = g.edges().select(col(Graph.SRC), col(Graph.DST), w)
        .limit((int) Math.min(Integer.MAX_VALUE - 1L, edgeRoom + 1)).collectAsList();
    if (es.size() > edgeRoom) {
      return null;
    }
    Row[] sorted = vs.toArray(new Row[0]);
    Arrays.sort(sorted, (x, y) -> Long.compare(x.getLong(0), y.getLong(0)));
    long[] ids = new long[sorted.length];
    double[][] feats = st.features().length > 0 ? new double[sorted.length][] : null;
    for (int v = 0; v < ids.length; v++) {
      ids[v] = sorted[v].getLong(0);
      if (v > 0 && ids[v] == ids[v - 1]) {
        return null;
      }
      if (feats != null && !sorted[v].isNullAt(1)) {
        List<Double> l = sorted[v].getList(1);
        double[] f = new double[l.size()];
        for (int k = 0; k < f.length; k++) {
          Double x = l.get(k);
          f[k] = x == null ? 0.0 : x; // null and 0 features are both left out of the projection
        }
        feats[v] = f;
      }
    }
    int[] s = new int[es.size()];
    int[] t = new int[es.size()];
    double[] ww = new double[es.size()];
    for (int e = 0; e < s.length; e++) {
      Row r = es.get(e);
      s[e] = Arrays.binarySearch(ids, r.getLong(0));
      t[e] = Arrays.binarySearch(ids, r.getLong(1));
      if (s[e] < 0 || t[e] < 0 || r.isNullAt(2) || !Double.isFinite(r.getDouble(2))) {
        return null;
      }
      ww[e] = r.getDouble(2);
    }
    return new LocalFastRP(st, ids, feats, s, t, ww);
  }

  /** {@link #collect} from the arrays the graph was read into (no job). */
  static LocalFastRP fromCopy(DriverCopy c, FastRP.Settings st, long maxBytes) {
    int orientations = FastRP.UNDIRECTED.equals(st.orientation()) ? 2 : 1;
    if ((double) c.vertexCount() * nodeBytes(st.d()) + (double) c.edgeCount() * ENTRY_BYTES * orientations
        > maxBytes) {
      return null;
    }
    DriverCopy.Positions pos = c.positions();
    if (pos == null) {
      return null;
    }
    double[] w = new double[c.edgeCount()];
    if (st.weightCol() == null) {
      Arrays.fill(w, 1.0);
    } else {
      for (int e = 0; e < w.length; e++) {
        w[e] = c.weight()[e];
        if (!Double.isFinite(w[e])) {
          return null;
        }
      }
    }
    return new LocalFastRP(st, c.ids(), null, pos.src(), pos.dst(), w);
  }

  /** Transition rows: for row i, columns {@code cols[start[i]..start[i+1])} with probabilities {@code p}. */
  private record Transition(int[] start, int[] cols, double[] p, double[] deg, double rowBound) {}

  /**
   * The oriented, merged transition matrix p = S_ij / deg_i, as FastRP's transition stage builds it; null when a
   * row's weights sum to 0 (the Spark path then reports it). Entries are bucketed by row (a counting sort), then each
   * row's {@code j << 32 | entry} keys are sorted, so equal (i, j) are adjacent; the merged sums do not depend on the
   * order of their terms (unit weights add to small integers, other weights in fixed point).
   */
  private Transition transition() {
    int n = ids.length;
    Cells c = rowCells();
    boolean weighted = st.weightCol() != null;
    int ws = weighted && c.cell().length > 0 ? weightScale(c.rowStart()) : 0;
    Merged m = merged(c, weighted, ws);
    double factor = FixedPoint.factor(ws);
    double[] deg = new double[n];
    double[] p = new double[m.cols().length];
    double rowBound = 0.0;
    int[] start = m.start();
    for (int i = 0; i < n; i++) {
      if (start[i] == start[i + 1]) {
        deg[i] = Double.NaN; // no row: the degree is null in the Spark stage
        continue;
      }
      double sum = 0.0;
      long fixed = 0;
      for (int k = start[i]; k < start[i + 1]; k++) {
        sum += m.w()[k];
        fixed += FixedPoint.term(m.w()[k], factor);
      }
      deg[i] = weighted ? FixedPoint.value(fixed, ws) : sum;
      if (deg[i] == 0.0) {
        return null;
      }
      double maxP = 0.0;
      for (int k = start[i]; k < start[i + 1]; k++) {
        p[k] = m.w()[k] / deg[i];
        maxP = Math.max(maxP, Math.abs(p[k]));
      }
      rowBound = Math.max(rowBound, (double) (start[i + 1] - start[i]) * maxP);
    }
    return new Transition(start, m.cols(), p, deg, rowBound);
  }

  /** Oriented entries bucketed by row: row i holds {@code cell[rowStart[i]..rowStart[i+1])}, each j · 2^32 + edge. */
  private record Cells(int[] rowStart, long[] cell) {}

  /** The oriented entries of every row by a counting sort (both orientations when UNDIRECTED). */
  private Cells rowCells() {
    int n = ids.length;
    boolean undirected = FastRP.UNDIRECTED.equals(st.orientation());
    boolean reverse = FastRP.REVERSE.equals(st.orientation());
    int edges = src.length;
    int[] rowStart = new int[n + 1];
    for (int e = 0; e < edges; e++) {
      rowStart[(reverse ? dst[e] : src[e]) + 1]++;
      if (undirected) {
        rowStart[dst[e] + 1]++;
      }
    }
    for (int i = 0; i < n; i++) {
      rowStart[i + 1] += rowStart[i];
    }
    int[] fill = Arrays.copyOf(rowStart, n);
    long[] cell = new long[edges * (undirected ? 2 : 1)]; // both below 2^31, so the keys sort as (j, edge)
    for (int e = 0; e < edges; e++) {
      int i = reverse ? dst[e] : src[e];
      int j = reverse ? src[e] : dst[e];
      cell[fill[i]++] = ((long) j << 32) | e;
      if (undirected) {
        cell[fill[j]++] = ((long) i << 32) | e;
      }
    }
    return new Cells(rowStart, cell);
  }

  /** The fixed-point scale of the weight sums, as the Spark stage: (largest row before merging) · (max |w|). */
  private int weightScale(int[] rowStart) {
    long maxCount = 0;
    double maxW = 0.0;
    for (int i = 0; i + 1 < rowStart.length; i++) {
      maxCount = Math.max(maxCount, rowStart[i + 1] - rowStart[i]);
    }
    for (double x : weight) {
      maxW = Math.max(maxW, Math.abs(x));
    }
    return FixedPoint.scaleFor((double) maxCount * maxW);
  }

  /** Rows with equal (i, j) entries merged, zero sums dropped: row i is {@code cols/w[start[i]..start[i+1])}. */
  private record Merged(int[] start, int[] cols, double[] w) {}

  private Merged merged(Cells c, boolean weighted, int ws) {
    int n = ids.length;
    long[] cell = c.cell();
    int[] rowStart = c.rowStart();
    double factor = FixedPoint.factor(ws);
    int[] start = new int[n + 1];
    int[] cols = new int[cell.length];
    double[] mw = new double[cell.length];
    int cells = 0;
    for (int i = 0; i < n; i++) {
      Arrays.sort(cell, rowStart[i], rowStart[i + 1]);
      for (int a = rowStart[i]; a < rowStart[i + 1]; ) {
        int j = (int) (cell[a] >>> 32);
        int b = a;
        double sum = 0.0;
        long fixed = 0;
        while (b < rowStart[i + 1] && (int) (cell[b] >>> 32) == j) {
          double w = weight[(int) cell[b]];
          sum += w;
          fixed += FixedPoint.term(w, factor);
          b++;
        }
        double merged = weighted ? FixedPoint.value(fixed, ws) : sum;
        if (merged != 0.0) {
          cols[cells] = j;
          mw[cells] = merged;
          cells++;
        }
        a = b;
      }
      start[i + 1] = cells;
    }
    return new Merged(start, Arrays.copyOf(cols, cells), mw);
  }

  /** The embedding of every vertex, in id order ({@link #ids}); null when the Spark path must run instead. */
  double[][] run() {
    Transition t = transition();
    if (t == null || !Double.isFinite(t.rowBound())) {
      return null;
    }
    int n = ids.length;
    int d = st.d();
    int pd = st.propertyDim();
    int sd = d - pd;
    double s = FastRP.parseSparsity(st.sparsity(), n);
    double a = Math.sqrt(s / d);
    double[][] fp = pd > 0 ? featureProjection(s, a) : null;
    double[][] x = new double[n][];
    double[][] acc = new double[n][];
    double self = st.selfInfluence();
    for (int v = 0; v < n; v++) {
      double[] r = new double[d];
      for (int j = 0; j < sd; j++) {
        r[j] = randomEntry(st.seed(), FastRP.NODE_DOMAIN, ids[v], j, s, a);
      }
      if (pd > 0 && fp[v] != null) {
        System.arraycopy(fp[v], 0, r, sd, pd);
      }
      double l = Double.isNaN(t.deg()[v]) || t.deg()[v] == 0.0 ? 1.0 : StrictMath.pow(t.deg()[v], st.beta());
      double sq = 0.0;
      for (int j = 0; j < d; j++) {
        sq = sq + r[j] * r[j];
      }
      double rn = Math.sqrt(sq);
      acc[v] = new double[d];
      x[v] = new double[d];
      for (int j = 0; j < d; j++) {
        acc[v][j] = self > 0 ? (rn > 0 ? r[j] * self / rn : 0.0) : 0.0;
        x[v][j] = r[j] * l;
      }
    }
    for (int k = 1; k <= st.alpha().length; k++) {
      x = propagate(t, x, d);
      double alphaK = st.alpha()[k - 1];
      if (alphaK != 0.0) {
        for (int v = 0; v < n; v++) {
          double norm = x[v] == null ? Double.NaN : norm(x[v]);
          for (int j = 0; j < d; j++) {
            acc[v][j] = acc[v][j] + (norm > 0 ? x[v][j] * alphaK / norm : 0.0);
          }
        }
      }
    }
    if (st.standardize()) {
      standardize(acc, d);
    }
    return acc;
  }

  /** One kernel product T·x: rows with at least one column that has a vector, sums in fixed point. */
  private static double[][] propagate(Transition t, double[][] x, int d) {
    int n = x.length;
    double maxAbs = 0.0;
    for (double[] v : x) {
      if (v != null) {
        for (double e : v) {
          maxAbs = Math.max(maxAbs, Math.abs(e));
        }
      }
    }
    double bound = t.rowBound() * maxAbs;
    if (!Double.isFinite(bound)) {
      throw new IllegalArgumentException("sparse product: entries or vectors are not finite (bound " + bound + ")");
    }
    int scale = FixedPoint.scaleFor(bound);
    double factor = FixedPoint.factor(scale);
    double[][] y = new double[n][];
    // rows are independent, so row ranges on several threads give the same bits as one pass
    List<Callable<Void>> ranges = new ArrayList<>();
    int[] cut = rowRanges(t.start(), THREADS * 4);
    for (int r = 0; r + 1 < cut.length; r++) {
      int from = cut[r];
      int to = cut[r + 1];
      ranges.add(() -> {
        propagateRows(t, x, y, d, from, to, factor, scale);
        return null;
      });
    }
    Parallel.all(THREADS, ranges);
    return y;
  }

  /** y_i for rows {@code from..to}: rows with at least one column that has a vector. */
  private static void propagateRows(Transition t, double[][] x, double[][] y, int d, int from, int to,
      double factor, int scale) {
    long[] acc = new long[d];
    for (int i = from; i < to; i++) {
      boolean any = false;
      Arrays.fill(acc, 0L);
      for (int k = t.start()[i]; k < t.start()[i + 1]; k++) {
        double[] xj = x[t.cols()[k]];
        if (xj == null) {
          continue;
        }
        any = true;
        double p = t.p()[k];
        for (int q = 0; q < d; q++) {
          acc[q] += FixedPoint.term(xj[q] * p, factor);
        }
      }
      if (any) {
        double[] yi = new double[d];
        for (int q = 0; q < d; q++) {
          yi[q] = FixedPoint.value(acc[q], scale);
        }
        y[i] = yi;
      }
    }
  }

  /** Row boundaries of at most {@code parts} ranges with about equal entry counts (CSR {@code start}). */
  static int[] rowRanges(int[] start, int parts) {
    int n = start.length - 1;
    long total = start[n];
    List<Integer> cut = new ArrayList<>(List.of(0));
    for (int r = 1; r < parts; r++) {
      long target = total * r / parts;
      int i = Arrays.binarySearch(start, (int) target);
      i = i < 0 ? -i - 1 : i;
      i = Math.min(n, Math.max(i, cut.get(cut.size() - 1)));
      if (i > cut.get(cut.size() - 1) && i < n) {
        cut.add(i);
      }
    }
    cut.add(n);
    return cut.stream().mapToInt(Integer::intValue).toArray();
  }

  private static double norm(double[] y) {
    double sq = 0.0;
    for (double v : y) {
      sq = sq + v * v;
    }
    return Math.sqrt(sq);
  }

  /** The twin of FastRP's randomEntry column. */
  private static double randomEntry(long seed, long domain, long key, long j, double s, double a) {
    double u = Seeds.uniform(seed, domain, key, j);
    return u < 1.0 / (2.0 * s) ? a : u < 1.0 / s ? -a : 0.0;
  }

  /** Σ_f x_f·P_f over each vertex's non-zero features (null for a vertex without any), as featureProjection. */
  private double[][] featureProjection(double s, double a) {
    int pd = st.propertyDim();
    long maxCount = 0;
    double maxX = 0.0;
    for (double[] f : features) {
      if (f == null) {
        continue;
      }
      long c = 0;
      double m = 0.0;
      for (double x : f) {
        if (x != 0.0) {
          c++;
          m = Math.max(m, Math.abs(x));
        }
      }
      if (c > 0) {
        maxCount = Math.max(maxCount, c);
        maxX = Math.max(maxX, m);
      }
    }
    int scale = maxCount == 0 ? 0 : FixedPoint.scaleFor((double) maxCount * maxX * a);
    double factor = FixedPoint.factor(scale);
    double[][] out = new double[features.length][];
    for (int v = 0; v < features.length; v++) {
      double[] f = features[v];
      if (f == null) {
        continue;
      }
      long[] sums = new long[pd];
      boolean any = false;
      for (int k = 0; k < f.length; k++) {
        if (f[k] == 0.0) {
          continue;
        }
        any = true;
        for (int j = 0; j < pd; j++) {
          sums[j] += FixedPoint.term(f[k] * randomEntry(st.seed(), FastRP.FEATURE_DOMAIN, k, j, s, a), factor);
        }
      }
      if (any) {
        out[v] = new double[pd];
        for (int j = 0; j < pd; j++) {
          out[v][j] = FixedPoint.value(sums[j], scale);
        }
      }
    }
    return out;
  }

  /** Column standardisation from fixed-point sums, as FastRP's standardisation stage. */
  private static void standardize(double[][] acc, int d) {
    long rows = acc.length;
    if (rows == 0) {
      return;
    }
    for (int j = 0; j < d; j++) {
      double mj = 0.0;
      for (double[] v : acc) {
        mj = Math.max(mj, Math.abs(v[j]));
      }
      int sc = FixedPoint.scaleFor(rows * mj);
      double factor = FixedPoint.factor(sc);
      long sum = 0;
      for (double[] v : acc) {
        sum += FixedPoint.term(v[j], factor);
      }
      double mean = FixedPoint.value(sum, sc) / rows;
      double spread = mj + Math.abs(mean);
      int sc2 = FixedPoint.scaleFor(rows * spread * spread);
      double factor2 = FixedPoint.factor(sc2);
      long dev = 0;
      for (double[] v : acc) {
        double e = v[j] - mean;
        dev += FixedPoint.term(e * e, factor2);
      }
      double sdv = Math.sqrt(FixedPoint.value(dev, sc2) / rows);
      double scale = sdv > 0 ? sdv : 1.0;
      for (double[] v : acc) {
        v[j] = (v[j] - mean) / scale;
      }
    }
  }

  /** The embedding as {@code id, embedding array<double>}, one row per vertex, in id order. */
  Dataset<Row> toDataFrame(SparkSession spark, double[][] emb, String outputCol) {
    StructType schema = new StructType().add(Graph.ID, DataTypes.LongType, true)
        .add(outputCol, DataTypes.createArrayType(DataTypes.DoubleType, false), true);
    return DriverRows.of(spark, new Embedding(ids, emb), ids.length, spark.sparkContext().defaultParallelism(),
        schema, Embedding::rows);
  }

  /** Vertex ids and their embeddings, broadcast to build the output rows. */
  private record Embedding(long[] ids, double[][] emb) implements java.io.Serializable {
    Iterator<InternalRow> rows(int from, int to) {
      List<InternalRow> out = new ArrayList<>(to - from);
      for (int v = from; v < to; v++) {
        out.add(new GenericInternalRow(new Object[] {ids[v], UnsafeArrayData.fromPrimitiveArray(emb[v])}));
      }
      return out.iterator();
    }
  }
}
