package dev.grasp.sampling.baseline;

import static org.apache.spark.sql.functions.col;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.DenseIndex;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Random node sampling (RN of Leskovec &amp; Faloutsos, KDD 2006): the target number of vertices chosen uniformly
 * without replacement — those with the smallest hash key u(seed, id) — and the subgraph they induce.
 *
 * <p>Output: the input's vertex and edge columns; exactly round(ratio·|V|) vertices. One distributed ranking of the
 * vertices and two semi-joins over the edges: O(|V| log |V| + |E|).
 */
public final class RandomNodeSampler extends BaseSampler<RandomNodeSampler> {

  private static final long SALT = 1L;

  public RandomNodeSampler() {
    this(Identifiable$.MODULE$.randomUID("randomNodeSampler"));
  }

  public RandomNodeSampler(String uid) {
    super(uid);
  }

  @Override
  protected Graph sample(Graph g, long n, long target) {
    Dataset<Row> ranked = DenseIndex.of(keyedVertices(g, SALT), "rank", col("u"), col(Graph.ID));
    return induced(g, ranked.filter(col("rank").lt(target)).select(Graph.ID));
  }
}
