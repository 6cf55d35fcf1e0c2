package dev.grasp.graph;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The driver's own copy of a graph that was built in the driver (a read under
 * {@code spark.grasp.driverLocal.maxBytes}), so that a later driver-local stage of the same command uses the arrays
 * instead of collecting the DataFrames it was just given. The copy is tied to the exact {@link Dataset} objects of the
 * graph it describes: any transformation makes new DataFrames, which have no copy, and the stage collects as before.
 * Both paths see the same rows, so results do not depend on whether a copy was found.
 *
 * <p>The copy lives as long as the graph's edge DataFrame is reachable (a weak map keyed by it).
 *
 * @param ids the vertex ids, sorted ascending and distinct
 * @param src edge sources, as ids, in the edge DataFrame's row order
 * @param dst edge targets, as ids
 * @param weight the {@code weight} column, or null when the edges have none
 */
public record DriverCopy(long[] ids, long[] src, long[] dst, double[] weight) {

  private static final Map<Dataset<Row>, Entry> COPIES = Collections.synchronizedMap(new WeakHashMap<>());

  private record Entry(WeakReference<Dataset<Row>> vertices, DriverCopy copy) {}

  /** Edges as positions in {@link #ids}: {@code src[e] → dst[e]}. */
  public record Positions(int[] src, int[] dst) {}

  public DriverCopy {
    if (src.length != dst.length || (weight != null && weight.length != src.length)) {
      throw new IllegalArgumentException("driver copy: src, dst and weight lengths differ: " + src.length + ", "
          + dst.length + ", " + (weight == null ? "none" : weight.length));
    }
  }

  /** Records {@code copy} as the contents of {@code g}; returns {@code g}. */
  public static Graph attach(Graph g, DriverCopy copy) {
    COPIES.put(g.edges(), new Entry(new WeakReference<>(g.vertices()), copy));
    return g;
  }

  /** The copy of exactly these DataFrames, if the graph was built in the driver. */
  public static Optional<DriverCopy> of(Graph g) {
    Entry e = COPIES.get(g.edges());
    return e != null && e.vertices().get() == g.vertices() ? Optional.of(e.copy()) : Optional.empty();
  }

  public int vertexCount() {
    return ids.length;
  }

  public int edgeCount() {
    return src.length;
  }

  /** The endpoints as positions in {@link #ids}; null when an endpoint is not a vertex. */
  public Positions positions() {
    int[] s = new int[src.length];
    int[] d = new int[dst.length];
    for (int e = 0; e < s.length; e++) {
      s[e] = Arrays.binarySearch(ids, src[e]);
      d[e] = Arrays.binarySearch(ids, dst[e]);
      if (s[e] < 0 || d[e] < 0) {
        return null;
      }
    }
    return new Positions(s, d);
  }
}
