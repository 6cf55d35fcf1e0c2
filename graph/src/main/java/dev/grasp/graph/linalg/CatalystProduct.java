package dev.grasp.graph.linalg;

import static dev.grasp.graph.linalg.SparseOperator.I;
import static dev.grasp.graph.linalg.SparseOperator.ID;
import static dev.grasp.graph.linalg.SparseOperator.J;
import static dev.grasp.graph.linalg.SparseOperator.NORM;
import static dev.grasp.graph.linalg.SparseOperator.P;
import static dev.grasp.graph.linalg.SparseOperator.X;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The Catalyst engine of {@link SparseOperator}: the entries cached by column (j), joined with the vectors and
 * aggregated per row in fixed point, built-ins only so that the RAPIDS Accelerator can run every operator.
 */
final class CatalystProduct {

  private final Dataset<Row> entries;
  private final SparseOperator.Shape shape;
  private final double rowBound;

  private CatalystProduct(Dataset<Row> entries, SparseOperator.Shape shape, double rowBound) {
    this.entries = entries;
    this.shape = shape;
    this.rowBound = rowBound;
  }

  static CatalystProduct build(Dataset<Row> entries, SparseOperator.Shape shape) {
    Dataset<Row> cached = entries.repartition(col(J)).persist(StorageLevel.MEMORY_AND_DISK());
    Row b = cached.groupBy(I).agg(count(lit(1)).as("c"), max(abs(col(P))).as("m"))
        .agg(max(col("c").multiply(col("m")))).first();
    return new CatalystProduct(cached, shape, b.isNullAt(0) ? 0.0 : b.getDouble(0));
  }

  double rowBound() {
    return rowBound;
  }

  Dataset<Row> times(Dataset<Row> x, int d, int scale) {
    Dataset<Row> joined = entries.join(x.select(col(ID).as(J), col(X)), J);
    if (shape == SparseOperator.Shape.EXPLODE) {
      Dataset<Row> parts = joined.select(col(I), col(P), posexplode(col(X)))
          .groupBy(I, "pos").agg(FixedPoint.sum(col("col").multiply(col(P)), scale).as("v"))
          .select(col(I), col("pos"), FixedPoint.value(col("v"), scale).as("v"));
      // the norm from the sorted list: a sum in position order, as the other shapes
      return parts.groupBy(I)
          .agg(sort_array(collect_list(struct(col("pos"), col("v")))).as("l"))
          .select(col(I).as(ID), expr("transform(l, e -> e.v)").as(X),
              expr("sqrt(aggregate(l, 0D, (acc, e) -> acc + e.v * e.v))").as(NORM));
    }
    Column[] sums = new Column[d];
    for (int t = 0; t < d; t++) {
      sums[t] = FixedPoint.sum(col(X).getItem(t).multiply(col(P)), scale).as("c" + t);
    }
    Dataset<Row> agg = joined.groupBy(I).agg(sums[0], Arrays.copyOfRange(sums, 1, d));
    Column[] cs = new Column[d];
    for (int t = 0; t < d; t++) {
      cs[t] = FixedPoint.value(col("c" + t), scale).as("c" + t);
    }
    Dataset<Row> vals = agg.select(col(I), array(cs).as(X));
    return vals.select(col(I).as(ID), col(X), sqrt(sumOfSquares(col(X), d)).as(NORM));
  }

  /** Σ_t arr[t]² left to right, as {@link BlockProduct} sums it. */
  static Column sumOfSquares(Column arr, int d) {
    Column sq = lit(0.0);
    for (int t = 0; t < d; t++) {
      sq = sq.plus(arr.getItem(t).multiply(arr.getItem(t)));
    }
    return sq;
  }

  void unpersist() {
    entries.unpersist(false);
  }
}
