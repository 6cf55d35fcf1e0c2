package dev.grasp.sampling.baseline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.DenseIndex;
import dev.grasp.graph.util.Seeds;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Random edge sampling (RE of Leskovec &amp; Faloutsos, KDD 2006): edges are drawn uniformly in the order of their hash
 * key h(seed, src, dst) until their endpoints number the target; the sample is those endpoints and the drawn edges
 * (not induced — RE's defining sparsity). With {@code induced = true} the sample is the subgraph induced by the same
 * vertices instead (their "random node-edge"-like variant).
 *
 * <p>Exactly: each vertex arrives with its first incident edge, t(v) = min h over incident edges; vertices are taken
 * in order of t and the threshold τ = t of the target-th vertex; the sample holds every vertex with t ≤ τ and every
 * edge with h ≤ τ. A drawn edge can bring two new vertices at once, so the size is the target or the target + 1.
 * Parallel edges share their key and are drawn together. Isolated vertices have no edge to be drawn by; they come
 * after all edges, in hash order, so a target beyond the non-isolated vertices is still met.
 *
 * <p>Output: the input's vertex and edge columns. Two aggregations and a distributed ranking: O(|E| + |V| log |V|).
 */
public final class RandomEdgeSampler extends BaseSampler<RandomEdgeSampler> {

  private static final long SALT_ISOLATED = 2L;

  private final BooleanParam induced;

  public RandomEdgeSampler() {
    this(Identifiable$.MODULE$.randomUID("randomEdgeSampler"));
  }

  public RandomEdgeSampler(String uid) {
    super(uid);
    this.induced = new BooleanParam(this, "induced",
        "whether the sample is the subgraph induced by the drawn edges' endpoints (else just the drawn edges)");
    setDefault(induced, false);
  }

  public BooleanParam induced() {
    return induced;
  }

  public boolean getInduced() {
    return (Boolean) getOrDefault(induced);
  }

  public RandomEdgeSampler setInduced(boolean value) {
    set(induced, value);
    return this;
  }

  @Override
  protected Graph sample(Graph g, long n, long target) {
    long seed = getSeed();
    Dataset<Row> keyed = g.edges().withColumn("_h", Seeds.uniform(seed, col(Graph.SRC), col(Graph.DST)));
    Dataset<Row> arrival = keyed.select(col(Graph.SRC).as(Graph.ID), col("_h"))
        .union(keyed.select(col(Graph.DST).as(Graph.ID), col("_h")))
        .groupBy(Graph.ID).agg(min(col("_h")).as("_t"));
    // Isolated vertices arrive after every edge (keys in [1, 2)), in hash order.
    Dataset<Row> times = g.vertices().select(Graph.ID).join(arrival, Graph.ID, "left_outer")
        .select(col(Graph.ID), coalesce(col("_t"),
            lit(1.0).plus(Seeds.uniform(seed, col(Graph.ID), lit(SALT_ISOLATED)))).as("_t"));
    Dataset<Row> ranked = DenseIndex.of(times, "_rank", col("_t"), col(Graph.ID));
    double tau = ranked.filter(col("_rank").lt(target)).agg(max(col("_t"))).first().getDouble(0);
    Dataset<Row> nodes = materialise(ranked.filter(col("_t").leq(tau)).select(Graph.ID));
    if (getInduced()) {
      return induced(g, nodes);
    }
    Dataset<Row> v = vertexSubset(g, nodes);
    Dataset<Row> e = keyed.filter(col("_h").leq(tau)).drop("_h");
    return new Graph(v, e);
  }
}
