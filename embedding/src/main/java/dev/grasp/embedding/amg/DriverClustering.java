package dev.grasp.embedding.amg;

import dev.grasp.graph.stats.LocalGraph;
import dev.grasp.graph.util.PackedPairs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of {@link AmgClustering} from the Laplacian on, in the driver's arrays, for a structure-only clustering
 * whose operator fits the driver ({@link Hierarchy#fitsDriver}): Bootstrap-AMG smooth vectors
 * ({@link BootstrapAmg#smoothLocal}), component indicators, orthonormalisation, Rayleigh–Ritz, the k-means restarts
 * and their modularity. The rules are the distributed steps' ({@link AmgClustering}); every sum runs over the rows in
 * id order, so the result does not depend on how the input was partitioned. The Spark path runs these steps once
 * it has collected the operator, and {@link AmgClustering#runInDriver} runs them with no Spark session: both give
 * the same bits (AmgClusteringTest, DeterminismTest).
 */
final class DriverClustering {

  private static final Logger LOG = LoggerFactory.getLogger(DriverClustering.class);

  private DriverClustering() {}

  /** The Laplacian of a graph's undirected simple view and its components, or null when it does not fit. */
  record Operator(LocalLevel level, int[] comp) {}

  /**
   * The Laplacian of the undirected simple view of {@code g} (self-loops dropped, each unordered pair weight 1) over
   * the vertices that have an edge, and each of those vertices' component index (components numbered in the order of
   * their smallest id, as {@link BootstrapAmg#aligned}); an empty level for a graph without edges; null when the
   * operator is over the driver limits of {@link Hierarchy#fitsDriver}.
   */
  static Operator laplacian(LocalGraph g, AmgParams params) {
    long[] pairs = g.undirectedPairs();
    int u = pairs.length;
    int[] index = new int[g.vertices()];
    Arrays.fill(index, -1);
    for (int e = 0; e < u; e++) {
      index[PackedPairs.first(pairs[e])] = 0;
      index[PackedPairs.second(pairs[e])] = 0;
    }
    int n = 0;
    for (int v = 0; v < index.length; v++) {
      if (index[v] == 0) {
        index[v] = n++;
      }
    }
    long entries = (long) n + 2L * u;
    if (n > params.coarsestSize() || entries > Hierarchy.driverEntryBudget(params)) {
      return null;
    }
    long[] ids = new long[n];
    for (int v = 0; v < index.length; v++) {
      if (index[v] >= 0) {
        ids[index[v]] = g.id(v);
      }
    }
    int[] row = new int[4 * u];
    int[] col = new int[4 * u];
    double[] val = new double[4 * u];
    int[] parent = new int[n];
    for (int k = 0; k < n; k++) {
      parent[k] = k;
    }
    for (int e = 0; e < u; e++) {
      int a = index[PackedPairs.first(pairs[e])];
      int b = index[PackedPairs.second(pairs[e])];
      int k = 4 * e;
      row[k] = a;
      col[k] = b;
      val[k] = -1.0;
      row[k + 1] = b;
      col[k + 1] = a;
      val[k + 1] = -1.0;
      row[k + 2] = a;
      col[k + 2] = a;
      val[k + 2] = 1.0;
      row[k + 3] = b;
      col[k + 3] = b;
      val[k + 3] = 1.0;
      int ra = root(parent, a);
      int rb = root(parent, b);
      if (ra != rb) {
        parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
    int[] comp = new int[n];
    int[] compOfRoot = new int[n];
    Arrays.fill(compOfRoot, -1);
    int c = 0;
    for (int k = 0; k < n; k++) {
      int r = root(parent, k);
      if (compOfRoot[r] < 0) {
        compOfRoot[r] = c++;
      }
      comp[k] = compOfRoot[r];
    }
    return new Operator(LocalLevel.fromCoo(ids, row, col, val, 4 * u), comp);
  }

  private static int root(int[] parent, int k) {
    while (parent[k] != k) {
      parent[k] = parent[parent[k]];
      k = parent[k];
    }
    return k;
  }

  /**
   * Clusters the vertices {@code ids} (sorted, every row of {@code l0} among them) from the operator {@code l0} and its
   * rows' component indices; {@code modularity} scores labels given in the order of {@code ids}.
   */
  static AmgClustering.Local run(AmgParams params, LocalLevel l0, int[] comp, long[] ids,
      ToDoubleFunction<int[]> modularity) {
    int n0 = l0.size();
    if (n0 == 0) {
      double[][] none = new double[ids.length][0];
      return new AmgClustering.Local(ids, new int[ids.length], none, 0.0, 0, new double[0], new double[0],
          List.of(), new double[0], new double[0], new int[0]);
    }
    BootstrapAmg.Local smooth = BootstrapAmg.smoothLocal(l0, comp, params);
    double[][] x = withComponentIndicators(transpose(smooth.smooth(), n0), comp, params.k());
    double[][] q = times(x, SmallDense.orthonormaliser(gram(x, x)));
    double[] ritzValues = new double[0];
    if (params.ritzDimensions() > 0) {
      double[][] aq = multiply(l0, q);
      SmallDense.Eigen e = SmallDense.symmetricEigen(gram(q, aq));
      int d = q[0].length;
      int keep = Math.min(params.ritzDimensions(), e.values().length);
      double[][] u = new double[d][keep];
      for (int i = 0; i < d; i++) {
        System.arraycopy(e.vectors()[i], 0, u[i], 0, keep);
      }
      ritzValues = Arrays.copyOf(e.values(), keep);
      LOG.info("amg Ritz values {}", Arrays.toString(ritzValues));
      q = times(q, u);
    }
    int d = q[0].length;
    double[][] own = new double[ids.length][];
    double[] rows = new double[ids.length * d];
    for (int p = 0; p < ids.length; p++) {
      int k = Arrays.binarySearch(l0.ids, ids[p]);
      own[p] = k >= 0 ? q[k] : new double[d];
      System.arraycopy(own[p], 0, rows, p * d, d);
    }
    SeededKMeans.Chunk all = new SeededKMeans.Chunk(ids, rows, d);
    SeededKMeans km = new SeededKMeans(params.k(), params.kmeansMaxIter(), params.seed(), params.restarts());
    List<SeededKMeans.Fit> fits = km.fitLocal(all);
    List<int[]> labels = new ArrayList<>();
    double[] mods = new double[fits.size()];
    for (int r = 0; r < fits.size(); r++) {
      labels.add(AmgClustering.canonical(ids, SeededKMeans.assign(all, fits.get(r).centers())));
      mods[r] = modularity.applyAsDouble(labels.get(r));
    }
    int[] iterations = fits.stream().mapToInt(SeededKMeans.Fit::iterations).toArray();
    int best = AmgClustering.bestRestart(mods, iterations);
    return new AmgClustering.Local(ids, labels.get(best), own, mods[best], d, smooth.rates(), smooth.rayleigh(),
        smooth.levelSizes(), mods, ritzValues, iterations);
  }

  /** Rows of the column vectors {@code cols} (each of length n). */
  private static double[][] transpose(double[][] cols, int n) {
    double[][] x = new double[n][cols.length];
    for (int c = 0; c < cols.length; c++) {
      for (int k = 0; k < n; k++) {
        x[k][c] = cols[c][k];
      }
    }
    return x;
  }

  /**
   * The driver twin of AmgClustering's component indicators: the normalised indicator of every component but the
   * largest of those with at least max(2, n/(2k)) vertices (at most k of them, largest first, ties by smallest id)
   * appended to each row.
   */
  private static double[][] withComponentIndicators(double[][] x, int[] comp, int k) {
    int n = x.length;
    long threshold = Math.max(2L, n / (2L * k));
    int comps = 0;
    for (int c : comp) {
      comps = Math.max(comps, c + 1);
    }
    long[] size = new long[comps];
    for (int c : comp) {
      size[c]++;
    }
    List<Integer> big = new ArrayList<>();
    for (int c = 0; c < comps; c++) {
      if (size[c] >= threshold) {
        big.add(c);
      }
    }
    big.sort((a, b) -> size[a] != size[b] ? Long.compare(size[b], size[a]) : Integer.compare(a, b));
    if (big.size() > k) {
      big = big.subList(0, k);
    }
    if (big.size() < 2) {
      return x;
    }
    int[] column = new int[comps];
    Arrays.fill(column, -1);
    for (int i = 1; i < big.size(); i++) {
      column[big.get(i)] = i - 1;
    }
    int d = x[0].length;
    double[][] out = new double[n][];
    for (int r = 0; r < n; r++) {
      out[r] = Arrays.copyOf(x[r], d + big.size() - 1);
      int at = column[comp[r]];
      if (at >= 0) {
        out[r][d + at] = 1.0 / Math.sqrt(size[comp[r]]);
      }
    }
    return out;
  }

  /** AᵀB for row matrices A and B of the same height, summed in row order; the upper triangle mirrored. */
  private static double[][] gram(double[][] a, double[][] b) {
    int d = a[0].length;
    double[][] g = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        double s = 0.0;
        for (int r = 0; r < a.length; r++) {
          s += a[r][i] * b[r][j];
        }
        g[i][j] = s;
        g[j][i] = s;
      }
    }
    return g;
  }

  /** X M, each entry 0 + Σ_l x_l·m_lc over the non-zero m_lc in order of l (as AmgClustering.times). */
  private static double[][] times(double[][] x, double[][] m) {
    int d = m.length;
    int cols = m[0].length;
    double[][] out = new double[x.length][cols];
    for (int r = 0; r < x.length; r++) {
      for (int c = 0; c < cols; c++) {
        double s = 0.0;
        for (int l = 0; l < d; l++) {
          if (m[l][c] != 0.0) {
            s = s + x[r][l] * m[l][c];
          }
        }
        out[r][c] = s;
      }
    }
    return out;
  }

  /** A Q for the row matrix Q, one column at a time. */
  private static double[][] multiply(LocalLevel a, double[][] q) {
    int n = q.length;
    int d = q[0].length;
    double[][] out = new double[n][d];
    double[] column = new double[n];
    for (int c = 0; c < d; c++) {
      for (int r = 0; r < n; r++) {
        column[r] = q[r][c];
      }
      double[] ac = a.multiply(column);
      for (int r = 0; r < n; r++) {
        out[r][c] = ac[r];
      }
    }
    return out;
  }
}
