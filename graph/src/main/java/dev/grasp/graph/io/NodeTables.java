package dev.grasp.graph.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.Graph;
import dev.grasp.graph.io.Policies.IdType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Node tables: labels ({@code id label [label …]} per line, whitespace separated, several lines per node allowed) and
 * LINQS attribute files ({@code id<TAB>a1 … aK<TAB>class}, plain or {@code .gz}). Blank and {@code #} lines are
 * skipped; a malformed line fails with file:line and its text.
 */
public final class NodeTables {

  public static final String LABEL = "label";
  public static final String FEATURES = "features";

  private NodeTables() {}

  /**
   * Labels as {@code id: long, label: string}, one row per (node, label), distinct. With string ids the ids are
   * {@link IdMapping} hashes and a column {@code name} keeps the original.
   */
  public static Dataset<Row> labels(SparkSession spark, String path, IdType idType) {
    Dataset<Row> lines = TextLines.read(spark, path, "[ \t]+", false).filter(TextLines.data());
    Column fields = col(TextLines.FIELDS);
    Column idS = element_at(fields, 1);
    Column reason = when(size(fields).lt(2), "expected: id label [label …]");
    if (idType == IdType.LONG) {
      reason = reason.when(idS.rlike("^[+-]?[0-9]+$").unary_$bang().or(idS.cast(DataTypes.LongType).isNull()),
          "non-integer id");
    }
    Dataset<Row> parsed = lines.select(col(TextLines.FILE), col(TextLines.LINE), reason.as("reason"),
        idS.as("idS"), slice(fields, 2, Integer.MAX_VALUE).as("labels"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    TextLines.guard(path, () -> failOnBad(spark, path, parsed));
    Column id = idType == IdType.LONG ? col("idS").cast(DataTypes.LongType) : IdMapping.idOf(col("idS"));
    Dataset<Row> out = parsed.select(id.as(Graph.ID), col("idS").as(IdMapping.NAME), explode(col("labels")).as(LABEL));
    out = idType == IdType.LONG ? out.select(Graph.ID, LABEL).distinct() : out.distinct();
    if (TextLines.guard(path, out::isEmpty)) {
      throw new InputException(path + ": no labels");
    }
    return out;
  }

  /**
   * {@link #labels} with long ids read in the driver (no Spark job) when the files fit {@code maxBytes}
   * ({@link TextLines#readInDriver}): every node's labels, nodes in file order; null when the files are larger. The same
   * lines are accepted, and the first bad one fails with file:line and its text.
   */
  public static Map<Long, Set<String>> labelsInDriver(SparkSession spark, String path, long maxBytes) {
    return labelsInDriver(spark.sparkContext().hadoopConfiguration(), path, maxBytes);
  }

  /** {@link #labelsInDriver(SparkSession, String, long)} with the file systems of {@code conf}, no session needed. */
  public static Map<Long, Set<String>> labelsInDriver(Configuration conf, String path, long maxBytes) {
    List<TextLines.Local> lines = TextLines.readInDriver(conf, path, "[ \t]+", maxBytes);
    if (lines == null) {
      return null;
    }
    Map<Long, Set<String>> out = new LinkedHashMap<>();
    for (TextLines.Local l : lines) {
      String[] f = l.fields();
      if (f.length < 2) {
        throw InputException.atLine(GraphReader.displayName(l.file()), l.number(), "expected: id label [label …]",
            l.text());
      }
      Long id = integerId(f[0]);
      if (id == null) {
        throw InputException.atLine(GraphReader.displayName(l.file()), l.number(), "non-integer id", l.text());
      }
      Set<String> set = out.computeIfAbsent(id, k -> new LinkedHashSet<>());
      set.addAll(Arrays.asList(f).subList(1, f.length));
    }
    if (out.isEmpty()) {
      throw new InputException(path + ": no labels");
    }
    return out;
  }

  /** A decimal long as Spark's {@code cast} reads it after the readers' {@code ^[+-]?[0-9]+$} check; null if none. */
  static Long integerId(String s) {
    if (!s.matches("^[+-]?[0-9]+$")) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * A LINQS content file as {@code id: long, features: array<double>, label: string} (+ {@code name} with string ids).
   * Every line must have the same number of fields (≥ 3).
   */
  public static Dataset<Row> linqs(SparkSession spark, String path, IdType idType) {
    Dataset<Row> lines = TextLines.read(spark, path, "\t", false).filter(TextLines.data())
        .persist(StorageLevel.MEMORY_AND_DISK());
    Row shape = TextLines.guard(path, () -> lines.agg(min(size(col(TextLines.FIELDS))),
        max(size(col(TextLines.FIELDS))), count(lit(1))).first());
    if (shape.getLong(2) == 0) {
      throw new InputException(path + ": no attribute lines");
    }
    int lo = shape.getInt(0);
    int hi = shape.getInt(1);
    if (lo < 3 || lo != hi) {
      int expect = hi;
      Row bad = lines.filter(size(col(TextLines.FIELDS)).notEqual(expect).or(size(col(TextLines.FIELDS)).lt(3)))
          .select(TextLines.FILE, TextLines.LINE).first();
      long line = TextLines.locate(spark.sparkContext().hadoopConfiguration(), bad.getString(0), List.of(bad.getString(1)));
      throw InputException.atLine(GraphReader.displayName(bad.getString(0)), line,
          "LINQS lines need id, attributes and class separated by tabs, all with " + expect + " fields",
          bad.getString(1));
    }
    Column fields = col(TextLines.FIELDS);
    Column idS = element_at(fields, 1);
    Column feats = expr("transform(slice(fields, 2, size(fields) - 2), x -> cast(x as double))");
    Column reason = when(lit(true).equalTo(lit(false)), lit("never"));
    if (idType == IdType.LONG) {
      reason = reason.when(idS.rlike("^[+-]?[0-9]+$").unary_$bang().or(idS.cast(DataTypes.LongType).isNull()),
          "non-integer id");
    }
    reason = reason.when(expr("exists(transform(slice(fields, 2, size(fields) - 2), x -> cast(x as double)),"
        + " v -> v is null or isnan(v))"), "non-numeric attribute value");
    Dataset<Row> parsed = lines.select(col(TextLines.FILE), col(TextLines.LINE), reason.as("reason"), idS.as("idS"),
        feats.as(FEATURES), element_at(fields, -1).as(LABEL));
    TextLines.guard(path, () -> failOnBad(spark, path, parsed));
    Column id = idType == IdType.LONG ? col("idS").cast(DataTypes.LongType) : IdMapping.idOf(col("idS"));
    Dataset<Row> out = idType == IdType.LONG
        ? parsed.select(id.as(Graph.ID), col(FEATURES), col(LABEL))
        : parsed.select(id.as(Graph.ID), col("idS").as(IdMapping.NAME), col(FEATURES), col(LABEL));
    lines.unpersist();
    return out;
  }

  private static boolean failOnBad(SparkSession spark, String path, Dataset<Row> parsed) {
    List<Row> bad = parsed.filter(col("reason").isNotNull()).select(TextLines.FILE, TextLines.LINE, "reason")
        .limit(1).collectAsList();
    if (!bad.isEmpty()) {
      Row b = bad.get(0);
      long line = TextLines.locate(spark.sparkContext().hadoopConfiguration(), b.getString(0), List.of(b.getString(1)));
      throw InputException.atLine(GraphReader.displayName(b.getString(0)), line, b.getString(2), b.getString(1));
    }
    return true;
  }
}
