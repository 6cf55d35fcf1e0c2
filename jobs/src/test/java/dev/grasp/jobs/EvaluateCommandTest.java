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
}
