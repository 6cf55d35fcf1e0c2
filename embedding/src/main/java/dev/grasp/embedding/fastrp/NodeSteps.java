package dev.grasp.embedding.fastrp;

import dev.grasp.graph.util.Seeds;
import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.StructType;

/**
 * The CPU engine of FastRP's per-vertex array steps: each is one partition-local pass over rows that computes with
 * the same double operations in the same order as the Catalyst expressions of {@link FastRP} (whose {@code transform}
 * lambdas Spark evaluates without code generation, element by element), so both engines give the same bits. Each
 * step takes its output schema from the Catalyst expression it replaces, so the schemas are the same too.
 */
final class NodeSteps {

  private NodeSteps() {}

  /** One output row for one input row. */
  @FunctionalInterface
  private interface RowStep extends Serializable {
    InternalRow apply(InternalRow in);
  }

  private static Dataset<Row> map(Dataset<Row> in, StructType out, RowStep step) {
    JavaRDD<InternalRow> rows = in.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(it -> mapped(it, step), true);
    return in.sparkSession().internalCreateDataFrame(rows.rdd(), out, false);
  }

  private static Iterator<InternalRow> mapped(Iterator<InternalRow> it, RowStep step) {
    return new Iterator<InternalRow>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public InternalRow next() {
        return step.apply(it.next());
      }
    };
  }

  private static InternalRow row(long id, double[] v) {
    return new GenericInternalRow(new Object[] {id, UnsafeArrayData.fromPrimitiveArray(v)});
  }

  /**
   * {@code id, [fp], deg} → {@code id, r, l}: r_j = the very sparse random entry of (seed, id, j) for the structural
   * positions, then the feature projection (zeros when null); l = deg^β (1 when deg is null or 0).
   */
  static Dataset<Row> initial(Dataset<Row> in, FastRP.Settings st, double s, boolean withFeatures, StructType out) {
    int d = st.d();
    int sd = d - st.propertyDim();
    double a = Math.sqrt(s / d);
    long seed = st.seed();
    double beta = st.beta();
    int degAt = withFeatures ? 2 : 1;
    return map(in, out, r -> {
      long id = r.getLong(0);
      double[] v = new double[d];
      for (int j = 0; j < sd; j++) {
        double u = Seeds.uniform(seed, FastRP.NODE_DOMAIN, id, j);
        v[j] = u < 1.0 / (2.0 * s) ? a : u < 1.0 / s ? -a : 0.0;
      }
      if (withFeatures && !r.isNullAt(1)) {
        ArrayData fp = r.getArray(1);
        for (int j = 0; j < d - sd; j++) {
          v[sd + j] = fp.getDouble(j);
        }
      }
      double deg = r.isNullAt(degAt) ? 0.0 : r.getDouble(degAt);
      double l = deg == 0.0 ? 1.0 : StrictMath.pow(deg, beta);
      return new GenericInternalRow(new Object[] {id, UnsafeArrayData.fromPrimitiveArray(v), l});
    });
  }

  /** {@code id, r, rn} → {@code id, acc}: self · r_j / rn when rn > 0, else 0 (all 0 when self ≤ 0). */
  static Dataset<Row> startAccumulator(Dataset<Row> in, double self, int d, StructType out) {
    return map(in, out, r -> {
      double[] v = r.getArray(1).toDoubleArray();
      double rn = r.getDouble(2);
      double[] acc = new double[d];
      if (self > 0) {
        for (int j = 0; j < d; j++) {
          acc[j] = rn > 0 ? v[j] * self / rn : 0.0;
        }
      }
      return row(r.getLong(0), acc);
    });
  }

  /** {@code id, r, l} → {@code id, x}: x_j = r_j · l. */
  static Dataset<Row> scaled(Dataset<Row> in, StructType out) {
    return map(in, out, r -> {
      double[] v = r.getArray(1).toDoubleArray();
      double l = r.getDouble(2);
      for (int j = 0; j < v.length; j++) {
        v[j] = v[j] * l;
      }
      return row(r.getLong(0), v);
    });
  }

  /**
   * {@code id, acc, x, norm} (x and norm null for a vertex without a propagated vector) → {@code id, acc}:
   * acc_j + α · x_j / norm when norm > 0, else acc_j + 0.
   */
  static Dataset<Row> accumulate(Dataset<Row> in, double alpha, StructType out) {
    return map(in, out, r -> {
      double[] acc = r.getArray(1).toDoubleArray();
      boolean has = !r.isNullAt(2) && !r.isNullAt(3) && r.getDouble(3) > 0;
      double norm = has ? r.getDouble(3) : 0.0;
      ArrayData x = has ? r.getArray(2) : null;
      for (int j = 0; j < acc.length; j++) {
        acc[j] = acc[j] + (has ? x.getDouble(j) * alpha / norm : 0.0);
      }
      return row(r.getLong(0), acc);
    });
  }

  /** {@code id, acc} → {@code id, out}: (acc_j − mean_j) / scale_j. */
  static Dataset<Row> standardize(Dataset<Row> in, double[] means, double[] scales, StructType out) {
    return map(in, out, r -> {
      double[] v = r.getArray(1).toDoubleArray();
      for (int j = 0; j < v.length; j++) {
        v[j] = (v[j] - means[j]) / scales[j];
      }
      return row(r.getLong(0), v);
    });
  }
}
