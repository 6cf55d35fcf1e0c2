package dev.grasp.embedding.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

import dev.grasp.graph.Graph;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Link prediction quality of an embedding method: split the graph with {@link EdgeSplit}, embed the training graph
 * only, score held-out pairs and sampled non-pairs with a {@link LinkScorer}, report ROC AUC and average precision
 * ({@link RankingMetrics}).
 *
 * <p>Output: {@link Result}. Cost: one embedding of the training graph plus two joins of the scored pairs; the
 * scores are collected to the driver (2·|test pairs| doubles). Protocol: Grover &amp; Leskovec, node2vec, KDD 2016.
 */
public final class LinkPrediction {

  private LinkPrediction() {}

  /**
   * @param testFraction share of node pairs held out, in (0, 1)
   * @param negativeRatio sampled non-pairs per held-out pair (> 0)
   * @param seed seed of the split and of the negatives
   * @param scorer the link score
   * @param embeddingCol the {@code array<double>} column of the embedder's output (with {@code id})
   */
  public record Params(double testFraction, double negativeRatio, long seed, LinkScorer scorer, String embeddingCol) {
    public Params {
      if (!(testFraction > 0 && testFraction < 1)) {
        throw new IllegalArgumentException("`testFraction` must be in (0, 1), got " + testFraction);
      }
      if (!(negativeRatio > 0) || Double.isInfinite(negativeRatio)) {
        throw new IllegalArgumentException("`negativeRatio` must be a finite number > 0, got " + negativeRatio);
      }
      if (scorer == null) {
        throw new IllegalArgumentException("`scorer` must be set, got null");
      }
      if (embeddingCol == null || embeddingCol.isEmpty()) {
        throw new IllegalArgumentException("`embeddingCol` must be a column name, got " + embeddingCol);
      }
    }

    /** 10 % held out, one negative per positive, cosine score, column {@code embedding}. */
    public static Params defaults(long seed) {
      return new Params(0.1, 1.0, seed, LinkScorers.COSINE, "embedding");
    }
  }

  /** Sizes of the split and the two scores. */
  public record Result(String scorer, long trainEdges, long testPairs, long negativePairs, double auc,
      double averagePrecision) {
  }

  /** Splits {@code g}, embeds the training graph with {@code embedder} and scores the held-out pairs. */
  public static Result evaluate(Graph g, Function<Graph, Dataset<Row>> embedder, Params p) {
    EdgeSplit.Split split = EdgeSplit.split(g, p.testFraction(), p.negativeRatio(), p.seed());
    Dataset<Row> emb = embedder.apply(split.train());
    return score(split, emb, p);
  }

  /** Scores a split against embeddings {@code id, <embeddingCol>} computed on {@code split.train()}. */
  public static Result score(EdgeSplit.Split split, Dataset<Row> embeddings, Params p) {
    Dataset<Row> e = embeddings.select(col(Graph.ID), col(p.embeddingCol()).as("e"));
    Row first = e.select(size(col("e"))).first();
    int dim = first.getInt(0);
    double[] pos = scores(split.positives(), e, p.scorer(), dim);
    double[] neg = scores(split.negatives(), e, p.scorer(), dim);
    return new Result(p.scorer().name(), split.train().edges().count(), pos.length, neg.length,
        RankingMetrics.auc(pos, neg), RankingMetrics.averagePrecision(pos, neg));
  }

  private static double[] scores(Dataset<Row> pairs, Dataset<Row> emb, LinkScorer scorer, int dim) {
    Dataset<Row> eu = emb.select(col(Graph.ID).as(EdgeSplit.U), col("e").as("eu"));
    Dataset<Row> ev = emb.select(col(Graph.ID).as(EdgeSplit.V), col("e").as("ev"));
    List<Row> rows = pairs.join(eu, EdgeSplit.U).join(ev, EdgeSplit.V)
        .select(scorer.score(col("eu"), col("ev"), dim).as("s")).collectAsList();
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i).isNullAt(0) ? 0.0 : rows.get(i).getDouble(0);
    }
    return out;
  }
}
