package dev.grasp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.testing.TestSpark;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stochastic command gives byte-identical outputs for the same seed whatever the partitioning (input split into
 * 1, 3 or 8 partitions, as many shuffle partitions) and across runs. Outputs are CSV, compared byte for byte after
 * concatenating the part files in order.
 */
class DeterminismTest {

  @TempDir
  Path dir;

  @BeforeAll
  static void session() {
    TestSpark.get();
  }

  @AfterEach
  void resetConf() {
    TestSpark.get().conf().set("spark.sql.shuffle.partitions", "4");
    TestSpark.get().conf().unset("spark.sql.files.maxPartitionBytes");
    TestSpark.get().conf().unset("spark.sql.files.openCostInBytes");
  }

  private String graphFile() throws IOException {
    StringBuilder b = new StringBuilder();
    // A small directed graph with hubs, a cycle, sinks and a separate component.
    for (int i = 1; i <= 60; i++) {
      b.append(i).append(' ').append((i * 7) % 61 + 1).append('\n');
      b.append(i).append(' ').append(i % 5 + 1).append('\n');
      if (i % 3 == 0) {
        b.append((i % 11) + 1).append(' ').append(i).append('\n');
      }
    }
    b.append("100 101\n101 102\n102 100\n");
    Path p = dir.resolve("g.txt");
    Files.writeString(p, b.toString());
    return p.toString();
  }

  /** The same edges with weights spread over three orders of magnitude (sums of them round in shuffle order). */
  private String weightedGraphFile() throws IOException {
    StringBuilder b = new StringBuilder();
    String[] lines = Files.readString(Path.of(graphFile())).split("\n");
    for (int k = 0; k < lines.length; k++) {
      b.append(lines[k]).append(' ').append(0.1 + (k % 7) * 0.37 + (k % 3) * 11.3).append('\n');
    }
    Path p = dir.resolve("gw.txt");
    Files.writeString(p, b.toString());
    return p.toString();
  }

  /** Concatenated bytes of every part file below {@code out}, in path order. */
  private static String content(File out) throws IOException {
    List<Path> parts = new ArrayList<>();
    try (var walk = Files.walk(out.toPath())) {
      walk.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().forEach(parts::add);
    }
    StringBuilder b = new StringBuilder();
    for (Path p : parts) {
      b.append(p.getParent().getFileName()).append(':').append(Files.readString(p));
    }
    return b.toString();
  }

  private String run(List<String> args, int partitions, String tag) throws IOException {
    String out = dir.resolve(tag + "-" + partitions).toString();
    List<String> full = new ArrayList<>(args);
    full.addAll(List.of("--output", out, "--output-format", "csv",
        "--conf", "spark.sql.shuffle.partitions=" + partitions,
        "--conf", "spark.sql.files.maxPartitionBytes=" + Math.max(64, 2400 / partitions),
        "--conf", "spark.sql.files.openCostInBytes=0"));
    MainTest.Result r = MainTest.grasp(full.toArray(new String[0]));
    assertEquals(0, r.code(), tag + " with " + partitions + " partitions: " + r.err());
    return content(new File(out));
  }

  private void assertDeterministic(String tag, String... args) throws IOException {
    List<String> a = Arrays.asList(args);
    String one = run(a, 1, tag);
    assertFalse(one.isEmpty(), tag + ": no output rows");
    assertEquals(one, run(a, 3, tag), tag + ": 1 vs 3 partitions");
    assertEquals(one, run(a, 8, tag), tag + ": 1 vs 8 partitions");
    assertEquals(one, run(a, 1, tag + "-again"), tag + ": second run");
  }

  /** FastRP's sums are fixed-point (exact, order-free), so its output is identical byte for byte too. */
  @Test
  void embedIsIdenticalForAnyPartitioning() throws IOException {
    assertDriverAndSparkDeterministic("embed", "embed", "--input", graphFile(), "--dim", "16", "--weights", "0,1,1",
        "--seed", "9");
  }

  /** The same with edge weights, feature-free: the merged weights and degrees are fixed-point sums as well. */
  @Test
  void weightedEmbedIsIdenticalForAnyPartitioning() throws IOException {
    assertDriverAndSparkDeterministic("embed-weighted", "embed", "--input", weightedGraphFile(), "--weighted",
        "--dim", "16", "--weights", "0,1,1", "--seed", "9");
  }

  /**
   * The Spark stages (driver threshold 0) at 1, 3 and 8 partitions, and the session-less driver run (read, compute and
   * write in the driver), give the same bytes.
   */
  private void assertDriverAndSparkDeterministic(String tag, String... args) throws IOException {
    List<String> spark = new ArrayList<>(Arrays.asList(args));
    spark.addAll(List.of("--conf", "spark.grasp.driverLocal.maxBytes=0"));
    assertDeterministic(tag, spark.toArray(new String[0]));
    List<String> driver = new ArrayList<>(Arrays.asList(args));
    driver.addAll(List.of("--conf", "spark.grasp.driverLocal.maxBytes=auto"));
    String out = dir.resolve(tag + "-driver").toString();
    driver.addAll(List.of("--output", out, "--output-format", "csv"));
    MainTest.Result r = MainTest.grasp(driver.toArray(new String[0]));
    assertEquals(0, r.code(), r.err());
    assertEquals(run(spark, 1, tag + "-spark"), content(new File(out)), tag + ": driver vs Spark stages");
    String report = Files.readString(Path.of(out, "report.json"));
    assertTrue(report.contains("\"applicationId\" : null"), "the driver run starts no Spark session: " + report);
  }

  @Test
  void everySamplerIsIdenticalForAnyPartitioning() throws IOException {
    String g = graphFile();
    for (String method : List.of("random-node", "random-edge", "random-walk", "forest-fire")) {
      assertDeterministic("sample-" + method, "sample", "--input", g, "--method", method, "--ratio", "0.5",
          "--seed", "11");
    }
    assertDriverAndSparkDeterministic("sample-jdd", "sample", "--input", g, "--method", "jdd", "--ratio", "0.5",
        "--seed", "11");
  }

  @Test
  void clusterIsIdenticalForAnyPartitioning() throws IOException {
    assertDriverAndSparkDeterministic("cluster", "cluster", "--input", graphFile(), "--undirected", "--k", "3",
        "--method", "amg", "--seed", "5", "--hierarchies", "3", "--restarts", "2", "--embedding");
  }

  /**
   * The fit's sums are exact (every per-pair term cast to a decimal before {@code sum}), so its points are identical
   * byte for byte across partitionings and runs of the Spark stages (driver threshold 0: distributed objective), and
   * the session-less driver run gives the same points and the same report summary.
   */
  @Test
  void rescaleFitIsIdenticalForAnyPartitioning() throws IOException {
    String g = graphFile();
    String emb = dir.resolve("emb").toString();
    MainTest.Result e = MainTest.grasp("embed", "--input", g, "--dim", "16", "--weights", "0,1,1", "--output", emb);
    assertEquals(0, e.code(), e.err());
    List<String> a = List.of("rescale", "--embeddings", emb + "/embeddings", "--edges", g, "--block-size", "4",
        "--mode", "fit", "--max-iter", "5", "--seed", "5", "--conf", "spark.grasp.driverLocal.maxBytes=0");
    String one = embeddingsOnly(run(a, 1, "rescale"));
    assertFalse(one.isEmpty(), "rescale: no output rows");
    assertEquals(one, embeddingsOnly(run(a, 3, "rescale")), "rescale 1 vs 3 partitions");
    assertEquals(one, embeddingsOnly(run(a, 8, "rescale")), "rescale 1 vs 8 partitions");
    assertEquals(one, embeddingsOnly(run(a, 1, "rescale-again")), "rescale: second run");
    List<String> driver = new ArrayList<>(a.subList(0, a.size() - 2));
    String out = dir.resolve("rescale-driver").toString();
    driver.addAll(List.of("--output", out, "--output-format", "csv", "--conf", "spark.grasp.driverLocal.maxBytes=auto"));
    MainTest.Result r = MainTest.grasp(driver.toArray(new String[0]));
    assertEquals(0, r.code(), r.err());
    assertEquals(one, embeddingsOnly(content(new File(out))), "rescale: driver vs Spark stages");
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var driverReport = json.readTree(new File(out, "report.json"));
    var sparkReport = json.readTree(new File(dir.resolve("rescale-1").toFile(), "report.json"));
    assertEquals(sparkReport.get("summary"), driverReport.get("summary"), "rescale: driver vs Spark summary");
    assertTrue(driverReport.get("applicationId").isNull(), "the driver run starts no Spark session");
    assertFalse(sparkReport.get("applicationId").isNull(), "the Spark run has a session");
  }

  /** The part files of the embeddings/ folder only (model metadata carries a timestamp). */
  private static String embeddingsOnly(String content) {
    StringBuilder b = new StringBuilder();
    for (String part : content.split("(?=embeddings:)")) {
      if (part.startsWith("embeddings:")) {
        int next = part.indexOf("\nmetadata:");
        b.append(next < 0 ? part : part.substring(0, next));
      }
    }
    return b.toString();
  }

  @Test
  void generatorsAreIdenticalForAnyPartitioning() throws IOException {
    assertDeterministic("rmat", "generate", "rmat", "--scale", "9", "--edge-factor", "4", "--seed", "2");
  }
}
