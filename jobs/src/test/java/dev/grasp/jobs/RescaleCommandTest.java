package dev.grasp.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grasp.testing.TestSpark;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grasp rescale} end to end on two 4-cliques with hand-made 4-dimensional embeddings. */
class RescaleCommandTest {

  @TempDir
  Path dir;

  @Test
  void fitWritesCsvModelAndReport() throws IOException {
    Path g = dir.resolve("g.txt");
    Files.write(g, "1 2\n1 3\n1 4\n2 3\n2 4\n3 4\n4 5\n5 6\n5 7\n5 8\n6 7\n6 8\n7 8\n"
        .getBytes(StandardCharsets.UTF_8));
    List<Row> rows = new ArrayList<>();
    for (long id = 1; id <= 8; id++) {
      double s = id <= 4 ? 1 : -1;
      rows.add(RowFactory.create(id, List.of(s * 0.5 + id * 0.01, s * 0.4, 0.3 - id * 0.02, 0.1 * id)));
    }
    String emb = dir.resolve("emb").toString();
    TestSpark.get().createDataFrame(rows, new StructType().add("id", DataTypes.LongType)
        .add("embedding", DataTypes.createArrayType(DataTypes.DoubleType, false))).write().parquet(emb);
    String out = dir.resolve("out").toString();
    MainTest.Result r = ClusterCommandTest.grasp("rescale", "--embeddings", emb, "--edges", g.toString(),
        "--block-size", "2", "--max-iter", "3", "--negative-samples", "2", "--target-radius", "1.5",
        "--output", out, "--output-format", "csv");
    assertEquals(0, r.code(), r.err());
    JsonNode rep = new ObjectMapper().readTree(new File(out, "report.json"));
    assertEquals(2, rep.at("/summary/scales").size(), rep.toString());
    assertEquals(3, rep.at("/summary/trainingLoss").size(), rep.toString());
    assertTrue(rep.at("/summary/radiusAfter/mean").asDouble() > 0, rep.toString());
    // before = the unscaled map: radius 2‖e‖
    assertTrue(rep.at("/summary/radiusBefore/max").asDouble() > rep.at("/summary/radiusBefore/min").asDouble());
    List<Row> csv = TestSpark.get().read().option("header", "true").option("inferSchema", "true")
        .csv(out + "/embeddings").collectAsList();
    assertEquals(8, csv.size());
    assertArrayEquals(new String[] {"id", "radius", "h0", "h1", "h2", "h3"}, csv.get(0).schema().fieldNames());
    assertTrue(new File(out, "model/metadata").exists());

    String out2 = dir.resolve("out2").toString();
    MainTest.Result t = ClusterCommandTest.grasp("rescale", "--embeddings", emb, "--mode", "target-radius",
        "--block-size", "4", "--target-radius", "1.5", "--output", out2);
    assertEquals(0, t.code(), t.err());
    JsonNode rep2 = new ObjectMapper().readTree(new File(out2, "report.json"));
    assertEquals(1.5, rep2.at("/summary/radiusAfter/mean").asDouble(), 1e-9, rep2.toString());
    assertEquals(13, rep.at("/summary/fitEdges").asLong(), rep.toString()); // 13 distinct undirected edges
    assertTrue(rep.at("/summary/fitNonEdges").asLong() > 0, rep.toString());
  }

  @Test
  void rescaleTakesAGraspEmbedOutputDirectory() throws IOException {
    // `--embeddings D` with D a `grasp embed` output (D/embeddings + D/report.json), as the command line has it
    Path g = dir.resolve("ring.txt");
    Files.write(g, "1 2\n2 3\n3 4\n4 5\n5 6\n6 1\n1 4\n".getBytes(StandardCharsets.UTF_8));
    String emb = dir.resolve("embed-out").toString();
    MainTest.Result e = ClusterCommandTest.grasp("embed", "--input", g.toString(), "--dim", "4", "--seed", "3",
        "--output", emb);
    assertEquals(0, e.code(), e.err());
    assertTrue(new File(emb, "report.json").isFile() && new File(emb, "embeddings").isDirectory());
    String out = dir.resolve("from-dir").toString();
    MainTest.Result r = ClusterCommandTest.grasp("rescale", "--embeddings", emb, "--mode", "target-radius",
        "--block-size", "2", "--target-radius", "1.0", "--output", out);
    assertEquals(0, r.code(), r.err());
    JsonNode rep = new ObjectMapper().readTree(new File(out, "report.json"));
    assertEquals(6, rep.at("/summary/nodes").asLong(), rep.toString());
    assertEquals(1.0, rep.at("/summary/radiusAfter/mean").asDouble(), 1e-9, rep.toString());
  }

  @Test
  void rescaleReadsCsvEmbeddingsOfGraspEmbed() throws IOException {
    Path csv = dir.resolve("emb.csv");
    Files.write(csv, "id,v0,v1\n1,0.5,0.0\n2,0.0,0.25\n3,-0.5,-0.5\n".getBytes(StandardCharsets.UTF_8));
    String out = dir.resolve("csvout").toString();
    MainTest.Result r = ClusterCommandTest.grasp("rescale", "--embeddings", csv.toString(), "--mode", "identity",
        "--block-size", "1", "--output", out);
    assertEquals(0, r.code(), r.err());
    List<Row> rows = TestSpark.get().read().parquet(out + "/embeddings").orderBy("id").collectAsList();
    assertEquals(3, rows.size());
    // identity mode, c = 1: the point is exp0(v) = tanh(|v|) v/|v| and its radius 2 artanh(|h|) = 2|v|
    assertEquals(2 * 0.5, rows.get(0).getDouble(rows.get(0).fieldIndex("radius")), 1e-12);
    assertEquals(2 * Math.sqrt(0.5), rows.get(2).getDouble(rows.get(2).fieldIndex("radius")), 1e-12);
    List<Double> h = rows.get(1).getList(rows.get(1).fieldIndex("h"));
    assertEquals(0.0, h.get(0), 0.0);
    assertEquals(Math.tanh(0.25), h.get(1), 1e-12);
  }

  @Test
  void linkPredictionScoresPoincareDistancesOfTheRescaledTrainingEmbedding() throws IOException {
    // two 10-cliques joined by one edge: every non-edge crosses, every held-out edge lies inside a clique
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 10; i++) {
        for (int j = i + 1; j < 10; j++) {
          sb.append(10 * c + i).append(' ').append(10 * c + j).append('\n');
        }
      }
    }
    sb.append("9 10\n");
    Path g = dir.resolve("cliques.txt");
    Files.write(g, sb.toString().getBytes(StandardCharsets.UTF_8));
    String data = g.toString();
    String out = dir.resolve("lp").toString();
    MainTest.Result r = ClusterCommandTest.grasp("evaluate", "link-prediction", "--input", data, "--dim", "16",
        "--score", "poincare", "--rescale-mode", "target-radius", "--block-size", "4", "--target-radius", "1.0",
        "--test-fraction", "0.2", "--output", out);
    assertEquals(0, r.code(), r.err());
    JsonNode rep = new ObjectMapper().readTree(new File(out, "report.json"));
    assertEquals("poincare", rep.at("/results/score").asText(), rep.toString());
    assertEquals(4, rep.at("/results/scales").size(), rep.toString());
    double auc = rep.at("/results/auc").asDouble();
    assertTrue(rep.at("/results/testPairs").asInt() >= 15, rep.toString());
    // FastRP separates the cliques; the ball map and a common scale keep that order
    assertTrue(auc > 0.9 && auc <= 1.0, rep.toString());
    MainTest.Result bad = ClusterCommandTest.grasp("evaluate", "link-prediction", "--input", data, "--dim", "16",
        "--score", "poincare", "--block-size", "5", "--output", dir.resolve("never").toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("`--block-size`") && bad.err().contains("5"), bad.err());
  }

  /**
   * {@code --model} applies a saved rescaling: the fitted model applied to the embeddings it was fitted on gives the
   * fit run's points byte for byte (driver and Spark paths), and the report keeps its scales; a model of another
   * dimension, a folder without a model and {@code --edges} beside {@code --model} exit 2 naming the value, leaving
   * no output.
   */
  @Test
  void aSavedModelIsAppliedUnchangedAndMismatchesAreRefused() throws IOException {
    Path g = dir.resolve("g.txt");
    Files.write(g, "1 2\n1 3\n2 3\n3 4\n4 5\n4 6\n5 6\n".getBytes(StandardCharsets.UTF_8));
    Path csv = dir.resolve("emb.csv");
    StringBuilder e = new StringBuilder("id,v0,v1,v2,v3\n");
    for (int id = 1; id <= 6; id++) {
      double s = id <= 3 ? 1 : -1;
      e.append(id).append(',').append(s * 0.4).append(',').append(0.1 * id).append(',').append(-0.05 * id)
          .append(',').append(s * 0.2).append('\n');
    }
    Files.write(csv, e.toString().getBytes(StandardCharsets.UTF_8));
    for (String norm : new String[] {"unit", "none"}) {
      String fit = dir.resolve("fit-" + norm).toString();
      MainTest.Result r = ClusterCommandTest.grasp("rescale", "--embeddings", csv.toString(), "--edges",
          g.toString(), "--block-size", "2", "--max-iter", "4", "--curvature", "0.5", "--input-norm", norm,
          "--output", fit, "--output-format", "csv");
      assertEquals(0, r.code(), r.err());
      String fitted = Files.readString(Files.list(Path.of(fit, "embeddings"))
          .filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow());
      JsonNode fitRep = new ObjectMapper().readTree(new File(fit, "report.json"));
      assertEquals(norm, fitRep.at("/parameters/inputNorm").asText(), fitRep.toString());
      if (norm.equals("unit")) {
        // every vector divided by its norm: the unscaled map puts all six nodes at one radius
        assertEquals(fitRep.at("/summary/radiusBefore/min").asDouble(), fitRep.at("/summary/radiusBefore/max")
            .asDouble(), 1e-12, fitRep.at("/summary/radiusBefore").toString());
      }
      for (String threshold : new String[] {"0", "auto"}) {
        String applied = dir.resolve("applied-" + norm + "-" + threshold).toString();
        MainTest.Result a = ClusterCommandTest.grasp("rescale", "--embeddings", csv.toString(), "--model", fit,
            "--output", applied, "--output-format", "csv", "--conf", "spark.grasp.driverLocal.maxBytes=" + threshold);
        assertEquals(0, a.code(), a.err());
        StringBuilder got = new StringBuilder();
        for (File f : new File(applied, "embeddings").listFiles((d, n) -> n.startsWith("part-"))) {
          got.append(Files.readString(f.toPath()));
        }
        assertEquals(fitted, got.toString(), norm + ", threshold " + threshold);
        JsonNode rep = new ObjectMapper().readTree(new File(applied, "report.json"));
        assertEquals(fitRep.at("/summary/scales"), rep.at("/summary/scales"));
        assertEquals(norm, rep.at("/summary/inputNorm").asText(), "the applied model's input norm");
        assertEquals(fitRep.at("/summary/radiusAfter"), rep.at("/summary/radiusAfter"));
        assertTrue(new File(applied, "model/metadata/part-00000").isFile());
      }
    }
    String fit = dir.resolve("fit-none").toString();
    Path wide = dir.resolve("wide.csv");
    Files.write(wide, "id,v0,v1\n1,0.1,0.2\n".getBytes(StandardCharsets.UTF_8));
    String[][] bad = {{"--embeddings", wide.toString(), "--model", fit, "has dimension 4"},
        {"--embeddings", csv.toString(), "--model", dir.toString(), "is not a saved model"},
        {"--embeddings", csv.toString(), "--model", fit, "--edges", g.toString(), "`--edges` is not used"}};
    for (String[] b : bad) {
      List<String> args = new ArrayList<>(List.of("rescale"));
      args.addAll(List.of(b).subList(0, b.length - 1));
      String out = dir.resolve("bad").toString();
      args.addAll(List.of("--output", out));
      MainTest.Result x = ClusterCommandTest.grasp(args.toArray(new String[0]));
      assertEquals(2, x.code(), x.err());
      assertTrue(x.err().contains(b[b.length - 1]), x.err());
      assertTrue(!new File(out).exists(), "no output left");
    }
  }
}
