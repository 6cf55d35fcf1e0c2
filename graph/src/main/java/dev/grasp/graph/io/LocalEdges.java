package dev.grasp.graph.io;

import dev.grasp.graph.DriverCopy;
import dev.grasp.graph.Graph;
import dev.grasp.graph.util.DriverRows;
import dev.grasp.graph.util.PackedPairs;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * An edge list with numeric ids held in the driver as primitive arrays, and the read policies applied to it there:
 * {@link GraphReader}'s path for inputs under {@code spark.grasp.driverLocal.maxBytes}, the same results as its Spark
 * path without a shuffle or a job. Then {@link #toGraph} hands the edges and the sorted vertex ids to Spark as
 * DataFrames over slices of the arrays, and keeps the arrays as the graph's {@link DriverCopy}.
 */
final class LocalEdges implements Serializable {

  private static final long serialVersionUID = 1L;
  /** Driver bytes an edge takes: two longs and a weight. */
  static final long EDGE_BYTES = 24;
  /** Edges per partition of the DataFrames made by {@link #toGraph} (up to the default parallelism). */
  private static final int EDGES_PER_PARTITION = 200_000;

  final long[] src;
  final long[] dst;
  /** The weights, or null for an unweighted list. */
  final double[] weight;
  /** {@link #vertices} and {@link #order}, computed once (the arrays above are never changed). */
  private transient long[] vertices;
  private transient int[] order;

  LocalEdges(long[] src, long[] dst, double[] weight) {
    this.src = src;
    this.dst = dst;
    this.weight = weight;
  }

  int size() {
    return src.length;
  }

  /** The good rows of parsed chunks, in chunk order; weighted when any row has a weight (a mix is refused before). */
  static LocalEdges of(List<EdgeLines.Chunk> chunks, boolean weighted) {
    int n = 0;
    for (EdgeLines.Chunk c : chunks) {
      n += c.size;
    }
    long[] s = new long[n];
    long[] d = new long[n];
    double[] w = weighted ? new double[n] : null;
    int at = 0;
    for (EdgeLines.Chunk c : chunks) {
      System.arraycopy(c.src, 0, s, at, c.size);
      System.arraycopy(c.dst, 0, d, at, c.size);
      if (weighted) {
        System.arraycopy(c.weight, 0, w, at, c.size);
      }
      at += c.size;
    }
    return new LocalEdges(s, d, w);
  }

  /** The edges that are not self-loops. */
  LocalEdges withoutLoops() {
    int k = 0;
    for (int i = 0; i < size(); i++) {
      if (src[i] != dst[i]) {
        k++;
      }
    }
    LocalEdges out = new LocalEdges(new long[k], new long[k], weight == null ? null : new double[k]);
    k = 0;
    for (int i = 0; i < size(); i++) {
      if (src[i] != dst[i]) {
        out.put(k++, this, i);
      }
    }
    return out;
  }

  /** These edges followed by the reverse of every edge that is not a self-loop. */
  LocalEdges withReverses() {
    int loops = 0;
    for (int i = 0; i < size(); i++) {
      if (src[i] == dst[i]) {
        loops++;
      }
    }
    int n = 2 * size() - loops;
    LocalEdges out = new LocalEdges(Arrays.copyOf(src, n), Arrays.copyOf(dst, n),
        weight == null ? null : Arrays.copyOf(weight, n));
    out.vertices = vertices();
    int k = size();
    for (int i = 0; i < size(); i++) {
      if (src[i] != dst[i]) {
        out.src[k] = dst[i];
        out.dst[k] = src[i];
        if (weight != null) {
          out.weight[k] = weight[i];
        }
        k++;
      }
    }
    return out;
  }

  /**
   * Positions in (src, dst) order, ties in input order: a counting sort by the rank of src among the ids, then each
   * src's {@code rank(dst) << 32 | position} keys sorted as primitives.
   */
  private int[] order() {
    if (order == null) {
      order = sortedOrder();
    }
    return order;
  }

  private int[] sortedOrder() {
    long[] ids = vertices();
    int n = size();
    int[] rank = new int[n];
    int[] start = new int[ids.length + 1];
    for (int i = 0; i < n; i++) {
      rank[i] = Arrays.binarySearch(ids, src[i]);
      start[rank[i] + 1]++;
    }
    for (int v = 0; v < ids.length; v++) {
      start[v + 1] += start[v];
    }
    int[] fill = Arrays.copyOf(start, ids.length);
    long[] key = new long[n];
    for (int i = 0; i < n; i++) {
      key[fill[rank[i]]++] = ((long) Arrays.binarySearch(ids, dst[i]) << 32) | i;
    }
    int[] idx = new int[n];
    for (int v = 0; v < ids.length; v++) {
      Arrays.sort(key, start[v], start[v + 1]);
    }
    for (int k = 0; k < n; k++) {
      idx[k] = (int) key[k];
    }
    return idx;
  }

  /** The number of distinct (src, dst) pairs. */
  long distinctPairs() {
    int[] idx = order();
    long k = 0;
    for (int i = 0; i < idx.length; i++) {
      if (i == 0 || !samePair(idx[i], idx[i - 1])) {
        k++;
      }
    }
    return k;
  }

  /**
   * One edge per distinct pair. Unweighted lists keep the pair; weighted ones keep the largest weight
   * ({@code summed = false}, NaN counting as the largest, as Spark's {@code max}) or the sum of the weights in input
   * order ({@code summed = true}). With {@code countAsWeight} an unweighted list gets weight = multiplicity.
   */
  LocalEdges merged(boolean summed, boolean countAsWeight) {
    int[] idx = order();
    boolean weighted = weight != null || countAsWeight;
    List<int[]> groups = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= idx.length; i++) {
      if (i == idx.length || !samePair(idx[i], idx[start])) {
        groups.add(new int[] {start, i});
        start = i;
      }
    }
    LocalEdges out = new LocalEdges(new long[groups.size()], new long[groups.size()],
        weighted ? new double[groups.size()] : null);
    out.vertices = vertices();
    for (int g = 0; g < groups.size(); g++) {
      int[] r = groups.get(g);
      int first = idx[r[0]];
      out.src[g] = src[first];
      out.dst[g] = dst[first];
      if (weight == null && countAsWeight) {
        out.weight[g] = r[1] - r[0];
      } else if (weight != null) {
        double v = weight[first];
        for (int i = r[0] + 1; i < r[1]; i++) {
          double x = weight[idx[i]];
          v = summed ? v + x : Math.max(v, x);
        }
        out.weight[g] = v;
      }
    }
    return out;
  }

  /** The distinct ids of src ∪ dst, ascending (the array is shared: not to be changed). */
  long[] vertices() {
    if (vertices == null) {
      vertices = distinctIds();
    }
    return vertices;
  }

  private long[] distinctIds() {
    long[] all = new long[2 * size()];
    System.arraycopy(src, 0, all, 0, size());
    System.arraycopy(dst, 0, all, size(), size());
    return PackedPairs.sortedDistinct(all, all.length);
  }

  /** The edges ({@code src, dst[, weight]}) and vertices ({@code id}) as a graph of DataFrames over array slices. */
  Graph toGraph(SparkSession spark, long[] vertices) {
    int parts = (int) Math.max(1, Math.min(spark.sparkContext().defaultParallelism(),
        (size() + EDGES_PER_PARTITION - 1) / EDGES_PER_PARTITION));
    boolean weighted = weight != null;
    StructType edgeSchema = new StructType().add(Graph.SRC, DataTypes.LongType, false)
        .add(Graph.DST, DataTypes.LongType, false);
    if (weighted) {
      edgeSchema = edgeSchema.add(Graph.WEIGHT, DataTypes.DoubleType, true);
    }
    Dataset<Row> edges = DriverRows.of(spark, this, size(), parts, edgeSchema, LocalEdges::rows);
    Dataset<Row> verts = DriverRows.of(spark, vertices, vertices.length, parts,
        new StructType().add(Graph.ID, DataTypes.LongType, false), (ids, from, to) -> {
          List<InternalRow> out = new ArrayList<>(to - from);
          for (int i = from; i < to; i++) {
            out.add(new GenericInternalRow(new Object[] {ids[i]}));
          }
          return out.iterator();
        });
    return DriverCopy.attach(Graph.of(verts, edges), new DriverCopy(vertices, src, dst, weight));
  }

  private static java.util.Iterator<InternalRow> rows(LocalEdges e, int from, int to) {
    List<InternalRow> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(e.weight == null ? new GenericInternalRow(new Object[] {e.src[i], e.dst[i]})
          : new GenericInternalRow(new Object[] {e.src[i], e.dst[i], e.weight[i]}));
    }
    return out.iterator();
  }

  private boolean samePair(int a, int b) {
    return src[a] == src[b] && dst[a] == dst[b];
  }

  private void put(int k, LocalEdges from, int i) {
    src[k] = from.src[i];
    dst[k] = from.dst[i];
    if (weight != null) {
      weight[k] = from.weight[i];
    }
  }
}
