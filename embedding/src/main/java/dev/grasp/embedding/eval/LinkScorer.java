package dev.grasp.embedding.eval;

import java.io.Serializable;
import org.apache.spark.sql.Column;

/**
 * A link score of two embedding columns (higher = more likely linked), as a Catalyst expression so that scoring runs
 * as built-ins. Implement it for another geometry (e.g. a negated Poincaré distance) and pass it to
 * {@link LinkPrediction}; {@link LinkScorers} holds dot and cosine.
 */
public interface LinkScorer extends Serializable {

  /**
   * @param u the first node's embedding ({@code array<double>})
   * @param v the second node's embedding ({@code array<double>})
   * @param dimension the length of both arrays
   */
  Column score(Column u, Column v, int dimension);

  /** A short name for reports. */
  String name();
}
