package dev.grasp.embedding.amg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.graph.Graph;
import dev.grasp.testing.TestGraphs;
import dev.grasp.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class AugmentedGraphTest {

  static Dataset<Row> attrs(Object... idAttrValue) {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < idAttrValue.length; k += 3) {
      rows.add(RowFactory.create(((Number) idAttrValue[k]).longValue(), idAttrValue[k + 1], idAttrValue[k + 2]));
    }
    StructType s = new StructType().add("id", DataTypes.LongType).add("attribute", DataTypes.StringType)
        .add("value", idAttrValue[2] instanceof String ? DataTypes.StringType : DataTypes.IntegerType);
    return TestSpark.get().createDataFrame(rows, s);
  }

  @Test
  void handExampleHasOneVertexPerValueAndOneEdgePerVertexAndAttribute() {
    Graph g = TestGraphs.graph(new long[] {1, 2, 2, 3, 3, 4, 2, 1});
    Dataset<Row> a = attrs(1, "color", "r", 2, "color", "r", 3, "color", "b", 4, "color", "b",
        1, "size", "S", 2, "size", "L", 3, "size", "L", 4, "size", "L");
    AugmentedGraph aug = AugmentedGraph.of(g, a, 0.25, false);
    // N + Σ|values| = 4 + (2 + 2); m·N = 2·4 attribute edges beside the 3 undirected structure pairs.
    assertEquals(8, aug.vertices().count());
    assertEquals(4, aug.values().count());
    assertEquals(8 + 3, aug.edges().count());
    assertEquals(8, aug.edges().filter("weight = 0.25").count());
    assertEquals(4, aug.values().filter("id < 0").select("id").distinct().count());
    List<Row> v1 = aug.memberships().filter("id = 1").select("valueId").join(aug.values().withColumnRenamed("id", "valueId"),
        "valueId").select("attribute", "value").orderBy("attribute").collectAsList();
    assertEquals("[[color,r], [size,S]]", v1.toString());
  }

  @Test
  void zeroWeightIsStructureOnly() {
    Graph g = TestGraphs.graph(new long[] {1, 2, 2, 3}, 9);
    AugmentedGraph aug = AugmentedGraph.of(g, attrs(1, "c", "x"), 0.0, false);
    assertEquals(4, aug.vertices().count());
    assertEquals(2, aug.edges().count());
  }

  @Test
  void numericAttributesAndBadWeightsAreRefused() {
    Graph g = TestGraphs.graph(new long[] {1, 2});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AugmentedGraph.of(g, attrs(1, "age", 31), 1.0, false));
    assertTrue(e.getMessage().contains("`value` must be a string"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AugmentedGraph.of(g, attrs(1, "c", "x"), -1.0, false));
    assertTrue(e.getMessage().contains("`attributeWeight`") && e.getMessage().contains("-1.0"), e.getMessage());
  }

  @Test
  void negativeOriginalIdThatClashesIsDetected() {
    // The clashing original id is taken from Spark's own hash of (c, x).
    Dataset<Row> a = attrs(1, "c", "x");
    long valueId = AugmentedGraph.of(TestGraphs.graph(new long[] {1, 2}), a, 1.0, false).values()
        .first().getLong(0);
    Graph g = TestGraphs.graph(new long[] {1, valueId});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AugmentedGraph.of(g, a, 1.0, false));
    assertTrue(e.getMessage().contains("collide"), e.getMessage());
  }

  @Test
  void binaryWordVectorsBecomeOneAttributePerPresentWord() {
    List<Row> rows = List.of(RowFactory.create(1L, new double[] {0, 1, 1}),
        RowFactory.create(2L, new double[] {1, 0, 0}));
    StructType s = new StructType().add("id", DataTypes.LongType)
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType));
    Dataset<Row> nodes = TestSpark.get().createDataFrame(rows, s);
    Dataset<Row> a = AugmentedGraph.fromBinaryFeatures(nodes, "id", "features");
    assertEquals("[[1,w1,1], [1,w2,1], [2,w0,1]]", a.orderBy("id", "attribute").collectAsList().toString());
  }
}
