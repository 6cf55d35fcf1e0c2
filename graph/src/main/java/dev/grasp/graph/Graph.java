package dev.grasp.graph;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * A directed graph as two DataFrames, in the GraphFrames data model: vertices with a {@code long} column {@code id},
 * edges with {@code long} columns {@code src} and {@code dst}, an optional {@code double} column {@code weight}; any
 * other column is an attribute and travels unchanged.
 *
 * <p>Use {@link #of} (or {@link #fromEdges}) rather than the canonical constructor: the factory checks the columns and
 * their types and normalises integer ids to {@code long} and numeric weights to {@code double}, so that a
 * GraphFrame's {@code vertices()}/{@code edges()} can be passed unchanged. String ids are mapped to longs by
 * {@link dev.grasp.graph.io.IdMapping}.
 *
 * @param vertices one row per vertex, column {@code id} (long), plus attributes
 * @param edges one row per edge, columns {@code src}, {@code dst} (long), optional {@code weight} (double)
 */
public record Graph(Dataset<Row> vertices, Dataset<Row> edges) {

  public static final String ID = "id";
  public static final String SRC = "src";
  public static final String DST = "dst";
  public static final String WEIGHT = "weight";

  public Graph {
    Objects.requireNonNull(vertices, "vertices");
    Objects.requireNonNull(edges, "edges");
  }

  /** Validates and normalises a vertex and an edge DataFrame into a graph; errors name the columns found. */
  public static Graph of(Dataset<Row> vertices, Dataset<Row> edges) {
    Dataset<Row> v = normaliseId(vertices, "vertices", ID);
    Dataset<Row> e = normaliseId(normaliseId(edges, "edges", SRC), "edges", DST);
    if (Arrays.asList(e.columns()).contains(WEIGHT)) {
      DataType t = e.schema().apply(WEIGHT).dataType();
      if (!(t instanceof NumericType)) {
        throw new IllegalArgumentException(
            "edges column `weight` must be numeric, found " + t.simpleString() + " in " + describe(e));
      }
      if (!t.equals(DataTypes.DoubleType)) {
        e = e.withColumn(WEIGHT, col(WEIGHT).cast(DataTypes.DoubleType));
      }
    }
    return new Graph(v, e);
  }

  /** A graph whose vertex set is every id that appears as {@code src} or {@code dst} of an edge. */
  public static Graph fromEdges(Dataset<Row> edges) {
    Dataset<Row> e = normaliseId(normaliseId(edges, "edges", SRC), "edges", DST);
    Dataset<Row> v = e.select(col(SRC).as(ID)).union(e.select(col(DST).as(ID))).distinct();
    return of(v, e);
  }

  /** Whether the edges carry a {@code weight} column. */
  public boolean hasWeight() {
    return Arrays.asList(edges.columns()).contains(WEIGHT);
  }

  /** Edge weights as a column: {@code weight} when present, else the constant 1.0. */
  public Column weightOrOne() {
    return hasWeight() ? col(WEIGHT) : org.apache.spark.sql.functions.lit(1.0);
  }

  /** The same vertices with other edges (validated). */
  public Graph withEdges(Dataset<Row> newEdges) {
    return of(vertices, newEdges);
  }

  /** Persists both DataFrames at the given level and returns this graph. */
  public Graph persist(StorageLevel level) {
    vertices.persist(level);
    edges.persist(level);
    return this;
  }

  /** Releases both DataFrames from the cache. */
  public void unpersist() {
    vertices.unpersist(false);
    edges.unpersist(false);
  }

  public long numVertices() {
    return vertices.count();
  }

  public long numEdges() {
    return edges.count();
  }

  private static Dataset<Row> normaliseId(Dataset<Row> df, String what, String column) {
    if (!Arrays.asList(df.columns()).contains(column)) {
      throw new IllegalArgumentException(
          what + " must have a column `" + column + "`; found " + describe(df));
    }
    StructField f = df.schema().apply(column);
    DataType t = f.dataType();
    if (t.equals(DataTypes.LongType)) {
      return df;
    }
    if (t.equals(DataTypes.IntegerType) || t.equals(DataTypes.ShortType) || t.equals(DataTypes.ByteType)) {
      return df.withColumn(column, col(column).cast(DataTypes.LongType));
    }
    throw new IllegalArgumentException(
        what + " column `" + column + "` must be an integer type (long, int), found " + t.simpleString()
            + " in " + describe(df) + "; map string ids with dev.grasp.graph.io.IdMapping");
  }

  private static String describe(Dataset<Row> df) {
    StringBuilder sb = new StringBuilder("[");
    for (StructField f : df.schema().fields()) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(f.name()).append(": ").append(f.dataType().simpleString());
    }
    return sb.append(']').toString();
  }
}
