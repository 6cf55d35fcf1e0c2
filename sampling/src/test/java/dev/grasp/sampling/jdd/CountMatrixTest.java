package dev.grasp.sampling.jdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CountMatrixTest {

  @Test
  void countPairsCountsEachPairOnce() {
    long[] keys = {
        CountMatrix.pairKey(3, 1), CountMatrix.pairKey(0, 2), CountMatrix.pairKey(3, 1),
        CountMatrix.pairKey(Integer.MAX_VALUE, 0), CountMatrix.pairKey(0, 2), CountMatrix.pairKey(3, 1),
        CountMatrix.pairKey(9, 9)};
    // only the first six keys are counted
    CountMatrix m = CountMatrix.countPairs(keys, 6);
    assertEquals(List.of(new CountMatrix.Cell(0, 2, 2), new CountMatrix.Cell(3, 1, 3),
        new CountMatrix.Cell(Integer.MAX_VALUE, 0, 1)), m.cells());
    CountMatrix byAdd = new CountMatrix();
    byAdd.add(3, 1, 3);
    byAdd.add(0, 2, 2);
    byAdd.add(Integer.MAX_VALUE, 0, 1);
    assertEquals(byAdd, m);
    assertEquals(new CountMatrix(), CountMatrix.countPairs(new long[0], 0));
  }

  @Test
  void cellsFollowEveryChange() {
    CountMatrix m = new CountMatrix();
    m.set(2, 2, 5);
    List<CountMatrix.Cell> before = m.cells();
    assertEquals(List.of(new CountMatrix.Cell(2, 2, 5)), before);
    m.add(1, 4, 1);
    m.add(2, 2, -5);
    assertEquals(List.of(new CountMatrix.Cell(1, 4, 1)), m.cells());
    assertEquals(List.of(new CountMatrix.Cell(2, 2, 5)), before, "a list handed out earlier does not change");
    assertThrows(UnsupportedOperationException.class, () -> m.cells().clear());
  }

  @Test
  void pairKeysHoldNonNegativeIntsOnly() {
    assertThrows(IllegalArgumentException.class, () -> CountMatrix.pairKey(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> CountMatrix.pairKey(0, 1L << 31));
    assertEquals((5L << 32) | 7, CountMatrix.pairKey(5, 7));
  }

  @Test
  void relL1SumsOverTheUnionOfBothSupports() {
    CountMatrix ref = new CountMatrix();
    ref.set(1, 1, 4);
    ref.set(1, 2, 2);
    ref.set(3, 0, 2);
    CountMatrix sample = new CountMatrix();
    sample.set(0, 5, 1); // only in the sample
    sample.set(1, 1, 2); // |2 - 0.5·4| = 0
    sample.set(3, 0, 3); // |3 - 0.5·2| = 2
    sample.set(4, 4, 2); // only in the sample
    // (1, 2) only in the reference: 0.5·2 = 1. Σ = 0 + 1 + 2 + 1 + 2 = 6 over 0.5·8 = 4
    assertEquals(1.5, Fidelity.relL1(sample, ref, 0.5), 1e-15);
    assertEquals(0.0, Fidelity.relL1(ref, ref, 1.0));
    assertEquals(Double.POSITIVE_INFINITY, Fidelity.relL1(sample, new CountMatrix(), 1.0));
    assertEquals(0.0, Fidelity.relL1(new CountMatrix(), new CountMatrix(), 1.0));
  }
}
