package dev.grasp.embedding.amg;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.Seeds;
import dev.grasp.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Attributed stochastic block models for tests and experiments (kept in test code until the lead's generator exists):
 * vertex v belongs to block v / size; pair (u, v) is an edge with probability pIn inside a block and pOut across;
 * each of {@code numAttributes} attributes takes the block's value with probability {@code agreement}, else a
 * uniformly chosen other block's value. All draws are Seeds hashes of (seed, stream, ids).
 */
final class PlantedGraphs {

  record Planted(Graph graph, Dataset<Row> labels, Dataset<Row> attributes) {}

  private PlantedGraphs() {}

  static Planted sbm(int blocks, int size, double pIn, double pOut, double agreement, int numAttributes, long seed) {
    return sbm(blocks, size, pIn, pOut, agreement, numAttributes, seed, 0L);
  }

  static Planted sbm(int blocks, int size, double pIn, double pOut, double agreement, int numAttributes, long seed,
      long idOffset) {
    int n = blocks * size;
    List<Row> edges = new ArrayList<>();
    List<Row> vertices = new ArrayList<>();
    List<Row> labels = new ArrayList<>();
    List<Row> attrs = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      vertices.add(RowFactory.create(u + idOffset));
      labels.add(RowFactory.create(u + idOffset, u / size));
      for (int v = u + 1; v < n; v++) {
        double p = u / size == v / size ? pIn : pOut;
        if (Seeds.uniform(seed, 1, u, v) < p) {
          edges.add(RowFactory.create(u + idOffset, v + idOffset));
        }
      }
      for (int a = 0; a < numAttributes; a++) {
        int block = u / size;
        int value = block;
        if (Seeds.uniform(seed, 2, a, u) >= agreement) {
          int shift = 1 + (int) Math.floor(Seeds.uniform(seed, 3, a, u) * (blocks - 1));
          value = (block + shift) % blocks;
        }
        attrs.add(RowFactory.create(u + idOffset, "a" + a, "v" + value));
      }
    }
    var spark = TestSpark.get();
    StructType es = new StructType().add("src", DataTypes.LongType).add("dst", DataTypes.LongType);
    StructType vs = new StructType().add("id", DataTypes.LongType);
    StructType ls = new StructType().add("id", DataTypes.LongType).add("label", DataTypes.IntegerType);
    StructType as = new StructType().add("id", DataTypes.LongType).add("attribute", DataTypes.StringType)
        .add("value", DataTypes.StringType);
    return new Planted(Graph.of(spark.createDataFrame(vertices, vs), spark.createDataFrame(edges, es)),
        spark.createDataFrame(labels, ls), spark.createDataFrame(attrs, as));
  }
}
