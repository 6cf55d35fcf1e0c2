package dev.grasp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grasp compare} end to end: a star 0 → 1, 2, 3 against the one-edge sample 0 → 1 (CSV, as {@code grasp
 * sample --output-format csv} writes it). Hand-computed: in-degree CDFs at 0 are 1/4 vs 1/2, D = 0.25; out-degree CDFs
 * at 1 are 3/4 vs 1, D = 0.25.
 */
class CompareCommandTest {

  @TempDir
  Path dir;

  private void write(Path p, String content) throws IOException {
    Files.createDirectories(p.getParent());
    Files.write(p, content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void starAgainstOneEdgeSample() throws IOException {
    Path original = dir.resolve("star.txt");
    write(original, "0 1\n0 2\n0 3\n");
    Path sample = dir.resolve("sample");
    write(sample.resolve("vertices/part-00000.csv"), "id\n0\n1\n");
    write(sample.resolve("edges/part-00000.csv"), "src,dst\n0,1\n");
    String out = dir.resolve("cmp").toString();
    JsonNode rep = compare(original, sample, "cmp");
    assertEquals(0.25, rep.at("/d/inDegree").asDouble(), 1e-12, rep.toString());
    assertEquals(0.25, rep.at("/d/outDegree").asDouble(), 1e-12, rep.toString());
    assertEquals(4, rep.at("/summary/originalVertices").asLong(), rep.toString());
    assertEquals(2, rep.at("/summary/sampleVertices").asLong(), rep.toString());
    assertTrue(new File(out, "index.html").isFile(), "index.html");
    assertTrue(new File(out, "in-degree.png").length() > 0, "in-degree.png");
    // nothing but the committed output is left beside it
    String[] siblings = dir.toFile().list((d, n) -> n.startsWith(".cmp"));
    assertFalse(siblings != null && siblings.length > 0, "temporary folder left: " + String.join(",", siblings));
  }

  /**
   * Original 0 → 1 plus self-loops on 2, 3, 4; sample vertices 0, 1, 2 with 0 → 1. Without self-loops the original's
   * in-degrees are {0: 4, 1: 1} (the loop-only vertices stay, at degree 0): D = |4/5 − 2/3| = 2/15. With them, {0: 1,
   * 1: 4}: D = |1/5 − 2/3| = 7/15.
   */
  @Test
  void selfLoopsFollowTheSamplersMethodUnlessChosen() throws IOException {
    Path original = dir.resolve("loops.txt");
    write(original, "0 1\n2 2\n3 3\n4 4\n");
    Path sample = dir.resolve("jdd-sample");
    write(sample.resolve("vertices/part-00000.csv"), "id\n0\n1\n2\n");
    write(sample.resolve("edges/part-00000.csv"), "src,dst\n0,1\n");
    write(sample.resolve("report.json"), "{\"command\":\"sample\",\"parameters\":{\"method\":\"jdd\"}}");
    Path plain = dir.resolve("plain-sample");
    write(plain.resolve("vertices/part-00000.csv"), "id\n0\n1\n2\n");
    write(plain.resolve("edges/part-00000.csv"), "src,dst\n0,1\n");

    JsonNode auto = compare(original, sample, "auto-jdd");
    assertEquals(2.0 / 15, auto.at("/d/inDegree").asDouble(), 1e-12, auto.toString());
    assertEquals("drop", auto.at("/selfLoops/policy").asText());
    assertTrue(auto.at("/selfLoops/reason").asText().contains("jdd"), auto.toString());
    assertEquals(3, auto.at("/selfLoops/originalSelfLoops").asLong());
    assertEquals(5, auto.at("/summary/originalVertices").asLong(), "loop-only vertices stay");

    JsonNode kept = compare(original, sample, "keep", "--self-loops", "keep");
    assertEquals(7.0 / 15, kept.at("/d/inDegree").asDouble(), 1e-12, kept.toString());
    assertEquals("keep", kept.at("/selfLoops/policy").asText());

    JsonNode noReport = compare(original, plain, "auto-plain");
    assertEquals(7.0 / 15, noReport.at("/d/inDegree").asDouble(), 1e-12, noReport.toString());
    assertEquals("keep", noReport.at("/selfLoops/policy").asText());

    MainTest.Result bad = ClusterCommandTest.grasp("compare", "--original", original.toString(), "--sample",
        sample.toString(), "--sample-format", "csv", "--self-loops", "sometimes", "--output",
        dir.resolve("bad").toString());
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("`--self-loops` must be auto, drop or keep, got 'sometimes'"), bad.err());
    assertFalse(dir.resolve("bad").toFile().exists(), "no output for a refused run");
  }

  private JsonNode compare(Path original, Path sample, String name, String... extra) throws IOException {
    String out = dir.resolve(name).toString();
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("compare", "--original",
        original.toString(), "--sample", sample.toString(), "--sample-format", "csv", "--singular-values", "2",
        "--hop-sources", "4", "--output", out));
    args.addAll(java.util.List.of(extra));
    MainTest.Result r = ClusterCommandTest.grasp(args.toArray(new String[0]));
    assertEquals(0, r.code(), r.err());
    return new ObjectMapper().readTree(new File(out, "report.json"));
  }
}
