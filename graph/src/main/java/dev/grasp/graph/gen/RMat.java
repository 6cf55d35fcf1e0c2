package dev.grasp.graph.gen;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Directed R-MAT generator (Chakrabarti, Zhan, Faloutsos, SDM 2004): edge e of {@code edgeFactor·2^scale} picks, at
 * each of {@code scale} levels, a quadrant with probabilities a, b, c, d = 1 − a − b − c; the draw of (e, level) is
 * {@code Seeds.uniform(seed, e, level)}, so the graph is the same for any partitioning.
 *
 * <p>Output: a simple digraph (self-loops and repeated pairs removed, so slightly fewer than edgeFactor·2^scale
 * edges); vertices are the ids that occur in an edge (ids in [0, 2^scale)). O(m·scale) hashing, one distinct.
 *
 * @param scale log2 of the id range, 1..40
 * @param edgeFactor edges drawn per id slot
 * @param a top-left quadrant probability (the Graph500 default 0.57)
 * @param b top-right (0.19)
 * @param c bottom-left (0.19)
 * @param seed the seed
 * @param partitions partitions of the edge draw (≥ 1)
 */
public record RMat(int scale, double edgeFactor, double a, double b, double c, long seed, int partitions) {

  public RMat {
    if (scale < 1 || scale > 40) {
      throw new IllegalArgumentException("`scale` must be in [1, 40], got " + scale);
    }
    if (!(edgeFactor > 0) || Double.isInfinite(edgeFactor)) {
      throw new IllegalArgumentException("`edgeFactor` must be > 0, got " + edgeFactor);
    }
    for (double p : new double[] {a, b, c}) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("`a`, `b`, `c` must be in [0, 1], got a=" + a + ", b=" + b + ", c=" + c);
      }
    }
    if (a + b + c > 1 + 1e-12) {
      throw new IllegalArgumentException("`a + b + c` must be <= 1, got " + (a + b + c));
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("`partitions` must be >= 1, got " + partitions);
    }
  }

  /** Graph500-style defaults (a, b, c) = (0.57, 0.19, 0.19). */
  public static RMat of(int scale, double edgeFactor, long seed) {
    return new RMat(scale, edgeFactor, 0.57, 0.19, 0.19, seed, Math.max(1, (int) ((edgeFactor * (1L << scale)) / 2_000_000) + 1));
  }

  /** Generates the graph. */
  public Graph generate(SparkSession spark) {
    long m = (long) Math.floor(edgeFactor * Math.pow(2, scale));
    Dataset<Row> draws = spark.range(0, m, 1, partitions).toDF("e");
    List<Column> us = new ArrayList<>();
    us.add(col("e"));
    for (int level = 0; level < scale; level++) {
      us.add(Seeds.uniform(seed, col("e"), lit((long) level)).as("u" + level));
    }
    Dataset<Row> u = draws.select(us.toArray(new Column[0]));
    Column src = lit(0L);
    Column dst = lit(0L);
    double ab = a + b;
    double abc = a + b + c;
    for (int level = 0; level < scale; level++) {
      Column x = col("u" + level);
      long bit = 1L << (scale - 1 - level);
      src = src.plus(when(x.geq(ab), bit).otherwise(0L));
      dst = dst.plus(when(x.geq(a).and(x.lt(ab)).or(x.geq(abc)), bit).otherwise(0L));
    }
    Dataset<Row> edges = u.select(src.as(Graph.SRC), dst.as(Graph.DST))
        .filter(col(Graph.SRC).notEqual(col(Graph.DST)))
        .distinct();
    return Graph.fromEdges(edges);
  }
}
