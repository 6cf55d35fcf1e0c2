package dev.grasp.testing;

import dev.grasp.graph.Graph;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small hand-made graphs for tests. */
public final class TestGraphs {

  private TestGraphs() {}

  public static final StructType EDGE_SCHEMA = new StructType()
      .add("src", DataTypes.LongType, false).add("dst", DataTypes.LongType, false);
  public static final StructType VERTEX_SCHEMA = new StructType().add("id", DataTypes.LongType, false);

  /**
   * A graph from (src, dst) pairs written flat: {@code edges(1,2, 2,3)} is 1→2, 2→3. Vertices are the endpoints plus
   * {@code isolated}.
   */
  public static Graph graph(long[] pairs, long... isolated) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("pairs must have even length");
    }
    List<Row> edges = new ArrayList<>();
    Set<Long> ids = new LinkedHashSet<>();
    for (int i = 0; i < pairs.length; i += 2) {
      edges.add(RowFactory.create(pairs[i], pairs[i + 1]));
      ids.add(pairs[i]);
      ids.add(pairs[i + 1]);
    }
    for (long v : isolated) {
      ids.add(v);
    }
    List<Row> vertices = new ArrayList<>();
    for (long v : ids) {
      vertices.add(RowFactory.create(v));
    }
    Dataset<Row> e = TestSpark.get().createDataFrame(edges, EDGE_SCHEMA);
    Dataset<Row> v = TestSpark.get().createDataFrame(vertices, VERTEX_SCHEMA);
    return Graph.of(v, e);
  }

  /** Shorthand for the flat pair array. */
  public static long[] pairs(long... flat) {
    return flat;
  }
}
