package dev.grasp.embedding.eval;

import java.util.List;

/**
 * Micro- and Macro-F1 of a multi-label prediction from per-class counts, as scikit-learn's {@code f1_score} used by
 * DeepWalk and FastRP: Micro-F1 = 2ΣTP / (2ΣTP + ΣFP + ΣFN); Macro-F1 = the mean over all classes of
 * 2TP / (2TP + FP + FN), a class that is neither true nor predicted anywhere counting 0. O(#classes).
 */
public final class ClassificationMetrics {

  private ClassificationMetrics() {}

  /** True positives, false positives and false negatives of one class. */
  public record ClassCounts(String label, long tp, long fp, long fn) {
    public ClassCounts {
      if (tp < 0 || fp < 0 || fn < 0) {
        throw new IllegalArgumentException("counts must be >= 0, got tp=" + tp + " fp=" + fp + " fn=" + fn);
      }
    }

    /** 2TP / (2TP + FP + FN), 0 when the class is neither true nor predicted. */
    public double f1() {
      long den = 2 * tp + fp + fn;
      return den == 0 ? 0.0 : 2.0 * tp / den;
    }
  }

  public static double microF1(List<ClassCounts> counts) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    for (ClassCounts c : counts) {
      tp += c.tp();
      fp += c.fp();
      fn += c.fn();
    }
    long den = 2 * tp + fp + fn;
    return den == 0 ? 0.0 : 2.0 * tp / den;
  }

  public static double macroF1(List<ClassCounts> counts) {
    if (counts.isEmpty()) {
      throw new IllegalArgumentException("`counts` must hold at least one class, got none");
    }
    double s = 0;
    for (ClassCounts c : counts) {
      s += c.f1();
    }
    return s / counts.size();
  }
}
