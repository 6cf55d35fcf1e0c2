package dev.grasp.sampling.jdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RealizabilityTest {

  /** The cycle 1→2→3→1: three nodes of class (1, 1), JDM[1][1] = 3 ≤ 3·3 − 3. */
  @Test
  void aCycleIsRealisable() {
    long[] cycle = {1, 2, 2, 3, 3, 1};
    assertEquals(List.of(), Realizability.violations(Digraphs.dcm(cycle), Digraphs.jdm(cycle)));
  }

  /**
   * A single node of class (in 1, out 1) could only link to itself: JDM[1][1] = 1 > 1·1 − B(1, 1) = 0 violates C3.
   * Two such nodes (the 2-cycle 1→2→1) give JDM[1][1] = 2 ≤ 2·2 − 2.
   */
  @Test
  void c3CountsTheSelfPairs() {
    CountMatrix dcm = new CountMatrix();
    dcm.set(1, 1, 1);
    CountMatrix jdm = new CountMatrix();
    jdm.set(1, 1, 1);
    List<String> v = Realizability.violations(dcm, jdm);
    assertEquals(1, v.size(), v.toString());
    assertTrue(v.get(0).startsWith("C3"), v.toString());
    long[] twoCycle = {1, 2, 2, 1};
    assertEquals(List.of(), Realizability.violations(Digraphs.dcm(twoCycle), Digraphs.jdm(twoCycle)));
  }

  @Test
  void c2AndClassExistenceAreCheckedBothWays() {
    CountMatrix dcm = new CountMatrix();
    dcm.set(0, 2, 1);
    dcm.set(1, 0, 2);
    CountMatrix jdm = new CountMatrix();
    jdm.set(2, 1, 1);
    jdm.set(3, 1, 1);
    List<String> v = Realizability.violations(dcm, jdm);
    assertTrue(v.stream().anyMatch(s -> s.startsWith("C2: Σ_l JDM[2][l] = 1")), v.toString());
    assertTrue(v.stream().anyMatch(s -> s.startsWith("class: JDM row k = 3")), v.toString());
    // A DCM class of positive degree with no JDM entry at all is a C2 violation too.
    CountMatrix lonely = new CountMatrix();
    lonely.set(0, 1, 1);
    lonely.set(1, 0, 1);
    List<String> w = Realizability.violations(lonely, new CountMatrix());
    assertEquals(2, w.size(), w.toString());
  }
}
