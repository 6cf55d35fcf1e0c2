package dev.grasp.embedding.amg;

import dev.grasp.graph.util.LineageCutter;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.ScalaSeq;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One distributed level of an AMG hierarchy: a symmetric sparse matrix as a DataFrame of entries, with the rows of
 * hub vertices (more than {@code hubDegree} non-zeros — attribute-value vertices, power-law hubs) flagged so every
 * join keyed by a column index sends hub rows through a broadcast join instead of one skewed shuffle partition.
 * Aggregations keyed by a hub row are not skewed: Spark's partial (map-side) aggregation sums them before the shuffle.
 *
 * <p>Schemas: {@code entries: i long, j long, v double, ih boolean, jh boolean} (diagonal included);
 * {@code rows: id long, diag double, l1 double, heavy boolean}; {@code hubs: id long}. Cost of {@link #multiply}: one
 * join of the entries with the vector plus one aggregation, O(nnz).
 */
final class DistOperator {

  static final String I = "i";
  static final String J = "j";
  static final String V = "v";
  static final String IH = "ih";
  static final String JH = "jh";
  static final String X = "x";

  final Dataset<Row> entries;
  final Dataset<Row> rows;
  final Dataset<Row> hubs;
  final long size;
  final long numHubs;
  private long entryCount = -1;

  private DistOperator(Dataset<Row> entries, Dataset<Row> rows, Dataset<Row> hubs, long size, long numHubs) {
    this.entries = entries;
    this.rows = rows;
    this.hubs = hubs;
    this.size = size;
    this.numHubs = numHubs;
  }

  /** Builds a level from aggregated entries {@code i, j, v} (one row per position, both triangles, diagonal included). */
  static DistOperator fromEntries(Dataset<Row> ijv, int hubDegree) {
    Dataset<Row> rows = LineageCutter.cutMeasured(ijv.groupBy(I).agg(
            sum(when(col(I).equalTo(col(J)), col(V)).otherwise(0.0)).as("diag"),
            sum(abs(col(V))).as("l1"),
            count(lit(1)).as("nnz"))
        .select(col(I).as(Graph.ID), col("diag"), col("l1"), col("nnz").gt(hubDegree).as("heavy")));
    Dataset<Row> hubs = LineageCutter.cutMeasured(rows.filter(col("heavy")).select(Graph.ID));
    long numHubs = hubs.count();
    long size = rows.count();
    Dataset<Row> flagged;
    if (numHubs == 0) {
      flagged = ijv.select(col(I), col(J), col(V), lit(false).as(IH), lit(false).as(JH));
    } else {
      Dataset<Row> hi = hubs.select(col(Graph.ID).as("hi"), lit(true).as(IH));
      Dataset<Row> hj = hubs.select(col(Graph.ID).as("hj"), lit(true).as(JH));
      flagged = ijv.join(broadcast(hi), col(I).equalTo(col("hi")), "left")
          .join(broadcast(hj), col(J).equalTo(col("hj")), "left")
          .select(col(I), col(J), col(V), col(IH).isNotNull().as(IH), col(JH).isNotNull().as(JH));
    }
    return new DistOperator(LineageCutter.cutMeasured(flagged), rows, hubs, size, numHubs);
  }

  /**
   * Inner (or other {@code joinType}) join of {@code left} with a per-vertex {@code table} on column {@code key}
   * ({@link #I} or {@link #J}, present in both); {@code flag} ({@link #IH} or {@link #JH}) marks the left rows whose
   * key is a hub: those meet the hub part of the table in a broadcast join.
   */
  Dataset<Row> joinOn(Dataset<Row> left, String key, String flag, Dataset<Row> table, String joinType) {
    if (numHubs == 0) {
      return left.join(table, ScalaSeq.of(key), joinType);
    }
    Dataset<Row> light = left.filter(not(col(flag))).join(table, ScalaSeq.of(key), joinType);
    Dataset<Row> hubTable = table.join(broadcast(hubs.select(col(Graph.ID).as(key))), ScalaSeq.of(key), "left_semi");
    Dataset<Row> heavy = left.filter(col(flag)).join(broadcast(hubTable), ScalaSeq.of(key), joinType);
    return light.unionByName(heavy);
  }

  /** Number of stored entries (non-zeros, diagonal included); counted on first use (one job over the cut entries). */
  long entryCount() {
    if (entryCount < 0) {
      entryCount = entries.count();
    }
    return entryCount;
  }

  /** y = A x for a vector {@code id, x}; returns {@code id, x}. */
  Dataset<Row> multiply(Dataset<Row> x) {
    Dataset<Row> xt = x.select(col(Graph.ID).as(J), col(X));
    return joinOn(entries, J, JH, xt, "inner")
        .groupBy(I).agg(sum(col(V).multiply(col(X))).as(X))
        .select(col(I).as(Graph.ID), col(X));
  }

  /** Y = A X for vectors side by side in one array column ({@code id, x array<double>} of width {@code d}). */
  Dataset<Row> multiplyBlock(Dataset<Row> x, int d) {
    Dataset<Row> xt = x.select(col(Graph.ID).as(J), col(X));
    Column[] sums = new Column[d];
    for (int t = 0; t < d; t++) {
      sums[t] = sum(col(V).multiply(element_at(col(X), t + 1))).as("s" + t);
    }
    Column[] cells = new Column[d];
    for (int t = 0; t < d; t++) {
      cells[t] = col("s" + t);
    }
    return joinOn(entries, J, JH, xt, "inner")
        .groupBy(I).agg(sums[0], java.util.Arrays.copyOfRange(sums, 1, d))
        .select(col(I).as(Graph.ID), array(cells).as(X));
  }

  void release() {
    entries.unpersist(false);
    rows.unpersist(false);
    hubs.unpersist(false);
  }
}
