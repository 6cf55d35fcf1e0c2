package dev.grasp.graph.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a table held in the driver as {@link TableWriter} writes a DataFrame of the same rows, without a Spark session
 * or job: one part file and a {@code _SUCCESS} marker in a new folder. Parquet goes through Spark's own row writer
 * ({@code ParquetWriteSupport}: the same Parquet schema, encodings, snappy compression and Spark schema metadata as
 * a Spark write), so any reader sees the same rows and types. CSV has the header and the text Spark's CSV writer
 * gives (array columns flattened as {@link TableWriter#flattenArrays}; values as Java's {@code toString}; null empty).
 * The driver CSV writer takes numeric and boolean columns and arrays of them. {@link #readLongs} reads small integer
 * tables back the same way.
 */
public final class DriverTables {

  /** Rows {@code 0 … count-1} of a table, made one at a time. */
  public record Rows(StructType schema, int count, IntFunction<InternalRow> row) {}

  private DriverTables() {}

  /** Writes {@code rows} at {@code path} (which must not exist) in {@code format} (Parquet or CSV). */
  public static void write(Configuration conf, Rows rows, String path, TableWriter.Format format) {
    Path dir = new Path(path);
    String part = "part-00000-" + UUID.randomUUID() + "-c000";
    try {
      FileSystem fs = FileSystems.of(dir, conf);
      if (fs.exists(dir)) {
        throw new IllegalArgumentException("path " + dir + " already exists");
      }
      if (!fs.mkdirs(dir)) {
        throw new IllegalArgumentException("cannot create " + dir);
      }
      switch (format) {
        case PARQUET -> parquet(conf, rows, new Path(dir, part + ".snappy.parquet"));
        case CSV -> csv(fs, rows, new Path(dir, part + ".csv"));
        default -> throw new IllegalArgumentException("the driver writes parquet or csv tables, not " + format);
      }
      fs.create(new Path(dir, "_SUCCESS"), false).close();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Integer columns {@code names} of a small table (a file or a folder of part files, Parquet or CSV with a header, as
   * {@link TableWriter} writes them) read in the driver without Spark: {@code out[k][row]} is column {@code names[k]}.
   * Null when the files hold more than {@code maxBytes} / 4 bytes, a column is missing, or a value is null or not an
   * integer (the caller then reads with Spark, which decides).
   */
  public static long[][] readLongs(Configuration conf, String path, long maxBytes, String... names) {
    List<org.apache.hadoop.fs.FileStatus> files = new ArrayList<>(TextLines.requireExists(conf, path));
    files.sort(java.util.Comparator.comparing(f -> f.getPath().toString()));
    if (TextLines.readBytes(conf, files) > maxBytes / 4) {
      return null;
    }
    boolean csv = files.stream().anyMatch(f -> f.getPath().getName().endsWith(".csv"));
    List<long[]> rows = new ArrayList<>();
    for (org.apache.hadoop.fs.FileStatus f : files) {
      String n = f.getPath().getName();
      boolean ok = csv ? !n.endsWith(".csv") || csvLongs(conf, f.getPath(), names, rows)
          : parquetLongs(conf, f.getPath(), names, rows);
      if (!ok) {
        return null;
      }
    }
    long[][] out = new long[names.length][rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      for (int k = 0; k < names.length; k++) {
        out[k][r] = rows.get(r)[k];
      }
    }
    return out;
  }

  private static boolean csvLongs(Configuration conf, Path file, String[] names, List<long[]> rows) {
    try (java.io.BufferedReader r = TextLines.open(conf, file)) {
      String header = r.readLine();
      if (header == null) {
        return true;
      }
      List<String> cols = java.util.Arrays.asList(header.replaceFirst("^\uFEFF", "").split(",", -1));
      int[] at = new int[names.length];
      for (int k = 0; k < names.length; k++) {
        at[k] = cols.indexOf(names[k]);
        if (at[k] < 0) {
          return false;
        }
      }
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        String[] f = l.split(",", -1);
        if (f.length != cols.size()) {
          return false;
        }
        long[] row = new long[names.length];
        for (int k = 0; k < names.length; k++) {
          Long v = NodeTables.integerId(f[at[k]].trim());
          if (v == null) {
            return false;
          }
          row[k] = v;
        }
        rows.add(row);
      }
      return true;
    } catch (IOException e) {
      throw new InputException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  private static boolean parquetLongs(Configuration conf, Path file, String[] names, List<long[]> rows) {
    return parquetRows(conf, file, g -> {
      long[] row = new long[names.length];
      for (int k = 0; k < names.length; k++) {
        Long v = integer(g, names[k]);
        if (v == null) {
          return false;
        }
        row[k] = v;
      }
      rows.add(row);
      return true;
    });
  }

  /**
   * Hands every record of one Parquet file to {@code row} (Parquet's generic records, as any writer wrote them); false
   * as soon as {@code row} declines one. A file that cannot be read fails naming it.
   */
  static boolean parquetRows(Configuration conf, Path file, java.util.function.Predicate<Group> row) {
    try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
      for (Group g = r.read(); g != null; g = r.read()) {
        if (!row.test(g)) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      throw new InputException(file + ": cannot read Parquet (" + e.getMessage() + ")", e);
    }
  }

  /** An INT64 or INT32 field of a Parquet record; null when it is missing, null or of another type. */
  static Long integer(Group g, String field) {
    if (!g.getType().containsField(field) || g.getFieldRepetitionCount(field) == 0
        || !g.getType().getType(field).isPrimitive()) {
      return null;
    }
    return switch (g.getType().getType(field).asPrimitiveType().getPrimitiveTypeName()) {
      case INT64 -> g.getLong(field, 0);
      case INT32 -> (long) g.getInteger(field, 0);
      default -> null;
    };
  }

  private static void parquet(Configuration base, Rows rows, Path file) throws IOException {
    Configuration conf = new Configuration(base);
    conf.set(ParquetWriteSupport.SPARK_ROW_SCHEMA(), rows.schema().json());
    // the settings Spark's parquet source passes its writer (Spark's defaults)
    conf.set("spark.sql.parquet.writeLegacyFormat", "false");
    conf.set("spark.sql.parquet.outputTimestampType", "INT96");
    conf.set("spark.sql.parquet.fieldId.write.enabled", "true");
    // dense float vectors rarely repeat: a dictionary attempt costs a hash per value before Parquet falls back
    conf.setBoolean("parquet.enable.dictionary", false);
    try (ParquetWriter<InternalRow> w = new RowWriter(file).withConf(conf)
        .withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.CREATE).build()) {
      for (int i = 0; i < rows.count(); i++) {
        w.write(rows.row().apply(i));
      }
    }
  }

  /** A parquet writer of Spark's internal rows. */
  private static final class RowWriter extends ParquetWriter.Builder<InternalRow, RowWriter> {
    RowWriter(Path file) {
      super(file);
    }

    @Override
    protected RowWriter self() {
      return this;
    }

    @Override
    protected WriteSupport<InternalRow> getWriteSupport(Configuration conf) {
      return new ParquetWriteSupport();
    }
  }

  private static void csv(FileSystem fs, Rows rows, Path file) throws IOException {
    StructField[] fields = rows.schema().fields();
    int[] widths = new int[fields.length];
    InternalRow first = rows.count() > 0 ? rows.row().apply(0) : null;
    List<String> header = new ArrayList<>();
    for (int c = 0; c < fields.length; c++) {
      DataType t = fields[c].dataType();
      if (t instanceof ArrayType at) {
        requireCsvType(fields[c], at.elementType());
        widths[c] = first == null || first.isNullAt(c) ? 0 : first.getArray(c).numElements();
        for (int k = 0; k < widths[c]; k++) {
          header.add(TableWriter.csvPrefix(fields[c].name()) + k);
        }
      } else {
        requireCsvType(fields[c], t);
        widths[c] = -1;
        header.add(fields[c].name());
      }
    }
    try (Writer out = new BufferedWriter(new OutputStreamWriter(fs.create(file, false), StandardCharsets.UTF_8),
        1 << 16)) {
      if (rows.count() > 0) {
        out.write(String.join(",", header));
        out.write('\n');
      }
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < rows.count(); i++) {
        InternalRow r = i == 0 ? first : rows.row().apply(i);
        line.setLength(0);
        for (int c = 0; c < fields.length; c++) {
          if (widths[c] < 0) {
            sep(line, c);
            if (r.isNullAt(c)) {
              continue;
            }
            // the primitive appends write what String.valueOf of the boxed value writes
            DataType t = fields[c].dataType();
            if (t instanceof LongType) {
              line.append(r.getLong(c));
            } else if (t instanceof IntegerType) {
              line.append(r.getInt(c));
            } else {
              line.append(r.get(c, t));
            }
            continue;
          }
          DataType et = ((ArrayType) fields[c].dataType()).elementType();
          ArrayData a = r.isNullAt(c) ? null : r.getArray(c);
          for (int k = 0; k < widths[c]; k++) {
            sep(line, c == 0 && k == 0 ? 0 : 1);
            // as Spark's `col.getItem(k)`: null past the end or at a null element
            if (a != null && k < a.numElements() && !a.isNullAt(k)) {
              line.append(a.get(k, et));
            }
          }
        }
        line.append('\n');
        out.append(line);
      }
    }
  }

  private static void sep(StringBuilder line, int column) {
    if (column > 0) {
      line.append(',');
    }
  }

  private static void requireCsvType(StructField f, DataType t) {
    if (!(t instanceof LongType || t instanceof IntegerType || t instanceof DoubleType || t instanceof FloatType
        || t instanceof BooleanType)) {
      throw new IllegalArgumentException("the driver CSV writer takes numeric and boolean columns; `" + f.name()
          + "` is " + f.dataType().simpleString());
    }
  }
}
