package dev.grasp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grasp.testing.TestSpark;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCommandTest {

  @TempDir
  Path dir;

  @BeforeAll
  static void session() {
    TestSpark.get();
  }

  static MainTest.Result grasp(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new MainTest.Result(code, out.toString(), err.toString());
  }

  private String file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content.getBytes(StandardCharsets.UTF_8));
    return p.toString();
  }

  /**
   * String ids (URLs, as in WebKB) in the edges and the LINQS attribute file are hashed alike and clustered; the
   * attribute weight is chosen by the held-out search (the default; one hierarchy, iteration and restart keep its six
   * clusterings quick) and reported.
   */
  @Test
  void stringIdsReachTheAttributeFile() throws IOException {
    String[] n = {"http://a/1", "http://a/2", "http://a/3", "http://a/4", "http://b/1", "http://b/2", "http://b/3",
        "http://b/4"};
    StringBuilder edges = new StringBuilder();
    StringBuilder content = new StringBuilder();
    StringBuilder labels = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      for (int j = i + 1; j < 8; j++) {
        if (i / 4 == j / 4) {
          edges.append(n[i]).append(' ').append(n[j]).append('\n');
        }
      }
      content.append(n[i]).append(i < 4 ? "\t1\t0\t" : "\t0\t1\t").append(i < 4 ? "x" : "y").append('\n');
      labels.append(n[i]).append(i < 4 ? " x" : " y").append('\n');
    }
    edges.append(n[3]).append(' ').append(n[4]).append('\n');
    String in = file("s.txt", edges.toString());
    String attrs = file("s.content", content.toString());
    String out = dir.resolve("sclusters").toString();
    MainTest.Result r = grasp("cluster", "--input", in, "--id-type", "string", "--attributes", attrs,
        "--k", "2", "--hierarchies", "1", "--iterations", "1", "--restarts", "1", "--output", out);
    assertEquals(0, r.code(), r.err());
    JsonNode rep = new ObjectMapper().readTree(new File(out, "report.json"));
    JsonNode search = rep.at("/summary/attributeWeightSearch");
    // the grid: factors 0, 0.1, 0.3, 1, 3 times the scale (2 · training pairs / training rows, to 3 digits)
    assertEquals(5, search.at("/scores").size(), rep.toString());
    double scale = search.at("/scale").asDouble();
    assertTrue(scale > 0, rep.toString());
    assertEquals(0.0, search.at("/scores/0/weight").asDouble(), rep.toString());
    assertEquals(3 * scale, search.at("/scores/4/weight").asDouble(), 0.01 * scale, rep.toString());
    boolean onGrid = false;
    for (JsonNode sc : search.at("/scores")) {
      onGrid |= sc.at("/weight").asDouble() == rep.at("/summary/attributeWeight").asDouble();
      assertEquals(sc.at("/edgeBits").asDouble() + sc.at("/valueBits").asDouble(), sc.at("/totalBits").asDouble(),
          1e-9, rep.toString());
    }
    assertTrue(onGrid, "the chosen weight is one of the scored ones: " + rep);
    assertTrue(rep.at("/parameters/params").asText().contains("attributeWeight="
        + rep.at("/summary/attributeWeight").asDouble() + ","), rep.toString());
    String eval = dir.resolve("seval").toString();
    MainTest.Result e = grasp("evaluate", "clustering", "--clusters", out + "/clusters", "--labels",
        file("s-labels.txt", labels.toString()), "--input", in, "--id-type", "string", "--attributes", attrs,
        "--output", eval);
    assertEquals(0, e.code(), e.err());
    JsonNode er = new ObjectMapper().readTree(new File(eval, "report.json"));
    assertEquals(1.0, er.at("/results/nmi").asDouble(), 1e-12, er.toString());
  }

  @Test
  void clusterThenEvaluateTwoTriangles() throws IOException {
    // Two 4-cliques joined by one edge: the clusters are the cliques.
    String in = file("g.txt", "1 2\n1 3\n1 4\n2 3\n2 4\n3 4\n4 5\n5 6\n5 7\n5 8\n6 7\n6 8\n7 8\n");
    String labels = file("labels.txt", "1 a\n2 a\n3 a\n4 a\n5 b\n6 b\n7 b\n8 b\n");
    String out = dir.resolve("clusters").toString();
    MainTest.Result r = grasp("cluster", "--input", in, "--k", "2", "--hierarchies", "3", "--iterations", "2",
        "--restarts", "2", "--output", out, "--output-format", "csv");
    assertEquals(0, r.code(), r.err());
    List<Row> rows = TestSpark.get().read().option("header", "true").csv(out + "/clusters")
        .selectExpr("cast(id as long) as id", "cluster").orderBy("id").collectAsList();
    assertEquals(8, rows.size());
    assertEquals(rows.get(0).get(1), rows.get(3).get(1));
    assertEquals(rows.get(4).get(1), rows.get(7).get(1));
    assertTrue(!rows.get(0).get(1).equals(rows.get(7).get(1)), rows.toString());
    JsonNode rep = new ObjectMapper().readTree(new File(out, "report.json"));
    assertTrue(rep.at("/summary/modularity").asDouble() > 0.3, rep.toString());
    assertEquals(2, rep.at("/summary/restartModularity").size(), rep.toString());
    assertEquals(2, rep.at("/summary/restartLloydIterations").size(), rep.toString());
    JsonNode ritz = rep.at("/summary/ritzValues");
    assertEquals(rep.at("/summary/dimension").asInt(), ritz.size(), rep.toString());
    for (int i = 1; i < ritz.size(); i++) {
      assertTrue(ritz.get(i - 1).asDouble() <= ritz.get(i).asDouble(), "Ritz values ascending: " + ritz);
    }
    JsonNode levels = rep.at("/summary/levelSizes");
    assertEquals(3, levels.size(), "one level list per hierarchy: " + levels);
    assertEquals(8, levels.get(0).get(0).asLong(), "finest level = the 8 vertices: " + levels);
    JsonNode rq = rep.at("/summary/smoothRayleigh");
    assertEquals(3, rq.size(), rep.toString());
    for (JsonNode x : rq) {
      // Rayleigh quotients of a Laplacian lie in [0, λmax]; λmax ≤ 2·(max degree 4) = 8 here.
      assertTrue(x.asDouble() >= 0 && x.asDouble() <= 8, "smooth vector Rayleigh quotients: " + rq);
    }
    for (JsonNode h : rep.at("/summary/coarseningRatios")) {
      for (JsonNode x : h) {
        assertTrue(x.asDouble() > 0 && x.asDouble() < 1, "levels shrink: " + rep.at("/summary/coarseningRatios"));
      }
    }

    String eval = dir.resolve("eval").toString();
    MainTest.Result e = grasp("evaluate", "clustering", "--clusters", out + "/clusters", "--labels", labels,
        "--input", in, "--output", eval);
    assertEquals(0, e.code(), e.err());
    JsonNode er = new ObjectMapper().readTree(new File(eval, "report.json"));
    assertEquals(1.0, er.at("/results/nmi").asDouble(), 1e-12);
    assertEquals(1.0, er.at("/results/ari").asDouble(), 1e-12);
    // m = 13, intra 12, degree sums 13 and 13: Q = 12/13 − 2·(1/2)².
    assertEquals(12.0 / 13 - 0.5, er.at("/results/modularity").asDouble(), 1e-12);
  }

  @Test
  void badMethodIsRefusedBeforeSpark() {
    MainTest.Result r = grasp("cluster", "--input", "x", "--k", "2", "--method", "spectral", "--output",
        dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("`--method` must be amg or pic, got 'spectral'"), r.err());
  }

  @Test
  void coarsestSizeBelowTwoIsRefusedBeforeSpark() {
    MainTest.Result r = grasp("cluster", "--input", "x", "--k", "2", "--coarsest-size", "1", "--output",
        dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("`--coarsest-size` must be >= 2, got 1"), r.err());
  }
}
