package dev.grasp.embedding.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.grasp.embedding.eval.ClassificationMetrics.ClassCounts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationAndRankingMetricsTest {

  @Test
  void microAndMacroF1ByHand() {
    List<ClassCounts> c = List.of(
        new ClassCounts("a", 2, 1, 0),   // F1 = 4/5
        new ClassCounts("b", 1, 0, 2),   // F1 = 2/4
        new ClassCounts("c", 0, 0, 0));  // neither true nor predicted: 0, as scikit-learn
    assertEquals(0.8, c.get(0).f1(), 1e-12);
    assertEquals(0.5, c.get(1).f1(), 1e-12);
    // micro: 2·3 / (2·3 + 1 + 2)
    assertEquals(6.0 / 9.0, ClassificationMetrics.microF1(c), 1e-12);
    assertEquals((0.8 + 0.5 + 0.0) / 3, ClassificationMetrics.macroF1(c), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.macroF1(List.of()));
    assertThrows(IllegalArgumentException.class, () -> new ClassCounts("x", -1, 0, 0));
  }

  @Test
  void aucAndAveragePrecisionByHand() {
    double[] pos = {0.9, 0.4, 0.6};
    double[] neg = {0.5, 0.1};
    // positive-above-negative pairs: 0.9 → 2, 0.4 → 1, 0.6 → 2 of 6
    assertEquals(5.0 / 6.0, RankingMetrics.auc(pos, neg), 1e-12);
    // descending 0.9+ 0.6+ 0.5− 0.4+ 0.1−: (1/3)·1 + (1/3)·1 + 0 + (1/3)·(3/4)
    assertEquals(1.0 / 3 + 1.0 / 3 + 0.25, RankingMetrics.averagePrecision(pos, neg), 1e-12);
    // ties count one half; a tied threshold is one step
    assertEquals(0.5, RankingMetrics.auc(new double[] {0.5}, new double[] {0.5}), 1e-12);
    assertEquals(0.5, RankingMetrics.averagePrecision(new double[] {0.5}, new double[] {0.5}), 1e-12);
    // pairs (1,1) tie ½, (1,0) (2,1) (2,0) won: 3.5 / 4
    assertEquals(0.875, RankingMetrics.auc(new double[] {1, 2}, new double[] {1, 0}), 1e-12);
    assertEquals(1.0, RankingMetrics.auc(new double[] {3, 4}, new double[] {1, 2}), 1e-12);
    assertEquals(0.0, RankingMetrics.auc(new double[] {1}, new double[] {2}), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> RankingMetrics.auc(new double[0], neg));
  }

  /**
   * Large inputs: the rank-sum formula's P·(P + 1)/2 overflowed int from ~46k positives (the 16M-edge link-prediction
   * run reported AUC 1.389 for 1.5M held-out pairs). Here 60,000 positives at 1..60,000 against 60,000 negatives at
   * 0.5..59,999.5: positive i beats i negatives, so AUC = Σ i / 60,000² = 60,001 / 120,000.
   */
  @Test
  void aucAndAveragePrecisionStayExactPastTheIntRange() {
    int n = 60_000;
    double[] pos = new double[n];
    double[] neg = new double[n];
    for (int i = 0; i < n; i++) {
      pos[i] = n - i;          // descending order in the input: the metrics sort copies
      neg[i] = i + 0.5;
    }
    assertEquals(60_001.0 / 120_000.0, RankingMetrics.auc(pos, neg), 1e-12);
    double[] high = new double[n];
    java.util.Arrays.fill(high, 2.0);
    double[] low = new double[n];
    java.util.Arrays.fill(low, 1.0);
    assertEquals(1.0, RankingMetrics.auc(high, low), 1e-12);
    assertEquals(1.0, RankingMetrics.averagePrecision(high, low), 1e-12);
    assertEquals(0.5, RankingMetrics.auc(low, low.clone()), 1e-12);
    // Inputs are left as they were.
    assertEquals(60_000.0, pos[0], 0.0);
  }
}
