package dev.grasp.embedding.eval;

import java.util.Arrays;

/**
 * Threshold-free scores of a binary ranking: ROC AUC (Mann–Whitney, ties counted one half) and average precision
 * as scikit-learn's {@code average_precision_score} (Σ_n (R_n − R_{n−1})·P_n over distinct score thresholds,
 * descending). Both sort copies of the two score arrays and walk them side by side: O((P + N) log(P + N)) time,
 * 8 bytes an input score of extra memory, every count in {@code long}/{@code double} (P·N passes 2³¹ from ~46k
 * pairs on each side).
 */
public final class RankingMetrics {

  private RankingMetrics() {}

  public static double auc(double[] positives, double[] negatives) {
    check(positives, negatives);
    double[] pos = positives.clone();
    double[] neg = negatives.clone();
    Arrays.sort(pos);
    Arrays.sort(neg);
    // wins = Σ over positives of (#negatives below it + ½ #negatives equal to it).
    double wins = 0;
    int below = 0;
    int upTo = 0;
    for (int i = 0; i < pos.length; i++) {
      if (i == 0 || pos[i] != pos[i - 1]) {
        while (below < neg.length && neg[below] < pos[i]) {
          below++;
        }
        upTo = below;
        while (upTo < neg.length && neg[upTo] == pos[i]) {
          upTo++;
        }
      }
      wins += below + 0.5 * (upTo - below);
    }
    return wins / ((double) pos.length * neg.length);
  }

  public static double averagePrecision(double[] positives, double[] negatives) {
    check(positives, negatives);
    double[] pos = positives.clone();
    double[] neg = negatives.clone();
    Arrays.sort(pos);
    Arrays.sort(neg);
    // Thresholds from the highest score down; all scores equal to the threshold enter together.
    int ip = pos.length - 1;
    int in = neg.length - 1;
    long tp = 0;
    long fp = 0;
    double prevRecall = 0;
    double ap = 0;
    while (ip >= 0 || in >= 0) {
      double t = ip < 0 ? neg[in] : in < 0 ? pos[ip] : Math.max(pos[ip], neg[in]);
      while (ip >= 0 && pos[ip] == t) {
        tp++;
        ip--;
      }
      while (in >= 0 && neg[in] == t) {
        fp++;
        in--;
      }
      double recall = (double) tp / pos.length;
      double precision = (double) tp / (tp + fp);
      ap += (recall - prevRecall) * precision;
      prevRecall = recall;
    }
    return ap;
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
