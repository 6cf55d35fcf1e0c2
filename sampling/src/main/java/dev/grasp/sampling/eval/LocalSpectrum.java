package dev.grasp.sampling.eval;

import dev.ludovic.netlib.arpack.ARPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import java.util.Arrays;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.netlib.util.doubleW;
import org.netlib.util.intW;

/**
 * Top singular values of a sparse 0/1 matrix in the driver, computed as Spark MLlib's {@code RowMatrix.computeSVD}
 * does for the same matrix: the eigenvalues of the Gramian AᵀA by ARPACK's implicitly restarted Lanczos
 * ({@code dsaupd/dseupd}, largest magnitude, ncv = min(2k, n), tolerance 1e-10, at most max(300, 3k) iterations)
 * — or, where MLlib's automatic choice takes dense LAPACK (n &lt; 100 and k ≥ n/3), all eigenvalues of the dense
 * Gramian — then σ = √λ, keeping those ≥ 1e-9·σ₁. The same ARPACK and LAPACK builds as Spark's, so the values agree
 * with the distributed path to the solver's tolerance (the Gramian products sum in another order).
 */
final class LocalSpectrum {

  private static final double TOL = 1e-10;
  private static final double RCOND = 1e-9;

  private LocalSpectrum() {}

  /**
   * Rank (1-based) → singular value, top {@code k} (1 ≤ k &lt; n) of the n × n matrix with a 1 at each distinct
   * (rows[e], cols[e]).
   */
  static NavigableMap<Double, Double> singularValues(int[] rows, int[] cols, int n, int k) {
    double[] lambda = n < 100 && k >= n / 3 ? denseEigenvalues(rows, cols, n) : lanczos(rows, cols, n, k);
    NavigableMap<Double, Double> out = new TreeMap<>();
    if (lambda.length == 0) {
      return out;
    }
    double sigma0 = Math.sqrt(lambda[0]);
    for (int i = 0; i < Math.min(k, lambda.length); i++) {
      double s = Math.sqrt(lambda[i]);
      if (!(s >= RCOND * sigma0)) {
        break;
      }
      out.put((double) (i + 1), s);
    }
    return out;
  }

  /** y = AᵀA x. */
  private static void gramianTimes(int[] rows, int[] cols, int n, double[] x, int xAt, double[] y, int yAt,
      double[] scratch) {
    Arrays.fill(scratch, 0.0);
    for (int e = 0; e < rows.length; e++) {
      scratch[rows[e]] += x[xAt + cols[e]];
    }
    Arrays.fill(y, yAt, yAt + n, 0.0);
    for (int e = 0; e < rows.length; e++) {
      y[yAt + cols[e]] += scratch[rows[e]];
    }
  }

  /** The k largest eigenvalues of AᵀA, descending, by ARPACK's reverse-communication Lanczos. */
  private static double[] lanczos(int[] rows, int[] cols, int n, int k) {
    ARPACK arpack = ARPACK.getInstance();
    int ncv = Math.min(2 * k, n);
    doubleW tol = new doubleW(TOL);
    int[] iparam = new int[11];
    iparam[0] = 1;
    iparam[2] = Math.max(300, 3 * k);
    iparam[6] = 1;
    intW ido = new intW(0);
    intW info = new intW(0);
    double[] resid = new double[n];
    double[] v = new double[n * ncv];
    double[] workd = new double[3 * n];
    double[] workl = new double[ncv * (ncv + 8)];
    int[] ipntr = new int[11];
    double[] scratch = new double[n];
    arpack.dsaupd(ido, "I", n, "LM", k, tol, resid, ncv, v, n, iparam, ipntr, workd, workl, workl.length, info);
    while (ido.val != 99) {
      if (ido.val != -1 && ido.val != 1) {
        throw new IllegalStateException("ARPACK asked for operation " + ido.val + " (only y = Ax is provided)");
      }
      gramianTimes(rows, cols, n, workd, ipntr[0] - 1, workd, ipntr[1] - 1, scratch);
      arpack.dsaupd(ido, "I", n, "LM", k, tol, resid, ncv, v, n, iparam, ipntr, workd, workl, workl.length, info);
    }
    if (info.val != 0) {
      throw new IllegalStateException("ARPACK dsaupd failed with info = " + info.val + " (n = " + n + ", k = " + k
          + ")");
    }
    double[] d = new double[k];
    boolean[] select = new boolean[ncv];
    double[] z = Arrays.copyOfRange(v, 0, k * n);
    intW nev = new intW(k);
    arpack.dseupd(true, "A", select, d, z, n, 0.0, "I", n, "LM", nev, TOL, resid, ncv, v, n, iparam, ipntr, workd,
        workl, workl.length, info);
    if (info.val != 0) {
      throw new IllegalStateException("ARPACK dseupd failed with info = " + info.val);
    }
    double[] computed = Arrays.copyOf(d, iparam[4]);
    Arrays.sort(computed);
    reverse(computed);
    return computed;
  }

  /** Every eigenvalue of the dense Gramian, descending (LAPACK dsyev). */
  private static double[] denseEigenvalues(int[] rows, int[] cols, int n) {
    double[] g = new double[n * n];
    double[] x = new double[n];
    double[] y = new double[n];
    double[] scratch = new double[n];
    for (int j = 0; j < n; j++) {
      Arrays.fill(x, 0.0);
      x[j] = 1.0;
      gramianTimes(rows, cols, n, x, 0, y, 0, scratch);
      System.arraycopy(y, 0, g, j * n, n);
    }
    double[] w = new double[n];
    double[] work = new double[Math.max(1, 3 * n)];
    intW info = new intW(0);
    LAPACK.getInstance().dsyev("N", "U", n, g, n, w, work, work.length, info);
    if (info.val != 0) {
      throw new IllegalStateException("LAPACK dsyev failed with info = " + info.val);
    }
    // the singular values of the Gramian, as MLlib's dense SVD gives them: |λ|, descending
    for (int i = 0; i < n; i++) {
      w[i] = Math.abs(w[i]);
    }
    Arrays.sort(w);
    reverse(w);
    return w;
  }

  private static void reverse(double[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      double t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
