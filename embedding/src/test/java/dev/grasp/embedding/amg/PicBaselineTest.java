package dev.grasp.embedding.amg;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grasp.graph.Graph;
import dev.grasp.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PicBaselineTest {

  /**
   * An 8-clique (ids 0–7) and a 5-clique (10–14) joined by the single edge 7–10, plus the isolated vertex 99. (Two
   * cliques of one size are mirror images: PIC's one-dimensional embedding cannot tell them apart.)
   */
  private static Graph twoCliques(SparkSession spark) {
    List<Row> edges = new ArrayList<>();
    for (int base : new int[] {0, 10}) {
      int size = base == 0 ? 8 : 5;
      for (int u = 0; u < size; u++) {
        for (int v = u + 1; v < size; v++) {
          edges.add(RowFactory.create((long) base + u, (long) base + v));
        }
      }
    }
    edges.add(RowFactory.create(7L, 10L));
    StructType schema = new StructType().add(Graph.SRC, DataTypes.LongType, false)
        .add(Graph.DST, DataTypes.LongType, false);
    Dataset<Row> e = spark.createDataFrame(edges, schema);
    Dataset<Row> v = e.select(col(Graph.SRC).as(Graph.ID)).union(e.select(col(Graph.DST).as(Graph.ID)))
        .union(spark.range(99, 100).select(col("id").as(Graph.ID))).distinct();
    return Graph.of(v, e);
  }

  @Test
  void separatesTwoCliquesIdenticallyForAnyInputPartitioning() {
    SparkSession spark = TestSpark.get();
    Graph g = twoCliques(spark);
    String first = null;
    for (int parts : new int[] {1, 3, 8}) {
      Graph split = Graph.of(g.vertices().repartition(parts), g.edges().repartition(parts));
      List<Row> rows = PicBaseline.run(split, null, 0.0, 2, 20, "degree", false).orderBy(Graph.ID).collectAsList();
      assertEquals(14, rows.size());
      // Every clique is one cluster, the two cliques differ; the isolated vertex (unseen by PIC) gets cluster 0.
      int a = rows.get(0).getInt(1);
      int b = rows.get(8).getInt(1);
      for (int k = 0; k < 13; k++) {
        assertEquals(k < 8 ? a : b, rows.get(k).getInt(1), "vertex " + rows.get(k).getLong(0) + " in " + rows);
      }
      assertEquals(1, Math.abs(a - b));
      assertEquals(99L, rows.get(13).getLong(0));
      assertEquals(0, rows.get(13).getInt(1));
      String s = rows.toString();
      if (first == null) {
        first = s;
      } else {
        assertEquals(first, s, parts + " input partitions");
      }
    }
  }

  @Test
  void partitionsAreSizedByTheEdgeCount() {
    SparkSession spark = TestSpark.get();
    int parallelism = spark.sparkContext().defaultParallelism();
    Dataset<Row> few = spark.range(10).select(col("id").as(Graph.SRC), col("id").as(Graph.DST), lit(1.0).as("w"));
    assertEquals(parallelism, PicBaseline.partitions(few));
    long m = 5 * PicBaseline.EDGES_PER_PARTITION + 1;
    Dataset<Row> many = spark.range(m).select(col("id").as(Graph.SRC), col("id").as(Graph.DST), lit(1.0).as("w"));
    assertEquals(Math.max(parallelism, 6), PicBaseline.partitions(many));
  }
}
