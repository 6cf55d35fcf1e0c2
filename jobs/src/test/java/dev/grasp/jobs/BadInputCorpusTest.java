package dev.grasp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.testing.TestSpark;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus (files under {@code src/test/resources/bad-input}) run through the commands that read them:
 * each case asserts the exit code, a message naming the file:line or the parameter and value, and that a failed run
 * leaves no output (nor a temporary folder) behind. Valid-but-tricky inputs (CRLF, BOM, huge ids, duplicates,
 * self-loops) must succeed.
 */
class BadInputCorpusTest {

  @TempDir
  static Path dir;

  @BeforeAll
  static void session() {
    TestSpark.get();
  }

  static String res(String name) {
    try {
      return new File(BadInputCorpusTest.class.getResource("/bad-input/" + name).toURI()).getPath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A case: name, expected exit code, fragment the message must contain ("{file}" = the input path), arguments. */
  static Arguments c(String name, int code, String fragment, String... args) {
    return Arguments.of(name, code, fragment, args);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        c("non-integer id", 2, "{non-integer-id.txt}:3: non-integer dst id: '3 x'",
            "stats", "--input", res("non-integer-id.txt")),
        c("too many columns", 2, "{too-many-columns.txt}:2: too many columns", "stats", "--input",
            res("too-many-columns.txt")),
        c("too few columns", 2, "{too-few-columns.txt}:2: too few columns", "stats", "--input",
            res("too-few-columns.txt")),
        c("NaN weight", 2, "{nan-weight.txt}:2: non-finite weight: '2 3 NaN'", "stats", "--input",
            res("nan-weight.txt")),
        c("Inf weight", 2, "{inf-weight.txt}:2: non-finite weight", "stats", "--input", res("inf-weight.txt")),
        c("negative weight", 2, "{negative-weight.txt}:2: negative weight", "stats", "--input",
            res("negative-weight.txt")),
        c("negative weight allowed", 0, "", "stats", "--input", res("negative-weight.txt"),
            "--allow-negative-weights"),
        c("non-numeric weight", 2, "{non-numeric-weight.txt}:2: non-numeric weight", "stats", "--input",
            res("non-numeric-weight.txt")),
        c("missing weight", 2, "{missing-weight.txt}:2: missing weight", "stats", "--input",
            res("missing-weight.txt")),
        c("empty file", 2, "{empty.txt}: no edges (0 lines", "stats", "--input", res("empty.txt")),
        c("comments only", 2, "{comments-only.txt}: no edges (2 lines: 2 comments", "stats", "--input",
            res("comments-only.txt")),
        c("CRLF and BOM", 0, "", "stats", "--input", res("crlf-bom.txt")),
        c("truncated gzip", 2, "{truncated.txt.gz}: truncated or corrupt compressed input", "stats", "--input",
            res("truncated.txt.gz")),
        c("huge ids", 0, "", "stats", "--input", res("huge-ids.txt")),
        c("id overflow", 2, "{id-overflow.txt}:1: src id out of the long range", "stats", "--input",
            res("id-overflow.txt")),
        c("duplicate edges", 0, "", "stats", "--input", res("duplicate-edges.txt")),
        c("self-loops dropped", 0, "", "stats", "--input", res("self-loops.txt"), "--self-loops", "drop"),
        c("string ids without --id-type", 2, "{string-ids.txt}:1: non-integer src id: 'alice bob'", "stats",
            "--input", res("string-ids.txt")),
        c("string ids", 0, "", "stats", "--input", res("string-ids.txt"), "--id-type", "string"),
        c("CSV header not declared", 2, "{csv-header.csv}:1: non-integer src id: 'src,dst'", "stats", "--input",
            res("csv-header.csv"), "--format", "csv"),
        c("CSV header declared", 0, "", "stats", "--input", res("csv-header.csv"), "--format", "csv", "--header"),
        c("malformed skipped", 0, "", "stats", "--input", res("skip-me.txt"), "--malformed", "skip"),
        c("missing input", 2, "input '{missing.txt}' does not exist", "stats", "--input", "{missing.txt}"),
        c("unknown format", 2, "`--format` must be one of snap|csv|tsv|parquet, got 'xml'", "stats", "--input",
            res("self-loops.txt"), "--format", "xml"),
        c("unknown policy", 2, "`--duplicates` must be one of dedupe|weight|keep, got 'merge'", "stats",
            "--input", res("self-loops.txt"), "--duplicates", "merge"),
        c("parquet without src/dst", 2, "need columns `src` and `dst`", "stats", "--input", "{parquet-ab}",
            "--format", "parquet"),
        c("embed: bad dimension", 2, "`--dim`", "embed", "--input", res("self-loops.txt"), "--dim", "0"),
        c("embed: bad iteration weights", 2, "`--weights`", "embed", "--input", res("self-loops.txt"),
            "--weights", "1,x"),
        c("generate: a + b + c > 1", 2, "`a + b + c` must be <= 1", "generate", "rmat", "--scale", "5", "--a",
            "0.9", "--b", "0.1", "--c", "0.1"),
        c("generate: bad scale", 2, "`scale` must be in [1, 40], got 0", "generate", "rmat", "--scale", "0"),
        c("sample: ratio above 1", 2, "`ratio` must be in (0, 1], got 1.5", "sample", "--input",
            res("self-loops.txt"), "--method", "random-node", "--ratio", "1.5"),
        c("sample: ratio 0", 2, "`ratio` must be in (0, 1], got 0.0", "sample", "--input", res("self-loops.txt"),
            "--method", "jdd", "--ratio", "0"),
        c("sample: more nodes than the graph", 2, "`--nodes` must be at most the input's vertex count 3, got 10",
            "sample", "--input", res("self-loops.txt"), "--method", "jdd", "--nodes", "10"),
        c("sample: unknown hub policy", 2, "`hubPolicy` must be one of cap, drop, fail, got keep", "sample",
            "--input", res("self-loops.txt"), "--method", "jdd", "--hub-policy", "keep"),
        c("sample: unknown method", 2, "`method` must be one of", "sample", "--input", res("self-loops.txt"),
            "--method", "snowball"),
        c("sample: malformed line", 2, "{non-integer-id.txt}:3: non-integer dst id: '3 x'", "sample", "--input",
            res("non-integer-id.txt"), "--method", "random-edge"),
        c("embed: missing input", 2, "input '{missing.txt}' does not exist", "embed", "--input", "{missing.txt}"),
        c("cluster: attribute weight neither a number nor auto", 2,
            "`--attribute-weight` must be a number >= 0 or auto, got 'heavy'", "cluster", "--input",
            res("self-loops.txt"), "--attribute-weight", "heavy", "--k", "2"),
        c("cluster: unknown attribute format", 2, "`--attribute-format` must be linqs or csv, got 'xml'", "cluster",
            "--input", res("self-loops.txt"), "--attributes", res("self-loops.txt"), "--attribute-format", "xml",
            "--k", "2"),
        c("cluster: malformed line", 2, "{too-few-columns.txt}:2: too few columns", "cluster", "--input",
            res("too-few-columns.txt"), "--k", "2"),
        c("rescale: block size does not divide d", 2,
            "`blockSize` must divide the embedding dimension d = 3, got blockSize = 2", "rescale", "--embeddings",
            res("emb-3d.csv"), "--mode", "target-radius", "--block-size", "2"),
        c("rescale: missing embeddings", 2, "`--embeddings` does not exist", "rescale", "--embeddings",
            "{missing.txt}", "--mode", "target-radius"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void corpus(String name, int code, String fragment, String[] args) throws IOException {
    String out = dir.resolve("out-" + name.replaceAll("[^a-z0-9]+", "-")).toString();
    List<String> full = new ArrayList<>();
    for (String a : args) {
      full.add(subst(a));
    }
    full.add("--output");
    full.add(out);
    MainTest.Result r = MainTest.grasp(full.toArray(new String[0]));
    assertEquals(code, r.code(), name + ": " + r.err());
    if (code != 0) {
      String expected = subst(fragment);
      assertTrue(r.err().contains(expected), name + ": expected '" + expected + "' in: " + r.err());
      assertEquals(1, r.err().trim().split("\n").length, "one-line error: " + r.err());
      assertFalse(new File(out).exists(), name + ": output left behind");
      String prefix = "." + new File(out).getName() + "._tmp";
      assertEquals(0, Arrays.stream(dir.toFile().list()).filter(n -> n.startsWith(prefix)).count(),
          name + ": temporary folder left behind");
    } else {
      assertTrue(new File(out, "report.json").isFile(), name + ": no report");
    }
  }

  @ParameterizedTest(name = "existing output without --overwrite")
  @MethodSource("existing")
  void existingOutput(String unused) throws IOException {
    Path out = Files.createDirectories(dir.resolve("exists"));
    MainTest.Result r = MainTest.grasp("stats", "--input", res("self-loops.txt"), "--output", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("already exists; pass --overwrite"), r.err());
    Path file = Files.write(dir.resolve("a-file"), new byte[] {1});
    MainTest.Result u = MainTest.grasp("stats", "--input", res("self-loops.txt"), "--output",
        file.resolve("sub").toString());
    assertEquals(2, u.code(), "unwritable output: " + u.err());
    assertTrue(u.err().contains("cannot be created"), u.err());
  }

  @org.junit.jupiter.api.Test
  void labelsForUnknownNodesAreCountedNotLost() throws IOException {
    String out = dir.resolve("unknown-labels").toString();
    MainTest.Result r = MainTest.grasp("evaluate", "node-classification", "--embeddings", res("emb-3d.csv"),
        "--labels", res("labels-unknown-nodes.txt"), "--train-ratio", "0.5", "--repeats", "1", "--output", out);
    assertEquals(0, r.code(), r.err());
    com.fasterxml.jackson.databind.JsonNode rep = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(new File(out, "report.json"));
    assertEquals(2, rep.at("/labelledNodesWithoutEmbedding").asLong(), rep.toString());
    assertEquals(8, rep.at("/results/0/labelledNodes").asLong(), rep.toString());
  }

  @ParameterizedTest(name = "sample --nodes 3 --method {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"random-node", "jdd"})
  void nodesGivesTheSampleSize(String method) throws IOException {
    Path g = Files.write(dir.resolve("ring6-" + method + ".txt"),
        "1 2\n2 3\n3 4\n4 5\n5 6\n6 1\n1 4\n4 1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String out = dir.resolve("nodes-" + method).toString();
    MainTest.Result r = MainTest.grasp("sample", "--input", g.toString(), "--method", method, "--nodes", "3",
        "--output", out);
    assertEquals(0, r.code(), r.err());
    com.fasterxml.jackson.databind.JsonNode rep = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(new File(out, "report.json"));
    assertEquals(3, rep.at("/summary/sampleVertices").asLong(), rep.toString());
    assertEquals(0.5, rep.at("/summary/ratio").asDouble(), 1e-12, rep.toString());
  }

  static Stream<String> existing() {
    return Stream.of("once");
  }

  private static String subst(String s) {
    if (s.contains("{parquet-ab}")) {
      String p = dir.resolve("parquet-ab").toString();
      if (!new File(p).exists()) {
        TestSpark.get().sql("select id as a, id as b from range(3)").write().parquet(p);
      }
      return s.replace("{parquet-ab}", p);
    }
    if (s.contains("{missing.txt}")) {
      return s.replace("{missing.txt}", dir.resolve("missing.txt").toString());
    }
    int open = s.indexOf('{');
    int close = s.indexOf('}');
    if (open >= 0 && close > open) {
      return s.substring(0, open) + res(s.substring(open + 1, close)) + s.substring(close + 1);
    }
    return s;
  }
}
