package dev.grasp.graph.stats;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.grasp.graph.Graph;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * In- and out-degrees of every vertex, isolated vertices included (degree 0). Multi-edges count once each and a
 * self-loop adds one to both degrees of its vertex.
 *
 * <p>Output: {@code id: long, inDegree: long, outDegree: long}. Two shuffles (group by src, by dst) and a join;
 * O(|V| + |E|).
 */
public final class Degrees {

  public static final String IN = "inDegree";
  public static final String OUT = "outDegree";

  private Degrees() {}

  /** Degrees of every vertex of {@code g}. Edges whose endpoints are not vertices are counted at those ids too. */
  public static Dataset<Row> of(Graph g) {
    Dataset<Row> out = g.edges().groupBy(col(Graph.SRC).as(Graph.ID)).agg(count(lit(1)).as(OUT));
    Dataset<Row> in = g.edges().groupBy(col(Graph.DST).as(Graph.ID)).agg(count(lit(1)).as(IN));
    return g.vertices().select(Graph.ID)
        .join(in, Graph.ID, "full_outer")
        .join(out, Graph.ID, "full_outer")
        .select(col(Graph.ID),
            coalesce(col(IN), lit(0L)).as(IN),
            coalesce(col(OUT), lit(0L)).as(OUT));
  }
}
