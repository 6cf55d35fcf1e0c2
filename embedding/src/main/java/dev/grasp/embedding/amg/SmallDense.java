package dev.grasp.embedding.amg;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.mllib.linalg.Matrix;
import org.apache.spark.mllib.linalg.SingularValueDecomposition;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.SparkSession;

/**
 * Driver-side dense algebra on tiny (embedding-dimension sized) matrices that {@code ml.linalg} does not offer: the
 * pivot-dropping Cholesky factorisation behind Gram–Schmidt from a Gram matrix, and a symmetric eigen-decomposition
 * through MLlib's {@code RowMatrix} SVD. O(d³) for d ≤ a few dozen.
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
   * Eigen-decomposition of a small symmetric positive semi-definite matrix T with MLlib's {@code RowMatrix} SVD
   * (LAPACK on the driver for d < 100): the SVD of the shifted σI − T, σ above the Gershgorin bound, keeps every
   * singular value positive (so none is dropped) and orders the eigenvalues of T ascending.
   */
  static Eigen symmetricEigen(SparkSession spark, double[][] t) {
    int d = t.length;
    double sigma = 0.0;
    for (double[] row : t) {
      double s = 0.0;
      for (double v : row) {
        s += Math.abs(v);
      }
      sigma = Math.max(sigma, s);
    }
    sigma = sigma * 1.01 + 1e-9;
    List<Vector> rows = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      double[] r = new double[d];
      for (int j = 0; j < d; j++) {
        r[j] = (i == j ? sigma : 0.0) - t[i][j];
      }
      rows.add(Vectors.dense(r));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    RowMatrix m = new RowMatrix(jsc.parallelize(rows, 1).rdd());
    SingularValueDecomposition<RowMatrix, Matrix> svd = m.computeSVD(d, false, 1e-15);
    double[] s = svd.s().toArray();
    Matrix v = svd.V();
    double[] values = new double[s.length];
    double[][] vectors = new double[d][s.length];
    for (int c = 0; c < s.length; c++) {
      values[c] = sigma - s[c];
      for (int i = 0; i < d; i++) {
        vectors[i][c] = v.apply(i, c);
      }
    }
    return new Eigen(values, vectors);
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
