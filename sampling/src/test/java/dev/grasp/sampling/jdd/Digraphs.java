package dev.grasp.sampling.jdd;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Hand-made and seeded random test digraphs, with their DCM and JDM computed directly on the driver. */
final class Digraphs {

  private Digraphs() {}

  /**
   * A skewed simple digraph on nodes 0..n-1: sources and targets drawn with densities ∝ u^srcSkew and u^dstSkew, so
   * degrees are heavy-tailed; self-loops and duplicates dropped. Test-side randomness only.
   */
  static long[] skewed(int n, int edges, double srcSkew, double dstSkew, long seed) {
    Random rnd = new Random(seed);
    Set<List<Long>> seen = new LinkedHashSet<>();
    for (int i = 0; i < edges; i++) {
      long s = (long) (n * Math.pow(rnd.nextDouble(), srcSkew));
      long d = (long) (n * Math.pow(rnd.nextDouble(), dstSkew));
      // Scramble ids so that high degree is not tied to small ids.
      s = (s * 7919) % n;
      d = (d * 104729) % n;
      if (s != d) {
        seen.add(List.of(s, d));
      }
    }
    long[] pairs = new long[seen.size() * 2];
    int i = 0;
    for (List<Long> e : seen) {
      pairs[i++] = e.get(0);
      pairs[i++] = e.get(1);
    }
    return pairs;
  }

  /** DCM (row in, col out) of the graph with the given flat edge pairs and extra isolated nodes. */
  static CountMatrix dcm(long[] pairs, long... isolated) {
    Map<Long, long[]> deg = degrees(pairs, isolated);
    CountMatrix m = new CountMatrix();
    for (long[] d : deg.values()) {
      m.add(d[0], d[1], 1);
    }
    return m;
  }

  /** JDM (row out-degree of src, col in-degree of dst). */
  static CountMatrix jdm(long[] pairs) {
    Map<Long, long[]> deg = degrees(pairs);
    CountMatrix m = new CountMatrix();
    for (int i = 0; i < pairs.length; i += 2) {
      m.add(deg.get(pairs[i])[1], deg.get(pairs[i + 1])[0], 1);
    }
    return m;
  }

  /** id → {in, out}. */
  static Map<Long, long[]> degrees(long[] pairs, long... isolated) {
    Map<Long, long[]> deg = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      deg.computeIfAbsent(pairs[i], x -> new long[2])[1]++;
      deg.computeIfAbsent(pairs[i + 1], x -> new long[2])[0]++;
    }
    for (long v : isolated) {
      deg.computeIfAbsent(v, x -> new long[2]);
    }
    return deg;
  }

  /** A star: hub 0 → 1..leaves. */
  static long[] star(int leaves) {
    long[] p = new long[2 * leaves];
    for (int i = 0; i < leaves; i++) {
      p[2 * i] = 0;
      p[2 * i + 1] = i + 1;
    }
    return p;
  }
}
