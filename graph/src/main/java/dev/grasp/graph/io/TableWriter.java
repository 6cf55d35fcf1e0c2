package dev.grasp.graph.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;

import dev.grasp.graph.Graph;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;

/**
 * Writes tables as Parquet, CSV (with header; an {@code array} column {@code x} of known length n becomes columns
 * {@code x0 … x(n-1)} or, with a prefix, {@code prefix0 …}) or SNAP edge lists ({@code src<TAB>dst[<TAB>weight]}).
 * Write into an {@link AtomicOutput} so the result appears whole.
 */
public final class TableWriter {

  /** Output formats. */
  public enum Format { PARQUET, CSV, SNAP }

  private TableWriter() {}

  /** Parses a format name, naming {@code param} on error. */
  public static Format format(String param, String value) {
    return Policies.parse(Format.class, param, value);
  }

  /** Writes {@code df} at {@code path} in {@code format}; SNAP takes an edge table. */
  public static void write(Dataset<Row> df, String path, Format format) {
    switch (format) {
      case PARQUET -> df.write().mode(SaveMode.ErrorIfExists).parquet(path);
      case CSV -> flattenArrays(df).write().mode(SaveMode.ErrorIfExists).option("header", "true").csv(path);
      case SNAP -> {
        List<Column> cols = new ArrayList<>(List.of(col(Graph.SRC), col(Graph.DST)));
        if (List.of(df.columns()).contains(Graph.WEIGHT)) {
          cols.add(col(Graph.WEIGHT));
        }
        df.select(concat_ws("\t", cols.toArray(new Column[0])).as("value"))
            .write().mode(SaveMode.ErrorIfExists).text(path);
      }
      default -> throw new IllegalStateException(format.toString());
    }
  }

  /** The CSV column prefix of an array column: {@code v} for embeddings, {@code h} for hyperbolic ones, else its name. */
  static String csvPrefix(String column) {
    return switch (column) {
      case "embedding" -> "v";
      case "hyperbolic" -> "h";
      default -> column;
    };
  }

  /**
   * Replaces each array column by one column per element ({@code name0, name1, …}); the length is read from the
   * first row (all rows of an embedding have the same length). Other columns are kept in order.
   */
  public static Dataset<Row> flattenArrays(Dataset<Row> df) {
    List<Column> out = new ArrayList<>();
    Row first = null;
    boolean firstLoaded = false;
    for (StructField f : df.schema().fields()) {
      if (f.dataType() instanceof ArrayType) {
        if (!firstLoaded) {
          first = df.isEmpty() ? null : df.first();
          firstLoaded = true;
        }
        int n = first == null || first.isNullAt(first.fieldIndex(f.name())) ? 0
            : first.getList(first.fieldIndex(f.name())).size();
        String prefix = csvPrefix(f.name());
        for (int i = 0; i < n; i++) {
          out.add(col(f.name()).getItem(i).as(prefix + i));
        }
      } else {
        out.add(col(f.name()));
      }
    }
    return df.select(out.toArray(new Column[0]));
  }
}
