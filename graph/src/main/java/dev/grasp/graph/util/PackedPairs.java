package dev.grasp.graph.util;

import java.util.Arrays;

/**
 * Pairs of non-negative {@code int} positions packed into one {@code long} (first · 2^32 + second), so that edge lists
 * held in the driver sort, deduplicate and search as primitive arrays: the order of packed pairs is the
 * lexicographic order of the pairs.
 */
public final class PackedPairs {

  private PackedPairs() {}

  /** (first, second) as one long; both must be ≥ 0. */
  public static long pack(int first, int second) {
    return ((long) first << 32) | second;
  }

  public static int first(long packed) {
    return (int) (packed >>> 32);
  }

  public static int second(long packed) {
    return (int) packed;
  }

  /** The distinct values among {@code values[0..count)}, ascending, as a new array ({@code values} is sorted in place). */
  public static long[] sortedDistinct(long[] values, int count) {
    Arrays.sort(values, 0, count);
    int u = 0;
    for (int i = 0; i < count; i++) {
      if (u == 0 || values[i] != values[u - 1]) {
        values[u++] = values[i];
      }
    }
    return Arrays.copyOf(values, u);
  }
}
