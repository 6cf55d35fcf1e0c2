package dev.grasp.embedding.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.embedding.eval.PrototypeClassification.Geometry;
import dev.grasp.embedding.eval.PrototypeClassification.Params;
import dev.grasp.embedding.hyperbolic.PoincareBall;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Prototype classification against hand-derived outcomes. */
class PrototypeClassificationTest {

  /**
   * Class A: four nodes at (1, 0). Class B: three nodes at (0, 1) and node 7 at (1, 0.01), next to A. One shot:
   * when node 7 is B's support, B's prototype still has a larger cosine with (0, 1) than A's (0.01 against 0), so all
   * six queries are right (accuracy 1, Macro-F1 1); otherwise node 7 is a query nearer A's prototype: accuracy 5/6,
   * F1(A) = 2·3/(2·3 + 1) = 6/7, F1(B) = 2·2/(2·2 + 1) = 4/5, Macro-F1 = (6/7 + 4/5)/2.
   */
  @Test
  void euclideanOutcomesAreTheHandDerivedOnes() {
    long[] ids = {0, 1, 2, 3, 4, 5, 6, 7, 50};
    double[][] x = {{1, 0}, {1, 0}, {1, 0}, {1, 0}, {0, 1}, {0, 1}, {0, 1}, {1, 0.01}, {3, 3}};
    Map<Long, Set<String>> labels = new HashMap<>();
    for (long id = 0; id < 4; id++) {
      labels.put(id, Set.of("A"));
    }
    for (long id = 4; id < 8; id++) {
      labels.put(id, Set.of("B"));
    }
    labels.put(50L, Set.of("A", "B")); // multi-label: left out
    labels.put(99L, Set.of("C")); // no vector: not a member of any class
    int repeats = 12;
    PrototypeClassification.Result r = PrototypeClassification.evaluate(ids, x, labels,
        new Params(1, repeats, 3L, Geometry.EUCLIDEAN, 1.0));
    assertEquals(List.of("A", "B"), r.classes());
    assertEquals(List.of(), r.skippedClasses());
    assertEquals(1, r.multiLabelNodes());
    assertEquals(6, r.queries());
    int supportRepeats = 0;
    for (int k = 0; k < repeats; k++) {
      boolean sevenIsSupport = PrototypeClassification.supportOrder(new long[] {4, 5, 6, 7}, 3L, k)[0] == 7;
      supportRepeats += sevenIsSupport ? 1 : 0;
      assertEquals(sevenIsSupport ? 1.0 : 5.0 / 6, r.accuracies()[k], 1e-15, "repeat " + k);
      assertEquals(sevenIsSupport ? 1.0 : (6.0 / 7 + 4.0 / 5) / 2, r.macroF1s()[k], 1e-15, "repeat " + k);
    }
    assertTrue(supportRepeats > 0 && supportRepeats < repeats, "both outcomes occur: " + supportRepeats);
    assertEquals((supportRepeats + (repeats - supportRepeats) * 5.0 / 6) / repeats, r.accuracy(), 1e-12);
  }

  /** The support order is a permutation that depends on the repeat and not on the members' order. */
  @Test
  void supportOrderIsASeededPermutation() {
    long[] a = PrototypeClassification.supportOrder(new long[] {5, 9, 2, 40, 7}, 1L, 0);
    long[] b = PrototypeClassification.supportOrder(new long[] {40, 7, 9, 5, 2}, 1L, 0);
    assertArrayEquals(a, b);
    long[] sorted = a.clone();
    java.util.Arrays.sort(sorted);
    assertArrayEquals(new long[] {2, 5, 7, 9, 40}, sorted);
    boolean differs = false;
    for (int r = 1; r < 10; r++) {
      differs |= !java.util.Arrays.equals(a, PrototypeClassification.supportOrder(a, 1L, r));
    }
    assertTrue(differs, "repeats draw other supports");
  }

  /**
   * Poincaré: the tangent mean of exp₀(v₁) and exp₀(v₂) is exp₀((v₁ + v₂)/2); points on both sides of the origin get
   * the class of the nearer prototype by hyperbolic distance.
   */
  @Test
  void poincarePrototypeIsTheTangentMeanAndDistanceDecides() {
    PoincareBall ball = new PoincareBall(2.0);
    double[] v1 = {0.3, 0.1};
    double[] v2 = {0.5, -0.3};
    double[] proto = PrototypeClassification.prototype(new double[][] {ball.expMap0(v1), ball.expMap0(v2)},
        Geometry.POINCARE, ball);
    assertArrayEquals(ball.expMap0(new double[] {0.4, -0.1}), proto, 1e-12);
    long[] ids = {1, 2, 3, 4, 5, 6};
    double[][] x = {ball.expMap0(new double[] {1.0, 0.0}), ball.expMap0(new double[] {1.2, 0.1}),
        ball.expMap0(new double[] {0.9, -0.1}), ball.expMap0(new double[] {-1.0, 0.0}),
        ball.expMap0(new double[] {-1.1, 0.2}), ball.expMap0(new double[] {-0.8, 0.0})};
    Map<Long, Set<String>> labels = new HashMap<>();
    for (long id = 1; id <= 6; id++) {
      labels.put(id, Set.of(id <= 3 ? "right" : "left"));
    }
    PrototypeClassification.Result r = PrototypeClassification.evaluate(ids, x, labels,
        new Params(2, 4, 9L, Geometry.POINCARE, 2.0));
    assertEquals(1.0, r.accuracy(), 0.0);
    assertEquals(1.0, r.macroF1(), 0.0);
    assertEquals(0.0, r.accuracyStd(), 0.0);
    assertEquals(2, r.queries());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PrototypeClassification.evaluate(new long[] {1, 2}, new double[][] {{0.9, 0.0}, {0.0, 0.1}},
            Map.of(1L, Set.of("a"), 2L, Set.of("b")), new Params(1, 1, 1L, Geometry.POINCARE, 2.0)));
    assertTrue(e.getMessage().contains("`--curvature`") && e.getMessage().contains("node 1"), e.getMessage());
  }

  /** Classes without a support and a query are skipped and named; too few left, or nothing embedded, is refused. */
  @Test
  void smallClassesAreSkippedAndHopelessInputsRefused() {
    long[] ids = {1, 2, 3, 4, 5, 6, 7};
    double[][] x = {{1, 0}, {1, 0.1}, {0.9, 0}, {0, 1}, {0.1, 1}, {0, 0.8}, {-1, -1}};
    Map<Long, Set<String>> labels = new HashMap<>();
    labels.put(1L, Set.of("a"));
    labels.put(2L, Set.of("a"));
    labels.put(3L, Set.of("a"));
    labels.put(4L, Set.of("b"));
    labels.put(5L, Set.of("b"));
    labels.put(6L, Set.of("b"));
    labels.put(7L, Set.of("c"));
    PrototypeClassification.Result r = PrototypeClassification.evaluate(ids, x, labels,
        new Params(2, 3, 1L, Geometry.EUCLIDEAN, 1.0));
    assertEquals(List.of("a", "b"), r.classes());
    assertEquals(List.of("c"), r.skippedClasses());
    assertEquals(1.0, r.accuracy(), 0.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PrototypeClassification.evaluate(ids, x, labels, new Params(3, 1, 1L, Geometry.EUCLIDEAN, 1.0)));
    assertTrue(e.getMessage().contains("`--shots` 3") && e.getMessage().contains("the largest has 3"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PrototypeClassification.evaluate(new long[] {100}, new double[][] {{1, 1}}, labels,
            new Params(1, 1, 1L, Geometry.EUCLIDEAN, 1.0)));
    assertTrue(e.getMessage().contains("no single-label node"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Params(0, 1, 1L, Geometry.EUCLIDEAN, 1.0));
    assertTrue(e.getMessage().contains("`--shots`"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Geometry.parse("--geometry", "spherical"));
    assertTrue(e.getMessage().contains("'spherical'"), e.getMessage());
  }
}
