package dev.grasp.embedding.eval;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import dev.grasp.graph.util.Parallel;
import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@link NodeClassification}'s protocol computed in the driver, for evaluation tables that fit there
 * ({@link dev.grasp.graph.util.DriverLocal}): the same seeded splits, and per class the same objective as the Spark ML
 * fit — (1/n)·Σ log-loss + (λ/2)·Σ_j (w_j·σ_j)², λ = 1/(C·n), intercept not penalised, σ_j the training features'
 * sample deviations — solved by LIBLINEAR's trust-region Newton method (L2R_LR on features divided by σ_j, bias not
 * regularised) to a relative gradient norm of {@value #EPS}.
 *
 * <p>Cost: per repeat and class one LIBLINEAR fit, O(iterations · n_train · d); fits run {@code parallelism} at a time.
 * Reference: Fan et al., "LIBLINEAR: A Library for Large Linear Classification", JMLR 2008.
 */
final class LocalClassification {

  static final double EPS = 1e-4;

  private LocalClassification() {}

  /** One labelled node: id, its labels, its embedding. */
  record Node(long id, Set<String> labels, double[] x) {}

  static NodeClassification.Result evaluate(List<Node> nodes, List<String> classes, int nTrain,
      NodeClassification.Params p) {
    Linear.disableDebugOutput();
    int n = nodes.size();
    double[] micro = new double[p.repeats()];
    double[] macro = new double[p.repeats()];
    for (int r = 0; r < p.repeats(); r++) {
      long rep = r;
      List<Node> order = new ArrayList<>(nodes);
      order.sort(Comparator.<Node>comparingDouble(v -> Seeds.uniform(p.seed(), rep, v.id()))
          .thenComparingLong(Node::id));
      List<Node> train = order.subList(0, nTrain);
      List<Node> test = order.subList(nTrain, n);
      double[] sigma = deviations(train);
      Feature[][] trainX = scaled(train, sigma);
      Feature[][] testX = scaled(test, sigma);
      List<Callable<double[]>> fits = new ArrayList<>();
      for (String c : classes) {
        fits.add(() -> scores(train, trainX, testX, c, p.cost()));
      }
      double[][] score = Parallel.all(p.parallelism(), fits).toArray(new double[0][]);
      List<ClassificationMetrics.ClassCounts> counts = counts(test, classes, score);
      micro[r] = ClassificationMetrics.microF1(counts);
      macro[r] = ClassificationMetrics.macroF1(counts);
    }
    return NodeClassification.result(p, micro, macro, classes.size(), n);
  }

  /** Sample standard deviation of each feature over {@code nodes} (0 for a single node). */
  static double[] deviations(List<Node> nodes) {
    int d = nodes.get(0).x().length;
    double[] mean = new double[d];
    for (Node v : nodes) {
      for (int j = 0; j < d; j++) {
        mean[j] += v.x()[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= nodes.size();
    }
    double[] s = new double[d];
    for (Node v : nodes) {
      for (int j = 0; j < d; j++) {
        double e = v.x()[j] - mean[j];
        s[j] += e * e;
      }
    }
    for (int j = 0; j < d; j++) {
      s[j] = nodes.size() > 1 ? Math.sqrt(s[j] / (nodes.size() - 1)) : 0.0;
    }
    return s;
  }

  /**
   * Features divided by their deviations, a constant feature dropped; LIBLINEAR's 1-based sparse rows, each ending
   * with the intercept's feature (index d + 1, value 1: LIBLINEAR's callers append it, {@code train} does not).
   */
  private static Feature[][] scaled(List<Node> nodes, double[] sigma) {
    Feature[][] out = new Feature[nodes.size()][];
    for (int i = 0; i < nodes.size(); i++) {
      double[] x = nodes.get(i).x();
      List<Feature> row = new ArrayList<>();
      for (int j = 0; j < x.length; j++) {
        if (sigma[j] > 0 && x[j] != 0.0) {
          row.add(new FeatureNode(j + 1, x[j] / sigma[j]));
        }
      }
      row.add(new FeatureNode(x.length + 1, 1.0));
      out[i] = row.toArray(new Feature[0]);
    }
    return out;
  }

  /** The margin of class {@code c} for every test node (−∞ without a positive example, +∞ with only positives). */
  private static double[] scores(List<Node> train, Feature[][] trainX, Feature[][] testX, String c, double cost) {
    double[] y = new double[train.size()];
    int positives = 0;
    for (int i = 0; i < y.length; i++) {
      boolean pos = train.get(i).labels().contains(c);
      y[i] = pos ? 1.0 : -1.0;
      positives += pos ? 1 : 0;
    }
    double[] s = new double[testX.length];
    if (positives == 0 || positives == y.length) {
      Arrays.fill(s, positives == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
      return s;
    }
    Problem prob = new Problem();
    prob.l = y.length;
    prob.n = train.get(0).x().length + 1;
    prob.x = trainX;
    prob.y = y;
    prob.bias = 1.0;
    Parameter param = new Parameter(SolverType.L2R_LR, cost, EPS);
    param.setRegularizeBias(false);
    Model m = Linear.train(prob, param);
    // the decision value is for the model's first label
    double sign = m.getLabels()[0] == 1 ? 1.0 : -1.0;
    double[] dec = new double[1];
    for (int i = 0; i < testX.length; i++) {
      Linear.predictValues(m, testX[i], dec);
      s[i] = sign * dec[0];
    }
    return s;
  }

  /** Each test node predicted its k best classes (score descending, then label), k its true label count. */
  private static List<ClassificationMetrics.ClassCounts> counts(List<Node> test, List<String> classes,
      double[][] score) {
    long[] tp = new long[classes.size()];
    long[] predicted = new long[classes.size()];
    long[] actual = new long[classes.size()];
    Integer[] byScore = new Integer[classes.size()];
    for (int i = 0; i < test.size(); i++) {
      Node v = test.get(i);
      int row = i;
      for (int k = 0; k < byScore.length; k++) {
        byScore[k] = k;
      }
      Arrays.sort(byScore, Comparator.<Integer>comparingDouble(k -> -score[k][row])
          .thenComparing(k -> classes.get(k)));
      for (int t = 0; t < Math.min(v.labels().size(), byScore.length); t++) {
        int k = byScore[t];
        predicted[k]++;
        if (v.labels().contains(classes.get(k))) {
          tp[k]++;
        }
      }
      for (int k = 0; k < classes.size(); k++) {
        if (v.labels().contains(classes.get(k))) {
          actual[k]++;
        }
      }
    }
    List<ClassificationMetrics.ClassCounts> out = new ArrayList<>();
    for (int k = 0; k < classes.size(); k++) {
      out.add(new ClassificationMetrics.ClassCounts(classes.get(k), tp[k], predicted[k] - tp[k], actual[k] - tp[k]));
    }
    return out;
  }
}
