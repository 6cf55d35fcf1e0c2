package dev.grasp.graph.stats;

import static org.apache.spark.sql.functions.col;

import dev.grasp.graph.Graph;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reciprocity of a directed graph: the fraction of its distinct non-loop edges u→v whose reverse v→u is also an
 * edge (networkx's {@code overall_reciprocity} on the simple view). Self-loops are dropped and duplicate edges count
 * once, so a multigraph and its simple version have the same reciprocity; a graph without non-loop edges has
 * reciprocity 0.
 *
 * <p>One distinct, one self semi-join and two counts: O(|E|) with two shuffles.
 */
public final class Reciprocity {

  private Reciprocity() {}

  /** Reciprocity of {@code g} in [0, 1]. */
  public static double of(Graph g) {
    g.vertices().sparkSession().sparkContext().setJobDescription("grasp: reciprocity");
    Dataset<Row> simple = g.edges().select(Graph.SRC, Graph.DST)
        .filter(col(Graph.SRC).notEqual(col(Graph.DST)))
        .distinct()
        .cache();
    try {
      long m = simple.count();
      if (m == 0) {
        return 0.0;
      }
      Dataset<Row> reversed = simple.select(col(Graph.DST).as("rs"), col(Graph.SRC).as("rd"));
      long mutual = simple.join(reversed,
          col(Graph.SRC).equalTo(col("rs")).and(col(Graph.DST).equalTo(col("rd"))), "left_semi").count();
      return (double) mutual / m;
    } finally {
      simple.unpersist(false);
    }
  }
}
