package dev.grasp.embedding.hyperbolic;

import static org.apache.spark.sql.functions.col;

import dev.grasp.graph.Graph;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rescaler's inputs collected to the driver, so that the CPU engine fits without a Spark job per step: node ids
 * in ascending order, their vectors multiplied by inputScale, their norms (as {@link PoincareBall#norm(double[])},
 * the twin of the Catalyst norm) and, for fit mode, the training edges.
 */
record DriverInput(long[] ids, double[][] vectors, double[] norms, long[] src, long[] dst) {

  /** Bytes a node is estimated to take in the driver: d doubles, the id, the norm and object overhead. */
  static long nodeBytes(int d) {
    return 8L * d + 64;
  }

  /** Bytes an edge takes: two longs. */
  static final long EDGE_BYTES = 16;

  /**
   * The embeddings ({@code id: long, e: array<double>}, {@code count} rows of length d) and, when {@code edges} is not
   * null, its {@code src, dst} pairs, if their estimated bytes stay within {@code maxBytes} and the ids are distinct;
   * null otherwise (the caller then stays distributed). The edges are read with a limit of what still fits, so an
   * edge list over the threshold costs one bounded read.
   */
  static DriverInput collect(Dataset<Row> embeddings, long count, int d, double inputScale, Dataset<Row> edges,
      long maxBytes) {
    long nodeBytes = count * nodeBytes(d);
    if (nodeBytes > maxBytes) {
      return null;
    }
    long[] src = null;
    long[] dst = null;
    if (edges != null) {
      long room = (maxBytes - nodeBytes) / EDGE_BYTES;
      List<Row> rows = edges.select(col(Graph.SRC).cast("long"), col(Graph.DST).cast("long"))
          .where(col(Graph.SRC).isNotNull().and(col(Graph.DST).isNotNull()))
          .limit((int) Math.min(Integer.MAX_VALUE - 1, room + 1)).collectAsList();
      if (rows.size() > room) {
        return null;
      }
      src = new long[rows.size()];
      dst = new long[rows.size()];
      for (int i = 0; i < src.length; i++) {
        src[i] = rows.get(i).getLong(0);
        dst[i] = rows.get(i).getLong(1);
      }
    }
    List<Row> nodes = embeddings.select(col(Graph.ID), col("e")).collectAsList();
    long[] ids = new long[nodes.size()];
    double[][] vectors = new double[nodes.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = nodes.get(i).getLong(0);
      List<Double> e = nodes.get(i).getList(1);
      double[] v = new double[e.size()];
      for (int j = 0; j < v.length; j++) {
        Double x = e.get(j);
        if (x == null) {
          return null;
        }
        v[j] = x;
      }
      vectors[i] = v;
    }
    return of(ids, vectors, inputScale, src, dst);
  }

  /**
   * The input from embeddings in the driver ({@code vectors[i]} of {@code ids[i]}, any order; not modified): sorted
   * by id, each vector times {@code inputScale}, with its norm; null when an id repeats.
   */
  static DriverInput of(long[] ids, double[][] vectors, double inputScale, long[] src, long[] dst) {
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingLong(i -> ids[i]));
    long[] sortedIds = new long[ids.length];
    double[][] scaled = new double[ids.length][];
    double[] norms = new double[ids.length];
    for (int r = 0; r < order.length; r++) {
      int i = order[r];
      sortedIds[r] = ids[i];
      if (r > 0 && sortedIds[r] == sortedIds[r - 1]) {
        return null;
      }
      double[] v = new double[vectors[i].length];
      for (int j = 0; j < v.length; j++) {
        v[j] = vectors[i][j] * inputScale;
      }
      scaled[r] = v;
      norms[r] = PoincareBall.norm(v);
    }
    return new DriverInput(sortedIds, scaled, norms, src, dst);
  }
}
