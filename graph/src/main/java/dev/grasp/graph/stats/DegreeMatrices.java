package dev.grasp.graph.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.grasp.graph.Graph;
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
}
