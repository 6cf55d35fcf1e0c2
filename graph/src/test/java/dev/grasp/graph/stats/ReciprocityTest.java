package dev.grasp.graph.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grasp.testing.TestGraphs;
import org.junit.jupiter.api.Test;

class ReciprocityTest {

  @Test
  void loopsDroppedDuplicatesCountedOnce() {
    // Simple non-loop edges: 1→2, 2→1, 2→3 — two of three are reciprocated.
    assertEquals(2.0 / 3, Reciprocity.of(TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 1, 2, 3, 3, 3, 1, 2))), 1e-12);
  }

  @Test
  void extremes() {
    assertEquals(1.0, Reciprocity.of(TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 1, 3, 4, 4, 3))), 0.0);
    assertEquals(0.0, Reciprocity.of(TestGraphs.graph(TestGraphs.pairs(1, 2, 2, 3, 3, 1))), 0.0);
    assertEquals(0.0, Reciprocity.of(TestGraphs.graph(TestGraphs.pairs(1, 1), 2)), 0.0);
  }
}
