package dev.grasp.sampling.jdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MinCostFlowTest {

  /**
   * Supplies 3 and 2, demands 3 and 2; unit costs u1→v1 4, u1→v2 1, u2→v1 2, u2→v2 3. By hand: the only plan of cost
   * 10 ships u1→v2 2, u2→v1 2, u1→v1 1 (the next best, u1→v1 3 + u2→v2 2, costs 18).
   */
  @Test
  void smallTransportationProblemHasTheHandComputedOptimum() {
    MinCostFlow f = new MinCostFlow(6);
    int s = 4;
    int t = 5;
    f.addArc(s, 0, 3, 0);
    f.addArc(s, 1, 2, 0);
    int a11 = f.addArc(0, 2, 3, 4);
    int a12 = f.addArc(0, 3, 2, 1);
    int a21 = f.addArc(1, 2, 2, 2);
    int a22 = f.addArc(1, 3, 3, 3);
    f.addArc(2, t, 3, 0);
    f.addArc(3, t, 2, 0);
    assertEquals(5, f.solve(s, t, 5));
    assertEquals(1, f.flow(a11));
    assertEquals(2, f.flow(a12));
    assertEquals(2, f.flow(a21));
    assertEquals(0, f.flow(a22));
  }

  @Test
  void sendsNoMoreThanTheMaximumFlowOrTheLimit() {
    MinCostFlow f = new MinCostFlow(3);
    f.addArc(0, 1, 4, 1);
    f.addArc(1, 2, 3, 1);
    assertEquals(2, f.solve(0, 2, 2));
    assertEquals(1, f.solve(0, 2, 10));
  }

  /** A cheap long path beats an expensive direct arc; units beyond its capacity take the direct arc. */
  @Test
  void prefersCheaperPathsFirst() {
    MinCostFlow f = new MinCostFlow(4);
    int direct = f.addArc(0, 3, 10, 9);
    f.addArc(0, 1, 2, 1);
    f.addArc(1, 2, 2, 1);
    int last = f.addArc(2, 3, 2, 1);
    assertEquals(5, f.solve(0, 3, 5));
    assertEquals(2, f.flow(last));
    assertEquals(3, f.flow(direct));
  }

  @Test
  void negativeCostsAreRejected() {
    MinCostFlow f = new MinCostFlow(2);
    assertThrows(IllegalStateException.class, () -> f.addArc(0, 1, 1, -1));
  }
}
