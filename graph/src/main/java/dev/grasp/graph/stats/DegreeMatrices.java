package dev.grasp.graph.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.grasp.graph.Graph;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The directed 2K statistics of Tillman et al. (KDD 2017) as sparse tables:
 * <ul>
 *   <li>DCM (degree correlation matrix): {@code inDegree: long, outDegree: long, count: long} — the number of vertices
 *       with that in-degree and that out-degree; Σ count = |V|.</li>
 *   <li>JDM (joint degree matrix): {@code srcOutDegree: long, dstInDegree: long, count: long} — the number of edges
 *       u→v with out-degree(u) = k and in-degree(v) = l; Σ count = |E|, Σ_l JDM[k][l] = k·N_out(k).</li>
 * </ul>
 * Each is one aggregation over the degree table (DCM) or over edges joined to degrees twice (JDM): O(|V| + |E|).
 */
public final class DegreeMatrices {

  public static final String COUNT = "count";
  public static final String SRC_OUT = "srcOutDegree";
  public static final String DST_IN = "dstInDegree";

  private DegreeMatrices() {}

  /** DCM from a {@link Degrees} table. */
  public static Dataset<Row> dcm(Dataset<Row> degrees) {
    return degrees.groupBy(Degrees.IN, Degrees.OUT).agg(count(lit(1)).as(COUNT));
  }

  /** JDM of {@code g}, given its {@link Degrees} table. */
  public static Dataset<Row> jdm(Graph g, Dataset<Row> degrees) {
    Dataset<Row> outDeg = degrees.select(col(Graph.ID).as(Graph.SRC), col(Degrees.OUT).as(SRC_OUT));
    Dataset<Row> inDeg = degrees.select(col(Graph.ID).as(Graph.DST), col(Degrees.IN).as(DST_IN));
    return g.edges().select(Graph.SRC, Graph.DST)
        .join(outDeg, Graph.SRC)
        .join(inDeg, Graph.DST)
        .groupBy(SRC_OUT, DST_IN)
        .agg(count(lit(1)).as(COUNT));
  }

  /**
   * {@link #dcm} and {@link #jdm} of a graph held in the driver, with the degrees of {@link LocalGraph#inDegrees}:
   * rows {@code (inDegree, outDegree, count)} and {@code (srcOutDegree, dstInDegree, count)}, each sorted by its two
   * degrees. Same counts as the Spark tables; no job.
   */
  public static Local of(LocalGraph g) {
    long[] in = g.inDegrees();
    long[] out = g.outDegrees();
    long[] cells = new long[g.vertices()];
    for (int v = 0; v < cells.length; v++) {
      cells[v] = packDegrees(in[v], out[v]);
    }
    long[] arcs = new long[g.edges()];
    for (int e = 0; e < arcs.length; e++) {
      arcs[e] = packDegrees(out[g.sources()[e]], in[g.targets()[e]]);
    }
    return new Local(counted(cells), counted(arcs));
  }

  /** One cell of a degree matrix held in the driver. */
  public record Cell(long first, long second, long count) {}

  /** A graph's DCM and JDM cells, each in the order of their two degrees. */
  public record Local(List<Cell> dcm, List<Cell> jdm) {}

  /** Degrees below 2^31 (a graph held in the driver has fewer edges) as one sortable long. */
  private static long packDegrees(long a, long b) {
    return (a << 32) | b;
  }

  private static List<Cell> counted(long[] keys) {
    java.util.Arrays.sort(keys);
    List<Cell> out = new ArrayList<>();
    for (int a = 0; a < keys.length; ) {
      int b = a;
      while (b < keys.length && keys[b] == keys[a]) {
        b++;
      }
      out.add(new Cell(keys[a] >>> 32, keys[a] & 0xffffffffL, b - a));
      a = b;
    }
    return out;
  }
}
