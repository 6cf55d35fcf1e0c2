package dev.grasp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grasp evaluate node-classification} end to end on CSV embeddings (as {@code grasp embed} writes them). */
class EvaluateCommandTest {

  @TempDir
  Path dir;

  @Test
  void separableClassesAreClassifiedPerfectly() throws IOException {
    // 40 nodes, two classes on opposite sides of the origin along v0; v1 is noise-free filler
    StringBuilder emb = new StringBuilder("id,v0,v1\n");
    StringBuilder labels = new StringBuilder();
    for (int id = 0; id < 40; id++) {
      int cls = id % 2;
      emb.append(id).append(',').append(cls == 0 ? 1.0 + id * 0.01 : -1.0 - id * 0.01).append(",0.5\n");
      labels.append(id).append(' ').append(cls == 0 ? "a" : "b").append('\n');
    }
    Path e = dir.resolve("emb.csv");
    Path l = dir.resolve("labels.txt");
    Files.write(e, emb.toString().getBytes(StandardCharsets.UTF_8));
    Files.write(l, labels.toString().getBytes(StandardCharsets.UTF_8));
    String out = dir.resolve("nc").toString();
    MainTest.Result r = ClusterCommandTest.grasp("evaluate", "node-classification", "--embeddings", e.toString(),
        "--labels", l.toString(), "--train-ratio", "0.5", "--repeats", "2", "--output", out);
    assertEquals(0, r.code(), r.err());
    JsonNode rep = new ObjectMapper().readTree(new File(out, "report.json"));
    JsonNode res = rep.at("/results/0");
    assertEquals(0.5, res.get("trainRatio").asDouble(), 0.0, rep.toString());
    assertEquals(2, res.get("classes").asInt(), rep.toString());
    assertEquals(40, res.get("labelledNodes").asInt(), rep.toString());
    assertEquals(1.0, res.get("microF1").asDouble(), 1e-12, rep.toString());
    assertEquals(1.0, res.get("macroF1").asDouble(), 1e-12, rep.toString());
  }

  /**
   * Tables read in the driver (the default for small files) and by Spark (threshold 0) give the same report
   * results, on overlapping classes with a labelled node that has no embedding.
   */
  @Test
  void driverAndSparkReadsGiveTheSameResults() throws IOException {
    StringBuilder emb = new StringBuilder("id,v0,v1,v2\n");
    StringBuilder labels = new StringBuilder("# id labels\n");
    for (int id = 0; id < 60; id++) {
      double u = dev.grasp.graph.util.Seeds.uniform(5L, id);
      emb.append(id).append(',').append(id % 3 + u).append(',').append(u * u).append(',').append(-u).append('\n');
      labels.append(id).append(' ').append("c").append(id % 3).append(id % 5 == 0 ? " extra" : "").append('\n');
    }
    labels.append("999 c1\n");
    Path e = dir.resolve("emb.csv");
    Path l = dir.resolve("labels.txt");
    Files.write(e, emb.toString().getBytes(StandardCharsets.UTF_8));
    Files.write(l, labels.toString().getBytes(StandardCharsets.UTF_8));
    JsonNode[] reports = new JsonNode[2];
    String[] threshold = {"0", "auto"}; // the in-process session keeps the last value: auto, for the other tests
    for (int k = 0; k < 2; k++) {
      String out = dir.resolve("nc" + k).toString();
      MainTest.Result r = ClusterCommandTest.grasp("evaluate", "node-classification", "--embeddings", e.toString(),
          "--labels", l.toString(), "--train-ratio", "0.5", "--repeats", "3", "--output", out,
          "--conf", "spark.grasp.driverLocal.maxBytes=" + threshold[k]);
      assertEquals(0, r.code(), r.err());
      reports[k] = new ObjectMapper().readTree(new File(out, "report.json"));
    }
    assertEquals(reports[1].get("results"), reports[0].get("results"));
    assertEquals(1, reports[0].get("labelledNodesWithoutEmbedding").asInt());
    assertEquals(1, reports[1].get("labelledNodesWithoutEmbedding").asInt());
    assertEquals(0, reports[1].at("/sparkJobs/classify 0.5").asInt(), reports[1].toString());
    assertEquals(4, reports[0].at("/results/0/classes").asInt());
  }

  /**
   * {@code evaluate prototypes} on rescale-style CSV points (id,radius,h0,h1: Poincaré by the h columns) and the same
   * numbers as embed-style CSV (id,v0,v1: Euclidean): two classes on opposite sides of the origin are classified
   * perfectly by both; the driver and the Spark reads give the same report; a labels file naming no embedded node and
   * shots larger than every class exit 2 with one line naming the value, leaving no output.
   */
  @Test
  void prototypesReadBothGeometriesAndRefuseHopelessInputs() throws IOException {
    StringBuilder h = new StringBuilder("id,radius,h0,h1\n");
    StringBuilder v = new StringBuilder("id,v0,v1\n");
    StringBuilder labels = new StringBuilder();
    for (int id = 0; id < 30; id++) {
      double u = dev.grasp.graph.util.Seeds.uniform(3L, id);
      double x = (id % 2 == 0 ? 1 : -1) * (0.3 + 0.4 * u);
      double y = 0.2 * (u - 0.5);
      h.append(id).append(",0.0,").append(x).append(',').append(y).append('\n');
      v.append(id).append(',').append(x).append(',').append(y).append('\n');
      labels.append(id).append(' ').append(id % 2 == 0 ? "east" : "west").append('\n');
    }
    labels.append("77 east\n");
    Path hp = dir.resolve("points.csv");
    Path vp = dir.resolve("vectors.csv");
    Path l = dir.resolve("sides.txt");
    Files.write(hp, h.toString().getBytes(StandardCharsets.UTF_8));
    Files.write(vp, v.toString().getBytes(StandardCharsets.UTF_8));
    Files.write(l, labels.toString().getBytes(StandardCharsets.UTF_8));
    JsonNode[] reports = new JsonNode[3];
    String[][] runs = {{hp.toString(), "0"}, {hp.toString(), "auto"}, {vp.toString(), "auto"}};
    for (int k = 0; k < runs.length; k++) {
      String out = dir.resolve("proto" + k).toString();
      MainTest.Result r = ClusterCommandTest.grasp("evaluate", "prototypes", "--embeddings", runs[k][0], "--labels",
          l.toString(), "--shots", "3", "--repeats", "4", "--output", out,
          "--conf", "spark.grasp.driverLocal.maxBytes=" + runs[k][1]);
      assertEquals(0, r.code(), r.err());
      reports[k] = new ObjectMapper().readTree(new File(out, "report.json"));
    }
    assertEquals(reports[1].get("results"), reports[0].get("results"), "driver and Spark reads");
    assertEquals("poincare", reports[1].at("/results/geometry").asText());
    assertEquals("euclidean", reports[2].at("/results/geometry").asText());
    for (JsonNode rep : reports) {
      assertEquals(1.0, rep.at("/results/accuracy").asDouble(), 0.0, rep.toString());
      assertEquals(1.0, rep.at("/results/macroF1").asDouble(), 0.0);
      assertEquals(24, rep.at("/results/queriesPerRepeat").asInt());
      assertEquals(1, rep.get("labelledNodesWithoutEmbedding").asInt());
    }
    Path none = dir.resolve("none.txt");
    Files.write(none, "500 east\n501 west\n".getBytes(StandardCharsets.UTF_8));
    String[][] bad = {{none.toString(), "3", "none.txt"}, {l.toString(), "40", "`--shots` 40"}};
    for (String[] b : bad) {
      String out = dir.resolve("bad").toString();
      MainTest.Result r = ClusterCommandTest.grasp("evaluate", "prototypes", "--embeddings", hp.toString(),
          "--labels", b[0], "--shots", b[1], "--output", out);
      assertEquals(2, r.code(), r.err());
      org.junit.jupiter.api.Assertions.assertTrue(r.err().contains(b[2]), r.err());
      org.junit.jupiter.api.Assertions.assertFalse(new File(out).exists(), "no output left");
    }
  }
}
