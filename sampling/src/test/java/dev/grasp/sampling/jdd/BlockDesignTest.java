package dev.grasp.sampling.jdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockDesignTest {

  /** Every small block: distinct pairs, exact round-robin degrees, and positionOf inverts the design. */
  @Test
  void designIsSimpleWithRoundRobinDegreesExhaustively() {
    for (long nk = 1; nk <= 6; nk++) {
      for (long nl = 1; nl <= 6; nl++) {
        for (long m = 0; m <= nk * nl; m++) {
          for (long a : new long[] {0, 3, 7}) {
            for (long a2 : new long[] {0, 5}) {
              BlockDesign b = new BlockDesign(2, 3, m, a, a2, nk, nl);
              Set<List<Long>> pairs = new HashSet<>();
              Map<Long, Long> outCount = new HashMap<>();
              Map<Long, Long> inCount = new HashMap<>();
              for (long q = 0; q < m; q++) {
                List<Long> pr = List.of(b.rho(q), b.sigma(q));
                assertTrue(pairs.add(pr), "duplicate pair " + pr + " in " + b);
                assertEquals(q, b.positionOf(pr.get(0), pr.get(1)));
                outCount.merge(pr.get(0), 1L, Long::sum);
                inCount.merge(pr.get(1), 1L, Long::sum);
              }
              for (long x = 0; x < nk; x++) {
                for (long y = 0; y < nl; y++) {
                  if (!pairs.contains(List.of(x, y))) {
                    assertEquals(-1, b.positionOf(x, y), "unused pair found in " + b);
                  }
                }
              }
              // The contiguous stub ranges [a, a+m) and [a2, a2+m) decide every node's share of the block.
              for (long x = 0; x < nk; x++) {
                assertEquals(countResidues(a, m, nk, x), outCount.getOrDefault(x, 0L), "out " + x + " " + b);
              }
              for (long y = 0; y < nl; y++) {
                assertEquals(countResidues(a2, m, nl, y), inCount.getOrDefault(y, 0L), "in " + y + " " + b);
              }
            }
          }
        }
      }
    }
  }

  private static long countResidues(long start, long len, long mod, long r) {
    long c = 0;
    for (long p = start; p < start + len; p++) {
      if (Math.floorMod(p, mod) == r) {
        c++;
      }
    }
    return c;
  }
}
