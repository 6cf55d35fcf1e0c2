package dev.grasp.embedding.hyperbolic;

import dev.grasp.embedding.eval.LinkScorer;
import org.apache.spark.sql.Column;

/**
 * The link score −d(u, v) under the Poincaré distance of curvature −c, for {@link
 * dev.grasp.embedding.eval.LinkPrediction}: apply it to the ball points of a {@link HyperbolicRescalerModel}
 * ({@code outputCol}). Cost: O(d) per pair. Reference: Nickel &amp; Kiela, Poincaré Embeddings, NeurIPS 2017.
 *
 * @param curvature c (> 0)
 */
public record PoincareScorer(double curvature) implements LinkScorer {

  /** Validates the curvature. */
  public PoincareScorer {
    new PoincareBall(curvature);
  }

  @Override
  public Column score(Column u, Column v, int dimension) {
    return new PoincareBall(curvature).negativeDistance(u, v, dimension);
  }

  @Override
  public String name() {
    return "poincare";
  }
}
