package dev.grasp.embedding.eval;

import dev.grasp.embedding.hyperbolic.PoincareBall;
import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * k-shot prototype classification, the zero/few-shot protocol H4G judges hyperbolic embeddings by: per class, k
 * labelled nodes (the support) give a prototype, and every other labelled node (the queries) takes the class of the
 * nearest prototype. Accuracy and Macro-F1 over the queries, averaged over seeded repeats.
 *
 * <ul>
 *   <li><b>Euclidean</b> inputs: the prototype is the mean of the support vectors; a query's class is the prototype of
 *       highest cosine similarity (a zero vector has cosine 0 with everything).</li>
 *   <li><b>Poincaré</b> inputs (points of the ball of curvature −c, as {@code grasp rescale} writes them): the
 *       prototype is the <em>tangent mean at the origin</em>, exp₀(mean of log₀(x)) — the Fréchet mean's usual
 *       first-order stand-in, exact for points on one geodesic through the origin; a query's class is the prototype
 *       of smallest Poincaré distance.</li>
 * </ul>
 * Ties go to the class first in label order. Rules for the data: a node with more than one label is left out (counted
 * as {@code multiLabelNodes}); a class with fewer than k + 1 single-label nodes cannot give both a support and a query
 * and is left out (named in {@code skippedClasses}); at least two classes must remain. Support draw of repeat r: the
 * k members of the class with the smallest {@code Seeds.uniform(seed, r, id)} (ties by id), so a result is a function
 * of (seed, data) only. Macro-F1 is the unweighted mean over the kept classes of 2·tp/(2·tp + fp + fn) (0 for a class
 * without any tp, fp or fn); the spread is the population standard deviation over the repeats.
 *
 * <p>Reference: Snell, Swersky, Zemel, "Prototypical networks for few-shot learning", NeurIPS 2017 (mean prototypes);
 * H4G (arXiv 2510.12094) evaluates its rescaling by zero/few-shot prototype inference in the Poincaré ball.
 */
public final class PrototypeClassification {

  /** The geometry of the input vectors. */
  public enum Geometry {
    EUCLIDEAN, POINCARE;

    /** {@code euclidean} or {@code poincare}, any case; anything else names {@code param}. */
    public static Geometry parse(String param, String v) {
      try {
        return valueOf(v.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("`" + param + "` must be euclidean or poincare, got '" + v + "'");
      }
    }
  }

  /** Shots k per class, seeded repeats, the geometry and, for Poincaré inputs, the ball's curvature c. */
  public record Params(int shots, int repeats, long seed, Geometry geometry, double curvature) {
    public Params {
      if (shots < 1) {
        throw new IllegalArgumentException("`--shots` must be >= 1, got " + shots);
      }
      if (repeats < 1) {
        throw new IllegalArgumentException("`--repeats` must be >= 1, got " + repeats);
      }
      if (!(curvature > 0) || Double.isInfinite(curvature)) {
        throw new IllegalArgumentException("`--curvature` must be finite and > 0, got " + curvature);
      }
    }
  }

  /** Means, spreads and per-repeat figures, with what the data rules left out. */
  public record Result(Geometry geometry, String prototype, int shots, int repeats, double accuracy,
      double accuracyStd, double macroF1, double macroF1Std, double[] accuracies, double[] macroF1s,
      List<String> classes, List<String> skippedClasses, long multiLabelNodes, long queries) {}

  private PrototypeClassification() {}

  /**
   * Evaluates the vectors {@code x[i]} of nodes {@code ids[i]} against {@code labels} (node → its labels; nodes
   * without a vector are the caller's to count).
   */
  public static Result evaluate(long[] ids, double[][] x, Map<Long, Set<String>> labels, Params p) {
    PoincareBall ball = new PoincareBall(p.curvature());
    Members m = members(ids, x, labels, p, ball);
    List<String> classes = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int largest = 0;
    for (Map.Entry<String, List<Long>> e : m.byClass().entrySet()) {
      largest = Math.max(largest, e.getValue().size());
      (e.getValue().size() >= p.shots() + 1 ? classes : skipped).add(e.getKey());
    }
    if (classes.size() < 2) {
      throw new IllegalArgumentException("`--shots` " + p.shots() + " leaves " + classes.size() + " class(es) with a "
          + "support and a query (a class needs shots + 1 single-label nodes; the largest has " + largest + ")");
    }
    double[] acc = new double[p.repeats()];
    double[] f1 = new double[p.repeats()];
    long queries = 0;
    for (int r = 0; r < p.repeats(); r++) {
      Draw d = draw(m, x, classes, p, ball, r);
      acc[r] = d.accuracy();
      f1[r] = d.macroF1();
      queries = d.queries();
    }
    String rule = p.geometry() == Geometry.EUCLIDEAN ? "mean, cosine similarity"
        : "tangent mean at the origin exp0(mean log0), Poincaré distance";
    return new Result(p.geometry(), rule, p.shots(), p.repeats(), NodeClassification.mean(acc),
        NodeClassification.std(acc), NodeClassification.mean(f1), NodeClassification.std(f1), acc, f1, classes,
        skipped, m.multiLabel(), queries);
  }

  /** Row of each embedded node, the single-label embedded nodes of each class (sorted by class), multi-label count. */
  private record Members(Map<Long, Integer> row, TreeMap<String, List<Long>> byClass, long multiLabel) {}

  /** One support draw's figures. */
  private record Draw(double accuracy, double macroF1, long queries) {}

  /** A query node and the index of its true class. */
  private record Query(long id, int truth) {}

  private static Members members(long[] ids, double[][] x, Map<Long, Set<String>> labels, Params p,
      PoincareBall ball) {
    Map<Long, Integer> row = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      row.put(ids[i], i);
    }
    TreeMap<String, List<Long>> members = new TreeMap<>();
    long multi = 0;
    for (Map.Entry<Long, Set<String>> e : labels.entrySet()) {
      Integer r = row.get(e.getKey());
      if (r == null) {
        continue;
      }
      if (e.getValue().size() != 1) {
        multi++;
        continue;
      }
      if (p.geometry() == Geometry.POINCARE && !(PoincareBall.norm(x[r]) < 1.0 / ball.sqrtC())) {
        throw new IllegalArgumentException("node " + e.getKey() + " lies outside the Poincaré ball of `--curvature` "
            + p.curvature() + " (norm " + PoincareBall.norm(x[r]) + " >= " + 1.0 / ball.sqrtC() + "): pass the ball's "
            + "curvature, or `--geometry euclidean` for Euclidean vectors");
      }
      members.computeIfAbsent(e.getValue().iterator().next(), c -> new ArrayList<>()).add(e.getKey());
    }
    if (members.isEmpty()) {
      throw new IllegalArgumentException("no single-label node of the labels has a vector in the embeddings "
          + "(" + multi + " multi-label nodes left out)");
    }
    return new Members(row, members, multi);
  }

  /** Repeat r: the seeded supports' prototypes, every other member as a query, accuracy and Macro-F1. */
  private static Draw draw(Members m, double[][] x, List<String> classes, Params p, PoincareBall ball, int r) {
    int cs = classes.size();
    double[][] proto = new double[cs][];
    List<Query> query = new ArrayList<>();
    for (int c = 0; c < cs; c++) {
      long[] order = supportOrder(m.byClass().get(classes.get(c)).stream().mapToLong(Long::longValue).toArray(),
          p.seed(), r);
      double[][] support = new double[p.shots()][];
      for (int s = 0; s < p.shots(); s++) {
        support[s] = x[m.row().get(order[s])];
      }
      proto[c] = prototype(support, p.geometry(), ball);
      for (int q = p.shots(); q < order.length; q++) {
        query.add(new Query(order[q], c));
      }
    }
    long[] tp = new long[cs];
    long[] fp = new long[cs];
    long[] fn = new long[cs];
    long correct = 0;
    for (Query q : query) {
      int guess = nearest(x[m.row().get(q.id())], proto, p.geometry(), ball);
      if (guess == q.truth()) {
        correct++;
        tp[q.truth()]++;
      } else {
        fp[guess]++;
        fn[q.truth()]++;
      }
    }
    double sum = 0;
    for (int c = 0; c < cs; c++) {
      long den = 2 * tp[c] + fp[c] + fn[c];
      sum += den == 0 ? 0.0 : 2.0 * tp[c] / den;
    }
    return new Draw((double) correct / query.size(), sum / cs, query.size());
  }

  /** The members of one class in support order for repeat r: by Seeds.uniform(seed, r, id), then by id. */
  static long[] supportOrder(long[] members, long seed, int r) {
    Long[] boxed = Arrays.stream(members).boxed().toArray(Long[]::new);
    Arrays.sort(boxed, (a, b) -> {
      int k = Double.compare(Seeds.uniform(seed, r, a), Seeds.uniform(seed, r, b));
      return k != 0 ? k : Long.compare(a, b);
    });
    return Arrays.stream(boxed).mapToLong(Long::longValue).toArray();
  }

  /** The prototype of support vectors: their mean, or for Poincaré points exp₀ of the mean of their log₀. */
  static double[] prototype(double[][] support, Geometry g, PoincareBall ball) {
    int d = support[0].length;
    double[] m = new double[d];
    for (double[] v : support) {
      double[] t = g == Geometry.POINCARE ? ball.logMap0(v) : v;
      for (int i = 0; i < d; i++) {
        m[i] += t[i];
      }
    }
    for (int i = 0; i < d; i++) {
      m[i] /= support.length;
    }
    return g == Geometry.POINCARE ? ball.expMap0(m) : m;
  }

  /** The index of the best prototype for {@code v}: highest cosine, or smallest Poincaré distance; ties to the lower. */
  static int nearest(double[] v, double[][] proto, Geometry g, PoincareBall ball) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    double nv = PoincareBall.norm(v);
    for (int c = 0; c < proto.length; c++) {
      double score;
      if (g == Geometry.POINCARE) {
        score = -ball.distance(v, proto[c]);
      } else {
        double dot = 0;
        for (int i = 0; i < v.length; i++) {
          dot += v[i] * proto[c][i];
        }
        double np = PoincareBall.norm(proto[c]);
        score = nv == 0 || np == 0 ? 0.0 : dot / (nv * np);
      }
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }
}
