package dev.grasp.embedding.eval;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import java.util.Locale;
import org.apache.spark.sql.Column;

/** Built-in link scores over {@code array<double>} embeddings: inner product and cosine similarity (0 for a zero vector). */
public enum LinkScorers implements LinkScorer {
  DOT {
    @Override
    public Column score(Column u, Column v, int dimension) {
      return dot(u, v, dimension);
    }
  },
  COSINE {
    @Override
    public Column score(Column u, Column v, int dimension) {
      Column den = sqrt(dot(u, u, dimension)).multiply(sqrt(dot(v, v, dimension)));
      return when(den.gt(0), dot(u, v, dimension).divide(den)).otherwise(lit(0.0));
    }
  };

  /** Σ_j u[j]·v[j], unrolled over the dimension (no higher-order array functions). */
  static Column dot(Column u, Column v, int dimension) {
    Column s = lit(0.0);
    for (int j = 0; j < dimension; j++) {
      s = s.plus(u.getItem(j).multiply(v.getItem(j)));
    }
    return s;
  }

  /** The scorer named {@code name} (dot, cosine), case-insensitive. */
  public static LinkScorers parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("`score` must be one of dot, cosine, got " + name);
    }
  }
}
