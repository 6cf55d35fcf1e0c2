package dev.grasp.embedding.amg;

import dev.grasp.graph.util.Seeds;
import java.util.Arrays;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseMatrix;

/**
 * A level small enough for the driver ({@code size <= coarsestSize}): the symmetric matrix as an
 * {@code ml.linalg.SparseMatrix} (its CSC arrays are the CSR arrays, by symmetry) plus the vertex ids, and the
 * driver twin of the distributed matching ({@link Coarsening}) so a hierarchy continues on the driver with the same
 * rules and the same tie-breaking hashes. Matrix–vector products use {@code SparseMatrix.multiply}: O(nnz).
 */
final class LocalLevel {

  final long[] ids;
  final SparseMatrix a;
  final double[] diag;
  final double[] l1;

  private LocalLevel(long[] ids, SparseMatrix a) {
    this.ids = ids;
    this.a = a;
    int n = ids.length;
    this.diag = new double[n];
    this.l1 = new double[n];
    int[] ptr = a.colPtrs();
    int[] idx = a.rowIndices();
    double[] val = a.values();
    for (int i = 0; i < n; i++) {
      for (int k = ptr[i]; k < ptr[i + 1]; k++) {
        if (idx[k] == i) {
          diag[i] += val[k];
        }
        l1[i] += Math.abs(val[k]);
      }
    }
  }

  int size() {
    return ids.length;
  }

  /**
   * A level from coordinate entries over {@code ids} (sorted ascending): row/col are positions in {@code ids};
   * duplicate positions are summed, in input order. A counting sort by row, then each row's entries sorted by
   * (column, input position) packed in one {@code long}: O(nnz log) time, 8 bytes of scratch an entry, no boxing.
   */
  static LocalLevel fromCoo(long[] ids, int[] row, int[] col, double[] v, int nnz) {
    int n = ids.length;
    int[] start = new int[n + 1];
    for (int k = 0; k < nnz; k++) {
      start[row[k] + 1]++;
    }
    for (int i = 0; i < n; i++) {
      start[i + 1] += start[i];
    }
    long[] key = new long[nnz];
    int[] fill = Arrays.copyOf(start, n);
    for (int k = 0; k < nnz; k++) {
      key[fill[row[k]]++] = ((long) col[k] << 32) | k;
    }
    int[] ptr = new int[n + 1];
    int[] idx = new int[nnz];
    double[] val = new double[nnz];
    int m = 0;
    for (int i = 0; i < n; i++) {
      Arrays.sort(key, start[i], start[i + 1]);
      int rowStart = m;
      for (int t = start[i]; t < start[i + 1]; t++) {
        int c = (int) (key[t] >>> 32);
        int k = (int) key[t];
        if (m > rowStart && idx[m - 1] == c) {
          val[m - 1] += v[k];
        } else {
          idx[m] = c;
          val[m] = v[k];
          m++;
        }
      }
      ptr[i + 1] = m;
    }
    return new LocalLevel(ids, new SparseMatrix(n, n, ptr, Arrays.copyOf(idx, m), Arrays.copyOf(val, m)));
  }

  double[] multiply(double[] x) {
    return a.multiply(new DenseVector(x)).values();
  }

  /** One ℓ1-Jacobi sweep x ← x + D_ℓ1⁻¹ (b − A x); {@code x == null} means 0, {@code b == null} means 0. */
  double[] smooth(double[] b, double[] x) {
    int n = size();
    double[] out = new double[n];
    double[] ax = x == null ? null : multiply(x);
    for (int i = 0; i < n; i++) {
      double r = (b == null ? 0.0 : b[i]) - (ax == null ? 0.0 : ax[i]);
      double xi = x == null ? 0.0 : x[i];
      out[i] = l1[i] > 0 ? xi + r / l1[i] : xi;
    }
    return out;
  }

  /** The pair weight 1 − 2·w_i·w_j·a_ij / (a_ii·w_i² + a_jj·w_j²), or 0 when the denominator vanishes. */
  static double pairWeight(double aij, double aii, double ajj, double wi, double wj) {
    double den = aii * wi * wi + ajj * wj * wj;
    return den > 0 ? 1.0 - 2.0 * wi * wj * aij / den : 0.0;
  }

  /** Scale of the grid pair weights are rounded to before they are compared (2^36). */
  static final double GRID = 0x1p36;

  /**
   * A pair weight rounded to the nearest multiple of 2⁻³⁶ (in units of 2⁻³⁶): weights equal in exact arithmetic but
   * computed from sums taken in different orders differ in their last bits only, so they tie here and the seeded pair
   * hash breaks the tie, as it does for exactly equal weights. Same operations as the executors' {@code rint(c·GRID)}.
   */
  static double quantise(double c) {
    return Math.rint(c * GRID);
  }

  /** The outcome of coarsening one level: aggregate index and prolongator value per fine row, coarse ids and w. */
  record Coarse(int[] agg, double[] p, long[] coarseIds, double[] coarseW, int matchedPairs) {}

  /**
   * Compatible weighted matching in {@code rounds} rounds (every unmatched vertex proposes its unmatched neighbour of
   * largest (pair weight rounded by {@link #quantise}, seeded pair hash, id); mutual proposals match), then the
   * one-non-zero-per-row prolongator from the normalised pair (w_i, w_j)/‖(w_i, w_j)‖; a coarse vertex takes the smaller id of its pair.
   */
  Coarse coarsen(double[] w, long seed, int rounds) {
    int n = size();
    int[] ptr = a.colPtrs();
    int[] idx = a.rowIndices();
    double[] val = a.values();
    int[] mate = new int[n];
    Arrays.fill(mate, -1);
    int pairs = 0;
    for (int r = 0; r < rounds; r++) {
      int[] best = new int[n];
      Arrays.fill(best, -1);
      double[] bc = new double[n];
      long[] bt = new long[n];
      for (int i = 0; i < n; i++) {
        if (mate[i] >= 0) {
          continue;
        }
        for (int k = ptr[i]; k < ptr[i + 1]; k++) {
          int j = idx[k];
          if (j == i || mate[j] >= 0) {
            continue;
          }
          double c = quantise(pairWeight(val[k], diag[i], diag[j], w[i], w[j]));
          if (!(c > 0)) {
            continue;
          }
          long t = Seeds.hash(seed, Math.min(ids[i], ids[j]), Math.max(ids[i], ids[j]));
          if (best[i] < 0 || c > bc[i] || (c == bc[i] && (t > bt[i] || (t == bt[i] && ids[j] > ids[best[i]])))) {
            best[i] = j;
            bc[i] = c;
            bt[i] = t;
          }
        }
      }
      int found = 0;
      for (int i = 0; i < n; i++) {
        int j = best[i];
        if (j > i && best[j] == i) {
          mate[i] = j;
          mate[j] = i;
          found++;
        }
      }
      pairs += found;
      if (found == 0) {
        break;
      }
    }
    int[] agg = new int[n];
    double[] p = new double[n];
    long[] cid = new long[n - pairs];
    double[] cw = new double[n - pairs];
    int nc = 0;
    for (int i = 0; i < n; i++) {
      int j = mate[i];
      if (j >= 0 && j < i) {
        continue;
      }
      cid[nc] = ids[i];
      if (j < 0) {
        agg[i] = nc;
        p[i] = w[i] < 0 ? -1.0 : 1.0;
        cw[nc] = Math.abs(w[i]);
      } else {
        double norm = Math.sqrt(w[i] * w[i] + w[j] * w[j]);
        agg[i] = nc;
        agg[j] = nc;
        p[i] = norm > 0 ? w[i] / norm : Math.sqrt(0.5);
        p[j] = norm > 0 ? w[j] / norm : Math.sqrt(0.5);
        cw[nc] = norm;
      }
      nc++;
    }
    return new Coarse(agg, p, cid, cw, pairs);
  }

  /** The Galerkin operator Pᵀ A P for a prolongator with one non-zero per row. */
  LocalLevel galerkin(Coarse c) {
    int[] ptr = a.colPtrs();
    int[] idx = a.rowIndices();
    double[] val = a.values();
    int nnz = ptr[size()];
    int[] row = new int[nnz];
    int[] col = new int[nnz];
    double[] v = new double[nnz];
    int m = 0;
    for (int i = 0; i < size(); i++) {
      for (int k = ptr[i]; k < ptr[i + 1]; k++) {
        int j = idx[k];
        row[m] = c.agg[i];
        col[m] = c.agg[j];
        v[m] = c.p[i] * val[k] * c.p[j];
        m++;
      }
    }
    return fromCoo(c.coarseIds, row, col, v, m);
  }

  /** rc = Pᵀ r. */
  static double[] restrict(Coarse c, double[] r, int coarseSize) {
    double[] out = new double[coarseSize];
    for (int i = 0; i < r.length; i++) {
      out[c.agg[i]] += c.p[i] * r[i];
    }
    return out;
  }

  /** x + P e. */
  static double[] prolongAdd(Coarse c, double[] x, double[] e) {
    double[] out = x.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += c.p[i] * e[c.agg[i]];
    }
    return out;
  }
}
