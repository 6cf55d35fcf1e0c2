package dev.grasp.embedding.amg;

import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.DenseMatrix;

/**
 * Driver-side dense algebra on tiny (embedding-dimension sized) matrices that {@code ml.linalg} does not offer: the
 * pivot-dropping Cholesky factorisation behind Gram–Schmidt from a Gram matrix, and a symmetric eigen-decomposition
 * by LAPACK. O(d³) for d ≤ a few dozen.
 */
final class SmallDense {

  /** Relative remaining squared norm below which a column counts as linearly dependent. */
  static final double DROP = 1e-8;

  private SmallDense() {}

  /**
   * For a Gram matrix G = XᵀX (d × d), the d × r matrix M such that X M has orthonormal columns spanning X's column
   * space (r = numerical rank): M = R⁻¹ of the Cholesky factor of the independent columns, zero rows for dropped ones.
   */
  static double[][] orthonormaliser(double[][] g) {
    int d = g.length;
    List<Integer> kept = new ArrayList<>();
    double[][] r = new double[d][d];
    for (int j = 0; j < d; j++) {
      int b = kept.size();
      double[] colR = new double[b + 1];
      double rest = g[j][j];
      for (int a = 0; a < b; a++) {
        double s = g[kept.get(a)][j];
        for (int l = 0; l < a; l++) {
          s -= r[l][a] * colR[l];
        }
        colR[a] = s / r[a][a];
        rest -= colR[a] * colR[a];
      }
      if (!(g[j][j] > 0) || rest <= DROP * g[j][j]) {
        continue;
      }
      for (int a = 0; a < b; a++) {
        r[a][b] = colR[a];
      }
      r[b][b] = Math.sqrt(rest);
      kept.add(j);
    }
    int k = kept.size();
    double[][] inv = new double[k][k];
    for (int c = 0; c < k; c++) {
      inv[c][c] = 1.0 / r[c][c];
      for (int a = c - 1; a >= 0; a--) {
        double s = 0.0;
        for (int l = a + 1; l <= c; l++) {
          s += r[a][l] * inv[l][c];
        }
        inv[a][c] = -s / r[a][a];
      }
    }
    double[][] out = new double[d][Math.max(k, 1)];
    for (int a = 0; a < k; a++) {
      System.arraycopy(inv[a], 0, out[kept.get(a)], 0, k);
    }
    return out;
  }

  /** Eigenpairs of a small symmetric matrix, eigenvalues ascending; {@code vectors[i][c]} is entry i of vector c. */
  record Eigen(double[] values, double[][] vectors) {}

  /**
   * Eigen-decomposition of a small symmetric matrix T by LAPACK's {@code dsyev} in its pure-Java implementation
   * (the library Spark ML links; the Java one gives the same bits on every machine, native or not), eigenvalues
   * ascending. Each eigenvector's sign is fixed so that its entry of largest magnitude (the first such) is positive.
   */
  static Eigen symmetricEigen(double[][] t) {
    int d = t.length;
    double[] a = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        a[j * d + i] = t[i][j];
      }
    }
    double[] w = new double[d];
    double[] query = new double[1];
    org.netlib.util.intW info = new org.netlib.util.intW(0);
    LAPACK lapack = JavaLAPACK.getInstance();
    lapack.dsyev("V", "U", d, a, Math.max(1, d), w, query, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    lapack.dsyev("V", "U", d, a, Math.max(1, d), w, work, work.length, info);
    if (info.val != 0) {
      throw new IllegalStateException("dsyev did not converge on a " + d + " x " + d + " matrix (info " + info.val
          + ")");
    }
    double[][] vectors = new double[d][d];
    for (int c = 0; c < d; c++) {
      int big = 0;
      for (int i = 1; i < d; i++) {
        if (Math.abs(a[c * d + i]) > Math.abs(a[c * d + big])) {
          big = i;
        }
      }
      double sign = a[c * d + big] < 0 ? -1.0 : 1.0;
      for (int i = 0; i < d; i++) {
        vectors[i][c] = sign * a[c * d + i];
      }
    }
    return new Eigen(w, vectors);
  }

  /** {@code m} as an {@code ml.linalg} matrix (column-major), for callers that continue with ml.linalg. */
  static DenseMatrix toMatrix(double[][] m) {
    int rows = m.length;
    int cols = rows == 0 ? 0 : m[0].length;
    double[] v = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        v[j * rows + i] = m[i][j];
      }
    }
    return new DenseMatrix(rows, cols, v);
  }
}
