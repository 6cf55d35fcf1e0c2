package dev.grasp.embedding.eval;

import java.util.Arrays;

/**
 * Threshold-free scores of a binary ranking: ROC AUC (Mann–Whitney, ties counted one half) and average precision
 * as scikit-learn's {@code average_precision_score} (Σ_n (R_n − R_{n−1})·P_n over distinct score thresholds,
 * descending). O((P + N) log(P + N)).
 */
public final class RankingMetrics {

  private RankingMetrics() {}

  public static double auc(double[] positives, double[] negatives) {
    check(positives, negatives);
    int p = positives.length;
    int n = negatives.length;
    double[][] all = merged(positives, negatives);
    Arrays.sort(all, (x, y) -> Double.compare(x[0], y[0]));
    double rankSum = 0;
    int i = 0;
    while (i < all.length) {
      int j = i;
      while (j + 1 < all.length && all[j + 1][0] == all[i][0]) {
        j++;
      }
      double avgRank = (i + j) / 2.0 + 1.0;
      for (int k = i; k <= j; k++) {
        if (all[k][1] == 1.0) {
          rankSum += avgRank;
        }
      }
      i = j + 1;
    }
    return (rankSum - p * (p + 1) / 2.0) / ((double) p * n);
  }

  public static double averagePrecision(double[] positives, double[] negatives) {
    check(positives, negatives);
    double[][] all = merged(positives, negatives);
    Arrays.sort(all, (x, y) -> Double.compare(y[0], x[0]));
    long tp = 0;
    long fp = 0;
    double prevRecall = 0;
    double ap = 0;
    int i = 0;
    while (i < all.length) {
      int j = i;
      while (j < all.length && all[j][0] == all[i][0]) {
        if (all[j][1] == 1.0) {
          tp++;
        } else {
          fp++;
        }
        j++;
      }
      double recall = (double) tp / positives.length;
      double precision = (double) tp / (tp + fp);
      ap += (recall - prevRecall) * precision;
      prevRecall = recall;
      i = j;
    }
    return ap;
  }

  private static double[][] merged(double[] positives, double[] negatives) {
    double[][] all = new double[positives.length + negatives.length][];
    for (int i = 0; i < positives.length; i++) {
      all[i] = new double[] {positives[i], 1.0};
    }
    for (int i = 0; i < negatives.length; i++) {
      all[positives.length + i] = new double[] {negatives[i], 0.0};
    }
    return all;
  }

  private static void check(double[] positives, double[] negatives) {
    if (positives.length == 0 || negatives.length == 0) {
      throw new IllegalArgumentException("`positives` and `negatives` must both be non-empty, got "
          + positives.length + " and " + negatives.length);
    }
    for (double[] a : new double[][] {positives, negatives}) {
      for (double v : a) {
        if (Double.isNaN(v)) {
          throw new IllegalArgumentException("scores must not be NaN");
        }
      }
    }
  }
}
