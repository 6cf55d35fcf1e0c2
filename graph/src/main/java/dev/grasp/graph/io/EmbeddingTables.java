package dev.grasp.graph.io;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

import dev.grasp.graph.Graph;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;

/**
 * Embedding tables as {@code grasp embed} and {@code grasp rescale} write them: parquet {@code id, embedding} or CSV
 * with a header {@code id,v0,…} (embed), parquet {@code id, radius, h} or CSV {@code id,radius,h0,…} (rescale: points
 * of the Poincaré ball); other columns are ignored. The format follows the file names (a {@code .csv}/{@code .csv.gz} file, or a folder
 * holding such part files, is CSV); anything else is parquet. A command's output folder ({@code D} with
 * {@code D/embeddings} and {@code D/report.json}) may be given for its table.
 */
public final class EmbeddingTables {

  private EmbeddingTables() {}

  /** The vector columns a table may hold, in the order they are looked for: embed's, then rescale's. */
  public static final List<String> VECTOR_COLUMNS = List.of("embedding", "h");

  /** A table read by Spark ({@code id long, embedding array<double>}) and the column its vectors came from. */
  public record Table(Dataset<Row> rows, String source) {}

  /** The table as {@code id long, embedding array<double>} (a CSV's v-columns cast to double). */
  public static Dataset<Row> read(SparkSession spark, String given) {
    return readTable(spark, given).rows();
  }

  /**
   * The table as {@code id long, embedding array<double>}, from its first vector column of {@link #VECTOR_COLUMNS}
   * (parquet arrays, or CSV columns {@code v0,…} / {@code h0,…} cast to double), and that column's name.
   */
  public static Table readTable(SparkSession spark, String given) {
    String path = table(spark, given);
    Dataset<Row> df = isCsv(spark, path)
        ? spark.read().option("header", "true").option("inferSchema", "true").csv(path)
        : spark.read().parquet(path);
    List<String> cols = Arrays.asList(df.columns());
    for (String name : VECTOR_COLUMNS) {
      if (cols.contains(name) && df.schema().apply(name).dataType() instanceof ArrayType) {
        return new Table(df.select(col(Graph.ID).cast("long").as(Graph.ID), col(name).as("embedding")), name);
      }
    }
    for (String name : VECTOR_COLUMNS) {
      String prefix = TableWriter.csvPrefix(name);
      List<Column> v = new ArrayList<>();
      for (int i = 0; cols.contains(prefix + i); i++) {
        v.add(col(prefix + i).cast("double"));
      }
      if (!v.isEmpty()) {
        return new Table(df.select(col(Graph.ID).cast("long").as(Graph.ID),
            array(v.toArray(new Column[0])).as("embedding")), name);
      }
    }
    throw new IllegalArgumentException(SHAPE + ", found " + Arrays.toString(df.columns()) + " in " + path);
  }

  private static final String SHAPE = "`--embeddings` must hold id + embedding or h (parquet) or id,v0,… or id,h0,… "
      + "(CSV)";

  /**
   * Embeddings held in the driver: {@code x[i]} is the vector of {@code ids[i]}, rows in file order; {@code source}
   * the column of {@link #VECTOR_COLUMNS} they came from.
   */
  public record Local(long[] ids, double[][] x, String source) {}

  /** {@link #inDriver(Configuration, String, long)} with the session's file systems. */
  public static Local inDriver(SparkSession spark, String given, long maxBytes) {
    return inDriver(spark.sparkContext().hadoopConfiguration(), given, maxBytes);
  }

  /**
   * The table read in the driver without Spark when its files fit {@code maxBytes} (a parsed value takes about as
   * much as its text or its Parquet bytes, see {@link TextLines#readInDriver}); null for larger files, repeated ids,
   * and Parquet whose {@code embedding} is not a list of numbers with an id in every row; the caller then reads with
   * {@link #read}. A CSV line whose id is not an integer or whose values are not numbers fails with file:line and its
   * text (the Spark read would turn them into nulls).
   */
  public static Local inDriver(Configuration conf, String given, long maxBytes) {
    String path = table(conf, given);
    boolean csv = isCsv(conf, path);
    List<FileStatus> files = new ArrayList<>(TextLines.requireExists(conf, path));
    files.sort(java.util.Comparator.comparing(f -> f.getPath().toString()));
    if (TextLines.readBytes(conf, files) > maxBytes / 4) {
      return null;
    }
    List<Long> ids = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    String[] source = new String[1];
    for (FileStatus f : files) {
      String name = f.getPath().getName();
      if (csv && (name.endsWith(".csv") || name.endsWith(".csv.gz"))) {
        readCsv(conf, f.getPath(), path, ids, rows, source);
      } else if (!csv && !readParquet(conf, f.getPath(), ids, rows, source)) {
        return null;
      }
    }
    Set<Long> seen = new HashSet<>();
    for (long id : ids) {
      if (!seen.add(id)) {
        return null;
      }
    }
    return new Local(ids.stream().mapToLong(Long::longValue).toArray(), rows.toArray(new double[0][]),
        source[0] != null ? source[0] : VECTOR_COLUMNS.get(0));
  }

  /**
   * Appends the rows of one Parquet file ({@code id} integer, a vector column of {@link #VECTOR_COLUMNS} a list of
   * float or double, as Spark writes them; {@code source[0]} records which, the same in every file); false when the
   * file has another shape or a null id, vector or element.
   */
  private static boolean readParquet(Configuration conf, Path file, List<Long> ids, List<double[]> rows,
      String[] source) {
    return DriverTables.parquetRows(conf, file, g -> {
      Long id = DriverTables.integer(g, Graph.ID);
      String column = null;
      for (String name : VECTOR_COLUMNS) {
        if (column == null && g.getType().containsField(name) && !g.getType().getType(name).isPrimitive()) {
          column = name;
        }
      }
      if (id == null || column == null || g.getFieldRepetitionCount(column) == 0
          || (source[0] != null && !source[0].equals(column))) {
        return false;
      }
      source[0] = column;
      double[] x = vector(g.getGroup(column, 0));
      if (x == null) {
        return false;
      }
      ids.add(id);
      rows.add(x);
      return true;
    });
  }

  /** A Parquet list (three-level {@code list/element}, or two-level) of floats or doubles; null otherwise. */
  private static double[] vector(Group list) {
    GroupType lt = list.getType();
    if (lt.getFieldCount() != 1) {
      return null;
    }
    int n = list.getFieldRepetitionCount(0);
    double[] x = new double[n];
    for (int k = 0; k < n; k++) {
      Group holder = list;
      int field = 0;
      int index = k;
      if (!lt.getType(0).isPrimitive()) {
        holder = list.getGroup(0, k);
        if (holder.getType().getFieldCount() != 1 || holder.getFieldRepetitionCount(0) == 0) {
          return null; // another shape, or a null element
        }
        index = 0;
      }
      Type et = holder.getType().getType(field);
      if (!et.isPrimitive()) {
        return null;
      }
      switch (et.asPrimitiveType().getPrimitiveTypeName()) {
        case DOUBLE -> x[k] = holder.getDouble(field, index);
        case FLOAT -> x[k] = holder.getFloat(field, index);
        default -> {
          return null;
        }
      }
    }
    return x;
  }

  private static void readCsv(Configuration conf, Path file, String path, List<Long> ids, List<double[]> rows,
      String[] source) {
    String name = GraphReader.displayName(file.toString());
    try (BufferedReader r = TextLines.open(conf, file)) {
      String header = r.readLine();
      if (header == null) {
        return;
      }
      List<String> cols = Arrays.asList(header.replaceFirst("^\uFEFF", "").split(",", -1));
      int idCol = cols.indexOf(Graph.ID);
      List<Integer> v = new ArrayList<>();
      String column = null;
      for (String c : VECTOR_COLUMNS) {
        String prefix = TableWriter.csvPrefix(c);
        if (cols.contains(prefix + "0")) {
          column = c;
          for (int i = 0; cols.contains(prefix + i); i++) {
            v.add(cols.indexOf(prefix + i));
          }
          break;
        }
      }
      if (idCol < 0 || v.isEmpty()) {
        throw new IllegalArgumentException(SHAPE + ", found " + cols + " in " + path);
      }
      if (source[0] != null && !source[0].equals(column)) {
        throw new IllegalArgumentException("`--embeddings` part files differ in their vector columns (" + source[0]
            + " and " + column + ") in " + path);
      }
      source[0] = column;
      long n = 1;
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        n++;
        if (l.isEmpty()) {
          continue;
        }
        String[] f = l.split(",", -1);
        if (f.length != cols.size()) {
          throw InputException.atLine(name, n, "expected " + cols.size() + " comma-separated fields", l);
        }
        Long id = NodeTables.integerId(f[idCol].trim());
        if (id == null) {
          throw InputException.atLine(name, n, "non-integer id", l);
        }
        double[] x = new double[v.size()];
        for (int j = 0; j < x.length; j++) {
          try {
            x[j] = Double.parseDouble(f[v.get(j)]);
          } catch (NumberFormatException e) {
            throw InputException.atLine(name, n, "non-numeric value of " + TableWriter.csvPrefix(column) + j, l);
          }
        }
        ids.add(id);
        rows.add(x);
      }
    } catch (IOException e) {
      throw new InputException(path + ": truncated or corrupt compressed input (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The table inside a {@code grasp embed} output directory ({@code D/embeddings}, next to {@code D/report.json}), so
   * that {@code --embeddings D} and {@code --embeddings D/embeddings} both work; any other path is returned as is.
   */
  static String table(SparkSession spark, String path) {
    return table(spark.sparkContext().hadoopConfiguration(), path);
  }

  static String table(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = FileSystems.of(p, conf);
      Path inner = new Path(p, "embeddings");
      if (fs.exists(inner) && fs.getFileStatus(inner).isDirectory() && fs.exists(new Path(p, "report.json"))) {
        return inner.toString();
      }
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list `--embeddings` " + path, e);
    }
  }

  private static boolean isCsv(SparkSession spark, String path) {
    return isCsv(spark.sparkContext().hadoopConfiguration(), path);
  }

  private static boolean isCsv(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = FileSystems.of(p, conf);
      if (!fs.exists(p)) {
        throw new IllegalArgumentException("`--embeddings` does not exist: " + path);
      }
      if (fs.getFileStatus(p).isFile()) {
        return csvName(p.getName());
      }
      for (FileStatus f : fs.listStatus(p)) {
        if (f.isFile() && csvName(f.getPath().getName())) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list `--embeddings` " + path, e);
    }
  }

  private static boolean csvName(String name) {
    return name.endsWith(".csv") || name.endsWith(".csv.gz");
  }
}
