package dev.grasp.graph.stats;

import static org.apache.spark.sql.functions.col;

import dev.grasp.graph.Graph;
import java.util.NavigableMap;
import java.util.TreeMap;
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

  /**
   * Reciprocity and the mutual-degree distribution: mutual degree (reciprocated out-neighbours of a vertex, on the
   * simple view) → vertices, every vertex of {@code g} counted (those without a mutual neighbour at 0).
   */
  public record Profile(double reciprocity, NavigableMap<Double, Double> mutualDegrees) {}

  /** {@link Profile} of {@code g}: the same distinct and semi-join as {@link #of}, one more grouping. */
  public static Profile profile(Graph g) {
    Dataset<Row> simple = simpleView(g);
    try {
      long m = simple.count();
      NavigableMap<Double, Double> dist = new TreeMap<>();
      long mutualArcs = 0;
      long withMutual = 0;
      for (Row r : reciprocated(simple).groupBy(Graph.SRC).count().groupBy("count").count().collectAsList()) {
        dist.put((double) r.getLong(0), (double) r.getLong(1));
        mutualArcs += r.getLong(0) * r.getLong(1);
        withMutual += r.getLong(1);
      }
      long n = g.numVertices();
      if (n > withMutual) {
        dist.put(0.0, (double) (n - withMutual));
      }
      return new Profile(m == 0 ? 0.0 : (double) mutualArcs / m, dist);
    } finally {
      simple.unpersist(false);
    }
  }

  /** Reciprocity of {@code g} in [0, 1]. */
  public static double of(Graph g) {
    Dataset<Row> simple = simpleView(g);
    try {
      long m = simple.count();
      return m == 0 ? 0.0 : (double) reciprocated(simple).count() / m;
    } finally {
      simple.unpersist(false);
    }
  }

  /** The rows of a distinct, loop-free {@code src, dst} table whose reverse is a row too (a left semi-join). */
  public static Dataset<Row> reciprocated(Dataset<Row> simple) {
    Dataset<Row> reversed = simple.select(col(Graph.DST).as("rs"), col(Graph.SRC).as("rd"));
    return simple.join(reversed, col(Graph.SRC).equalTo(col("rs")).and(col(Graph.DST).equalTo(col("rd"))),
        "left_semi");
  }

  /** The distinct non-loop edges of {@code g}, cached (the caller unpersists). */
  private static Dataset<Row> simpleView(Graph g) {
    g.vertices().sparkSession().sparkContext().setJobDescription("grasp: reciprocity");
    return g.edges().select(Graph.SRC, Graph.DST)
        .filter(col(Graph.SRC).notEqual(col(Graph.DST)))
        .distinct()
        .cache();
  }
}
