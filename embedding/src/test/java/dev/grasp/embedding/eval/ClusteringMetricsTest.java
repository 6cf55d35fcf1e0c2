package dev.grasp.embedding.eval;

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

class ClusteringMetricsTest {

  /** Two triangles joined by the edge 3–4, plus a reversed duplicate 2→1 and a self-loop 1→1 (both ignored). */
  static Graph twoTriangles() {
    return TestGraphs.graph(new long[] {1, 2, 2, 3, 1, 3, 3, 4, 4, 5, 5, 6, 4, 6, 2, 1, 1, 1});
  }

  static Dataset<Row> table(String name, Object... idValue) {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < idValue.length; k += 2) {
      rows.add(RowFactory.create(((Number) idValue[k]).longValue(), idValue[k + 1]));
    }
    StructType s = new StructType().add("id", DataTypes.LongType)
        .add(name, idValue[1] instanceof String ? DataTypes.StringType : DataTypes.IntegerType);
    return TestSpark.get().createDataFrame(rows, s);
  }

  static Dataset<Row> attributes(String... idAttrValue) {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < idAttrValue.length; k += 3) {
      rows.add(RowFactory.create(Long.parseLong(idAttrValue[k]), idAttrValue[k + 1], idAttrValue[k + 2]));
    }
    StructType s = new StructType().add("id", DataTypes.LongType).add("attribute", DataTypes.StringType)
        .add("value", DataTypes.StringType);
    return TestSpark.get().createDataFrame(rows, s);
  }

  @Test
  void modularityAndDensityMatchHandValues() {
    Dataset<Row> c = table("cluster", 1, 0, 2, 0, 3, 0, 4, 1, 5, 1, 6, 1);
    // m = 7, intra = 6, D_0 = D_1 = 7: Q = 6/7 − 2·(7/14)² = 0.357142857…
    assertEquals(6.0 / 7 - 0.5, ClusteringMetrics.modularity(twoTriangles(), c, false), 1e-12);
    assertEquals(6.0 / 7, ClusteringMetrics.density(twoTriangles(), c), 1e-12);
    Dataset<Row> one = table("cluster", 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0);
    assertEquals(0.0, ClusteringMetrics.modularity(twoTriangles(), one, false), 1e-12);
  }

  @Test
  void driverModularityHasTheSparkBits() {
    dev.grasp.graph.stats.LocalGraph g = dev.grasp.graph.stats.LocalGraph.collect(twoTriangles(), 1L << 20);
    int[] byPosition = new int[g.vertices()];
    int[] cluster = {0, 0, 0, 1, 1, 1}; // ids 1..6
    for (int v = 0; v < byPosition.length; v++) {
      byPosition[v] = cluster[(int) g.id(v) - 1];
    }
    double spark = ClusteringMetrics.modularity(twoTriangles(), table("cluster", 1, 0, 2, 0, 3, 0, 4, 1, 5, 1, 6, 1),
        false);
    assertEquals(6.0 / 7 - 0.5, ClusteringMetrics.modularity(g, byPosition), 1e-15);
    assertEquals(Double.doubleToLongBits(spark), Double.doubleToLongBits(ClusteringMetrics.modularity(g, byPosition)));
    for (int v = 0; v < byPosition.length; v++) {
      byPosition[v] = g.id(v) == 1 ? 1 : cluster[(int) g.id(v) - 1];
    }
    // vertex 1 joins {4, 5, 6}: intra 2-3, 4-5, 5-6, 4-6 = 4; D_0 = 2 + 3 = 5, D_1 = 2 + 3 + 2 + 2 = 9
    double moved = ClusteringMetrics.modularity(g, byPosition);
    assertEquals(4.0 / 7 - (25.0 + 81.0) / 196, moved, 1e-15);
    assertEquals(Double.doubleToLongBits(ClusteringMetrics.modularity(twoTriangles(),
        table("cluster", 1, 1, 2, 0, 3, 0, 4, 1, 5, 1, 6, 1), false)), Double.doubleToLongBits(moved));
  }

  @Test
  void unclusteredVerticesAreSingletons() {
    // Vertex 6 missing: communities {1,2,3}, {4,5}, {6}: intra 4, degrees 7, 5, 2 → 4/7 − (49+25+4)/196.
    Dataset<Row> c = table("cluster", 1, 0, 2, 0, 3, 0, 4, 1, 5, 1);
    assertEquals(4.0 / 7 - 78.0 / 196, ClusteringMetrics.modularity(twoTriangles(), c, false), 1e-12);
  }

  @Test
  void nmiAndAriMatchHandValues() {
    Dataset<Row> labels = table("label", 1, "a", 2, "a", 3, "a", 4, "b", 5, "b", 6, "b");
    Dataset<Row> c = table("cluster", 1, 0, 2, 0, 3, 1, 4, 1, 5, 1, 6, 1);
    // Contingency (a,0)=2, (a,1)=1, (b,1)=3: ARI = (4 − 2.8)/(6.5 − 2.8); NMI = 2·I/(H_U + H_V) = 0.478703971…
    assertEquals(1.2 / 3.7, ClusteringMetrics.ari(labels, c), 1e-12);
    assertEquals(0.47870397138567994, ClusteringMetrics.nmi(labels, c), 1e-12);
    Dataset<Row> same = table("cluster", 1, 7, 2, 7, 3, 7, 4, 3, 5, 3, 6, 3);
    assertEquals(1.0, ClusteringMetrics.ari(labels, same), 1e-12);
    assertEquals(1.0, ClusteringMetrics.nmi(labels, same), 1e-12);
  }

  @Test
  void entropyMatchesHandValue() {
    Dataset<Row> attrs = attributes("1", "color", "r", "2", "color", "r", "3", "color", "b", "4", "color", "b",
        "5", "color", "b", "6", "color", "b", "1", "size", "S", "2", "size", "S", "3", "size", "L", "4", "size", "L",
        "5", "size", "S");
    Dataset<Row> c = table("cluster", 1, 0, 2, 0, 3, 0, 4, 1, 5, 1, 6, 1);
    double h = -(2.0 / 3 * Math.log(2.0 / 3) + 1.0 / 3 * Math.log(1.0 / 3)) / Math.log(2);
    // color: (h + 0)/2; size: (h + log2 3)/2 (vertex 6 has no size: "absent"); mean over 2 attributes.
    double expected = (0.5 * h + 0.5 * (h + Math.log(3) / Math.log(2))) / 2;
    assertEquals(expected, ClusteringMetrics.entropy(attrs, c), 1e-12);
    assertEquals(0.8553885422075338, expected, 1e-12);
  }

  @Test
  void evaluateBundlesAllMeasures() {
    Dataset<Row> labels = table("label", 1, "a", 2, "a", 3, "a", 4, "b", 5, "b", 6, "b");
    Dataset<Row> c = table("cluster", 1, 0, 2, 0, 3, 0, 4, 1, 5, 1, 6, 1);
    ClusteringMetrics.Report r = ClusteringMetrics.evaluate(twoTriangles(), null, labels, c, false);
    assertEquals(1.0, r.nmi(), 1e-12);
    assertEquals(1.0, r.ari(), 1e-12);
    assertTrue(Double.isNaN(r.entropy()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusteringMetrics.nmi(labels, labels));
    assertTrue(e.getMessage().contains("`cluster`"), e.getMessage());
  }

  /**
   * The driver evaluation gives the Spark measures' bits: a vertex without a cluster (6), a clustered id that is no
   * vertex (9, counted by NMI/ARI only), a node with two labels (3) and a labelled node without a cluster (5 has none).
   */
  @Test
  void driverEvaluationHasTheSparkBits() {
    Dataset<Row> labels = table("label", 1, "a", 2, "a", 3, "a", 3, "b", 4, "b", 6, "b", 9, "c");
    Dataset<Row> c = table("cluster", 1, 0, 2, 0, 3, 1, 4, 1, 5, 1, 9, 2);
    ClusteringMetrics.Report spark = ClusteringMetrics.evaluate(twoTriangles(), null, labels, c, false);
    dev.grasp.graph.stats.LocalGraph g = dev.grasp.graph.stats.LocalGraph.collect(twoTriangles(), 1L << 20);
    java.util.Map<Long, java.util.Set<String>> lab = new java.util.HashMap<>();
    for (Row r : labels.collectAsList()) {
      lab.computeIfAbsent(r.getLong(0), k -> new java.util.TreeSet<>()).add(r.getString(1));
    }
    ClusteringMetrics.Report driver = ClusteringMetrics.evaluateInDriver(g, lab, new long[] {9, 5, 4, 3, 2, 1},
        new long[] {2, 1, 1, 1, 0, 0});
    assertEquals(Double.doubleToLongBits(spark.nmi()), Double.doubleToLongBits(driver.nmi()));
    assertEquals(Double.doubleToLongBits(spark.ari()), Double.doubleToLongBits(driver.ari()));
    assertEquals(Double.doubleToLongBits(spark.modularity()), Double.doubleToLongBits(driver.modularity()));
    assertEquals(Double.doubleToLongBits(spark.density()), Double.doubleToLongBits(driver.density()));
    // hand-checked: communities {1,2}, {3,4,5}, {6}: intra 1-2, 3-4, 4-5 = 3 of 7 pairs
    assertEquals(3.0 / 7, driver.density(), 1e-15);
    // contingency (a,0)=2 (a,1)=1 (b,1)=2 (c,2)=1, n = 6: index 2; row pairs 3+1+0, column pairs 1+3+0; 15 pairs
    assertEquals((2.0 - 4.0 * 4 / 15) / ((4.0 + 4) / 2 - 4.0 * 4 / 15), driver.ari(), 1e-12);
  }
}
