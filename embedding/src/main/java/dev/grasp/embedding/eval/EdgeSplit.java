package dev.grasp.embedding.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.Seeds;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * A seeded link-prediction split of a graph, read as undirected: node pairs {u < v} joined by at least one edge
 * (self-loops dropped) are held out with probability {@code testFraction}, except the pair of least hash around
 * every node, which stays in training so that every non-isolated node keeps an edge; the training graph keeps all
 * vertices and every directed edge of a kept pair. Negatives are seeded uniform node pairs (among nodes with an edge)
 * that are not joined in either direction.
 *
 * <p>Output: {@link Split}: training {@link Graph}; {@code positives, negatives: u: long, v: long}. A few joins and
 * aggregations, O(|V| + |E|); the node index uses one ordered window (single partition), fine at evaluation sizes.
 * Protocol as in node2vec (Grover &amp; Leskovec, KDD 2016), with a deterministic keep-connected rule.
 */
public final class EdgeSplit {

  public static final String U = "u";
  public static final String V = "v";

  private EdgeSplit() {}

  /** The split: training graph, held-out positive pairs and sampled negative pairs. */
  public record Split(Graph train, Dataset<Row> positives, Dataset<Row> negatives) {
  }

  private static Seq<String> uv() {
    return JavaConverters.asScalaBuffer(List.of(U, V)).toSeq();
  }

  public static Split split(Graph g, double testFraction, double negativeRatio, long seed) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("`testFraction` must be in (0, 1), got " + testFraction);
    }
    if (!(negativeRatio > 0) || Double.isInfinite(negativeRatio)) {
      throw new IllegalArgumentException("`negativeRatio` must be a finite number > 0, got " + negativeRatio);
    }
    Dataset<Row> pairs = g.edges()
        .select(least(col(Graph.SRC), col(Graph.DST)).as(U), greatest(col(Graph.SRC), col(Graph.DST)).as(V))
        .filter(col(U).notEqual(col(V))).distinct()
        .withColumn("h", Seeds.uniform(seed, lit(0L), col(U), col(V)))
        .cache();
    Dataset<Row> around = pairs.select(col(U).as("node"), col("h"), col(U), col(V))
        .unionByName(pairs.select(col(V).as("node"), col("h"), col(U), col(V)));
    Dataset<Row> keep = around.groupBy("node").agg(min(struct(col("h"), col(U), col(V))).as("m"))
        .select(col("m.u").as(U), col("m.v").as(V)).distinct();
    Dataset<Row> positives = pairs.join(keep, uv(), "left_anti")
        .filter(Seeds.uniform(seed, lit(1L), col(U), col(V)).lt(testFraction))
        .select(U, V)
        .cache();
    long numPos = positives.count();

    Dataset<Row> trainEdges = g.edges()
        .withColumn(U, least(col(Graph.SRC), col(Graph.DST)))
        .withColumn(V, greatest(col(Graph.SRC), col(Graph.DST)))
        .join(positives, uv(), "left_anti")
        .drop(U, V);
    Graph train = Graph.of(g.vertices(), trainEdges);

    Dataset<Row> nodes = pairs.select(col(U).as("n")).union(pairs.select(col(V).as("n"))).distinct()
        .withColumn("idx", row_number().over(Window.orderBy("n")).minus(1))
        .cache();
    long n = nodes.count();
    long wanted = Math.round(numPos * negativeRatio);
    long candidates = 3 * wanted + 100;
    Dataset<Row> draws = g.edges().sparkSession().range(candidates).select(col("id").as("k"))
        .withColumn("a", floor(Seeds.uniform(seed, lit(2L), col("k")).multiply(n)).cast(DataTypes.LongType).plus(1))
        .withColumn("b", floor(Seeds.uniform(seed, lit(3L), col("k")).multiply(n)).cast(DataTypes.LongType).plus(1));
    Dataset<Row> na = nodes.select(col("idx").plus(1).as("a"), col("n").as("na"));
    Dataset<Row> nb = nodes.select(col("idx").plus(1).as("b"), col("n").as("nb"));
    Dataset<Row> negatives = draws.join(na, "a").join(nb, "b")
        .select(col("k"), least(col("na"), col("nb")).as(U), greatest(col("na"), col("nb")).as(V))
        .filter(col(U).notEqual(col(V)))
        .join(pairs.select(U, V), uv(),
            "left_anti")
        .groupBy(U, V).agg(min("k").as("k"))
        .orderBy("k").limit((int) Math.min(Integer.MAX_VALUE, wanted))
        .select(U, V)
        .cache();
    negatives.count();
    return new Split(train, positives, negatives);
  }
}
