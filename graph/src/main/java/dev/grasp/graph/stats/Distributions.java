package dev.grasp.graph.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Empirical distributions as value → mass tables: built on Spark as a distinct-value table (only that small table
 * is collected), handled on the driver as a sorted map. Masses are counts or non-negative weights; nothing here
 * assumes they sum to one.
 *
 * <p>Output of {@link #valueCounts}: {@code value: double, count: long}; O(|rows|) with one shuffle.
 */
public final class Distributions {

  public static final String VALUE = "value";
  public static final String COUNT = "count";

  private Distributions() {}

  /** How many rows hold each non-null value of {@code column}: {@code value: double, count: long}. */
  public static Dataset<Row> valueCounts(Dataset<Row> df, String column) {
    return df.filter(col(column).isNotNull())
        .groupBy(col(column).cast(DataTypes.DoubleType).as(VALUE))
        .agg(count(lit(1)).as(COUNT));
  }

  /**
   * The mass of each value of {@code valueColumn}, weighted by {@code weightColumn} (e.g. a {@code size, count}
   * table read as "count components of this size"): {@code value: double, count: double}.
   */
  public static Dataset<Row> weightedValueCounts(Dataset<Row> df, String valueColumn, String weightColumn) {
    return df.filter(col(valueColumn).isNotNull())
        .groupBy(col(valueColumn).cast(DataTypes.DoubleType).as(VALUE))
        .agg(sum(col(weightColumn).cast(DataTypes.DoubleType)).as(COUNT));
  }

  /** Collects a (value, mass) table to a sorted map; masses of equal values are added. */
  public static NavigableMap<Double, Double> collect(Dataset<Row> table, String valueColumn, String massColumn) {
    NavigableMap<Double, Double> out = new TreeMap<>();
    for (Row r : table.select(col(valueColumn).cast(DataTypes.DoubleType),
        col(massColumn).cast(DataTypes.DoubleType)).collectAsList()) {
      if (!r.isNullAt(0) && !r.isNullAt(1)) {
        out.merge(r.getDouble(0), r.getDouble(1), Double::sum);
      }
    }
    return out;
  }

  /** {@link #collect} of a {@link #valueCounts} table. */
  public static NavigableMap<Double, Double> collect(Dataset<Row> valueCounts) {
    return collect(valueCounts, VALUE, COUNT);
  }

  /** A copy of {@code masses} as a sorted double → double map, checking that every mass is finite and ≥ 0. */
  public static NavigableMap<Double, Double> of(Map<? extends Number, ? extends Number> masses) {
    NavigableMap<Double, Double> out = new TreeMap<>();
    for (Map.Entry<? extends Number, ? extends Number> e : masses.entrySet()) {
      double m = e.getValue().doubleValue();
      if (!(m >= 0) || Double.isInfinite(m)) {
        throw new IllegalArgumentException(
            "`masses` must be finite and >= 0, got " + m + " at value " + e.getKey());
      }
      out.merge(e.getKey().doubleValue(), m, Double::sum);
    }
    return out;
  }

  /** Total mass. */
  public static double total(Map<Double, Double> masses) {
    double t = 0;
    for (double m : masses.values()) {
      t += m;
    }
    return t;
  }

  /** The empirical CDF at each support point, F(x) = P(X ≤ x); empty for zero total mass. */
  public static NavigableMap<Double, Double> cdf(Map<? extends Number, ? extends Number> masses) {
    NavigableMap<Double, Double> m = of(masses);
    double total = total(m);
    NavigableMap<Double, Double> out = new TreeMap<>();
    if (total == 0) {
      return out;
    }
    double acc = 0;
    for (Map.Entry<Double, Double> e : m.entrySet()) {
      acc += e.getValue();
      out.put(e.getKey(), Math.min(1.0, acc / total));
    }
    return out;
  }

  /** The complementary CDF at each support point, P(X ≥ x) — what log-log degree plots show. */
  public static NavigableMap<Double, Double> ccdf(Map<? extends Number, ? extends Number> masses) {
    NavigableMap<Double, Double> m = of(masses);
    double total = total(m);
    NavigableMap<Double, Double> out = new TreeMap<>();
    if (total == 0) {
      return out;
    }
    double remaining = total;
    for (Map.Entry<Double, Double> e : m.entrySet()) {
      out.put(e.getKey(), Math.max(0.0, remaining / total));
      remaining -= e.getValue();
    }
    return out;
  }
}
