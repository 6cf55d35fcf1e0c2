package dev.grasp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grasp.graph.util.DriverLocal;
import dev.grasp.testing.TestSpark;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir
  Path dir;

  /** Exit code, stdout and stderr of one command line. */
  record Result(int code, String out, String err) {}

  @BeforeAll
  static void session() {
    TestSpark.get();
  }

  static Result grasp(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  private String file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content.getBytes(StandardCharsets.UTF_8));
    return p.toString();
  }

  private void assertNothingLeftBehind(String output) {
    File parent = new File(output).getParentFile();
    assertFalse(new File(output).exists(), "output exists: " + output);
    String name = new File(output).getName();
    String[] tmp = parent.list((d, n) -> n.startsWith("." + name + "._tmp"));
    assertEquals(0, tmp == null ? 0 : tmp.length, "temporary folders left: " + Arrays.toString(tmp));
  }

  @Test
  void helpListsCommandsAndExitsZero() {
    Result r = grasp("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("stats") && r.out().contains("generate"), r.out());
    Result s = grasp("stats", "--help");
    assertEquals(0, s.code());
    assertTrue(s.out().contains("--duplicates") && s.out().contains("dedupe | weight"), s.out());
  }

  @Test
  void aNamedCommandIsBuiltAloneAndEverythingElseSeesAllCommands() {
    List<String> all = List.of("pipeline", "stats", "sample", "compare", "generate", "embed", "evaluate", "cluster",
        "rescale", "gpu-check", "help");
    assertEquals(all, new ArrayList<>(Main.commandLine().getSubcommands().keySet()));
    assertEquals(List.of("sample", "help"),
        new ArrayList<>(Main.commandLine(new String[] {"sample", "--help"}).getSubcommands().keySet()));
    for (String[] args : new String[][] {{}, {"--help"}, {"help", "sample"}, {"sampel"}, {"-V"}}) {
      assertEquals(all, new ArrayList<>(Main.commandLine(args).getSubcommands().keySet()), Arrays.toString(args));
    }
    Result typo = grasp("sampel");
    assertEquals(2, typo.code());
    assertTrue(typo.err().contains("grasp sample"), "the suggestion names the command: " + typo.err());
    Result bare = grasp();
    assertEquals(0, bare.code());
  }

  /**
   * {@code sample --report} compares a jdd sample without self-loops (its target is the simple graph): at r = 1 the
   * sample has the simple graph's degrees exactly, so every D is 0; counting the input's two self-loops would make the
   * in- and out-degree D positive. A random-node sample keeps them. (The driver path; the Spark stages drop self-loops
   * with the same {@code SampleComparison.withoutSelfLoops} that CompareCommandTest runs on Spark-read graphs.)
   */
  @Test
  void sampleReportComparesAsTheMethodSamples() throws IOException {
    String in = file("loops.txt", "1 2\n2 3\n3 1\n1 3\n3 3\n2 2\n4 1\n1 4\n2 4\n");
    JsonNode jr = sampleReport(in, "jdd");
    assertEquals("drop", jr.at("/compareSelfLoops").asText(), jr.toString());
    assertEquals(0.0, jr.at("/summary/d/inDegree").asDouble(), 0.0, jr.toString());
    assertEquals(0.0, jr.at("/summary/d/outDegree").asDouble(), 0.0, jr.toString());
    JsonNode rep = sampleReport(in, "random-node");
    assertEquals("keep", rep.at("/compareSelfLoops").asText(), rep.toString());
  }

  /** The report.json of {@code sample --method <method> --ratio 1.0 --report} on {@code in}, with a small profile. */
  private JsonNode sampleReport(String in, String method) throws IOException {
    String out = dir.resolve(method).toString();
    Result r = grasp("sample", "--input", in, "--method", method, "--ratio", "1.0", "--report", "--output", out,
        "--singular-values", "2", "--hop-sources", "4", "--max-hops", "4");
    assertEquals(0, r.code(), r.err());
    return new ObjectMapper().readTree(new File(out, "report.json"));
  }

  /**
   * A run checkpoints into its own folder under --checkpoint-dir and deletes it when it ends, after a success and
   * after a failure; the joined session gets its own checkpoint folder back.
   */
  @Test
  void aRunsCheckpointsAreDeletedWhenItEnds() throws IOException {
    String in = file("cp.txt", "1 2\n2 3\n3 1\n3 4\n");
    Path root = dir.resolve("checkpoints");
    scala.Option<String> before = TestSpark.get().sparkContext().getCheckpointDir();
    Result ok = grasp("embed", "--input", in, "--dim", "8", "--output", dir.resolve("emb").toString(),
        "--checkpoint-dir", root.toString(), "--conf", DriverLocal.CONF + "=0");
    assertEquals(0, ok.code(), ok.err());
    JsonNode report = new ObjectMapper().readTree(dir.resolve("emb/report.json").toFile());
    assertTrue(report.at("/checkpoints").asText().startsWith(root + "/run-"), report.toString());
    assertFalse(Files.exists(root), "the root the run created is gone with its run folder");
    assertEquals(before, TestSpark.get().sparkContext().getCheckpointDir());
    // a root that was there before stays, empty; fails after its session started: the sample folder does not exist
    Files.createDirectories(root);
    Result bad = grasp("compare", "--original", in, "--sample", dir.resolve("none").toString(), "--output",
        dir.resolve("cmp").toString(), "--checkpoint-dir", root.toString());
    assertEquals(2, bad.code(), bad.err());
    assertEquals(List.of(), list(root), "no run folder left after a failure");
    assertEquals(before, TestSpark.get().sparkContext().getCheckpointDir());
  }

  /**
   * Without {@code --checkpoint-dir}, a cluster run checkpoints beside its output (a hidden folder on the output's file
   * system, which every executor reads); a local run under {@code java.io.tmpdir}; {@code --checkpoint-dir} wins.
   */
  @Test
  void aClusterRunsDefaultCheckpointRootIsBesideItsOutput() {
    SparkOptions cluster = new SparkOptions();
    cluster.master = "spark://127.0.0.1:7077";
    JobContext c = JobContext.start("stats", cluster);
    try {
      c.output(dir.resolve("runs/stats").toString(), false).close();
      assertEquals(dir.resolve("runs") + "/.grasp-checkpoints", c.checkpointRoot());
    } finally {
      c.close();
    }
    SparkOptions local = new SparkOptions();
    local.master = "local[2]";
    JobContext l = JobContext.start("stats", local);
    try {
      l.output(dir.resolve("runs/local").toString(), false).close();
      assertEquals(System.getProperty("java.io.tmpdir").replaceAll("/+$", "") + "/grasp-checkpoints",
          l.checkpointRoot());
    } finally {
      l.close();
    }
    cluster.checkpointDir = "hdfs://nn:8020/grasp/cp/";
    JobContext given = JobContext.start("stats", cluster);
    try {
      given.output(dir.resolve("runs/given").toString(), false).close();
      assertEquals("hdfs://nn:8020/grasp/cp", given.checkpointRoot());
    } finally {
      given.close();
    }
  }

  /**
   * A run's {@code --conf} holds in a session it joins only while it runs: afterwards a changed setting has its value
   * before again and one that was unset is unset, whether the run used the session or stayed in the driver.
   */
  @Test
  void aRunsConfDoesNotOutliveIt() throws IOException {
    String in = file("conf.txt", "1 2\n2 3\n3 1\n");
    var conf = TestSpark.get().conf();
    String partitions = conf.get("spark.sql.shuffle.partitions");
    scala.Option<String> threshold = conf.getOption(DriverLocal.CONF);
    String marker = "spark.grasp.test.confMarker";
    assertFalse(conf.contains(marker));
    Result spark = grasp("sample", "--input", in, "--method", "random-node", "--ratio", "0.5",
        "--output", dir.resolve("s1").toString(), "--conf", DriverLocal.CONF + "=0",
        "--conf", "spark.sql.shuffle.partitions=7", "--conf", marker + "=1");
    assertEquals(0, spark.code(), spark.err());
    JsonNode report = new ObjectMapper().readTree(new File(dir.resolve("s1").toFile(), "report.json"));
    assertFalse(report.at("/applicationId").isNull(), "threshold 0 ran the Spark stages: " + report);
    assertFalse(conf.contains(marker), "unset again after the run");
    assertEquals(threshold, conf.getOption(DriverLocal.CONF));
    assertEquals(partitions, conf.get("spark.sql.shuffle.partitions"));
    Result driver = grasp("stats", "--input", in, "--output", dir.resolve("s2").toString(),
        "--conf", "spark.sql.shuffle.partitions=5");
    assertEquals(0, driver.code(), driver.err());
    assertEquals(partitions, conf.get("spark.sql.shuffle.partitions"), "given back by a driver-only run too");
  }

  private static List<String> list(Path d) throws IOException {
    try (java.util.stream.Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void statsWritesReportAndTables() throws IOException {
    String in = file("g.txt", "# tiny\n1 2\n2 3\n3 1\n3 3\n");
    // the Spark stages (threshold 0): the read parses the text in one Spark job, the tables are written by Spark jobs
    // whose plans are measured
    String spark = dir.resolve("stats-spark").toString();
    Result s = grasp("stats", "--input", in, "--output", spark, "--conf", DriverLocal.CONF + "=0");
    assertEquals(0, s.code(), s.err());
    JsonNode sr = new ObjectMapper().readTree(new File(spark, "report.json"));
    assertTrue(sr.at("/sparkJobs/read").asLong() >= 1, sr.toString());
    assertTrue(sr.at("/sparkJobs/write dcm").asLong() >= 1, sr.toString());
    assertTrue(sr.at("/planChars/write dcm").asLong() > 20, sr.toString());
    assertFalse(sr.at("/applicationId").isNull(), sr.toString());
    // the default: a graph this small is read, measured and written in the driver, without a Spark session
    String out = dir.resolve("stats").toString();
    Result r = grasp("stats", "--input", in, "--output", out, "--conf", DriverLocal.CONF + "=auto");
    assertEquals(0, r.code(), r.err());
    JsonNode rep = new ObjectMapper().readTree(new File(out, "report.json"));
    assertEquals(3, rep.at("/summary/nodes").asLong());
    assertEquals(4, rep.at("/summary/edges").asLong());
    assertEquals(1, rep.at("/summary/selfLoops").asLong());
    assertEquals(3, rep.at("/summary/largestScc").asLong());
    assertEquals("stats", rep.at("/command").asText());
    assertTrue(rep.at("/timingsSeconds/read").isNumber());
    for (String stage : List.of("read", "write dcm", "write jdm", "scc", "clustering")) {
      assertEquals(0, rep.at("/sparkJobs/" + stage).asLong(), stage + ": " + rep);
    }
    assertTrue(rep.at("/applicationId").isNull(), rep.toString());
    assertEquals(sr.at("/summary"), rep.at("/summary"));
    assertTrue(new File(out, "dcm").isDirectory() && new File(out, "jdm").isDirectory());
  }

  /** The driver path (small graph) and the Spark path (threshold 0) write the same summary, DCM and JDM. */
  @Test
  void statsInTheDriverEqualTheSparkStages() throws IOException {
    String in = file("d.txt", "1 2\n2 3\n3 1\n3 3\n1 2\n4 1\n4 2\n2 4\n5 4\n");
    String[] threshold = {"0", "auto"}; // the in-process session keeps the last value: auto, for the other tests
    JsonNode[] reps = new JsonNode[2];
    List<List<String>> tables = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      String out = dir.resolve("st" + k).toString();
      Result r = grasp("stats", "--input", in, "--output", out, "--output-format", "csv", "--conf",
          "spark.grasp.driverLocal.maxBytes=" + threshold[k]);
      assertEquals(0, r.code(), r.err());
      reps[k] = new ObjectMapper().readTree(new File(out, "report.json"));
      for (String t : new String[] {"dcm", "jdm"}) {
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(Path.of(out, t))) {
          for (Path f : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
            lines.addAll(Files.readAllLines(f).stream().filter(l -> !l.contains("Degree")).toList());
          }
        }
        java.util.Collections.sort(lines);
        tables.add(lines);
      }
    }
    assertEquals(reps[1].get("summary"), reps[0].get("summary"));
    assertEquals(tables.get(2), tables.get(0));
    assertEquals(tables.get(3), tables.get(1));
    // hand-checked, the duplicate 1→2 merged and the loop 3→3 kept: (in, out) = 1:(2,1) 2:(2,2) 3:(2,2) 4:(2,2) 5:(0,1)
    assertEquals(List.of("0,1,1", "2,1,1", "2,2,3"), tables.get(0));
    assertEquals(0, reps[1].at("/sparkJobs/degree summary").asLong(), reps[1].toString());
    assertTrue(reps[0].at("/sparkJobs/degree summary").asLong() > 0, reps[0].toString());
  }

  @Test
  void existingOutputIsRefusedWithoutOverwrite() throws IOException {
    String in = file("g.txt", "1 2\n");
    Path out = Files.createDirectories(dir.resolve("exists"));
    Files.write(out.resolve("keep.txt"), new byte[] {1});
    Result r = grasp("stats", "--input", in, "--output", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("output '" + out + "' already exists; pass --overwrite"), r.err());
    assertTrue(Files.exists(out.resolve("keep.txt")), "existing output untouched");
    Result ok = grasp("stats", "--input", in, "--output", out.toString(), "--overwrite");
    assertEquals(0, ok.code(), ok.err());
    assertFalse(Files.exists(out.resolve("keep.txt")));
    assertTrue(Files.exists(out.resolve("report.json")));
  }

  @Test
  void badInputExitsTwoNamingFileLineAndLeavesNoOutput() throws IOException {
    String in = file("bad.txt", "1 2\n1 two\n");
    String out = dir.resolve("o").toString();
    Result r = grasp("stats", "--input", in, "--output", out);
    assertEquals(2, r.code());
    assertEquals("grasp stats: error: " + in + ":2: non-integer dst id: '1 two'", r.err().trim());
    assertNothingLeftBehind(out);
  }

  @Test
  void missingInputAndBadOptionValues() {
    String out = dir.resolve("o").toString();
    Result missing = grasp("stats", "--input", dir.resolve("none.txt").toString(), "--output", out);
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("does not exist"), missing.err());
    assertNothingLeftBehind(out);
    Result fmt = grasp("stats", "--input", "x", "--format", "xml", "--output", out);
    assertEquals(2, fmt.code());
    assertTrue(fmt.err().contains("`--format` must be one of snap|csv|tsv|parquet, got 'xml'"), fmt.err());
    Result unknown = grasp("stats", "--bogus");
    assertEquals(2, unknown.code());
  }

  @Test
  void generateRmatThenStatsReadsIt() {
    String g = dir.resolve("rmat").toString();
    Result r = grasp("generate", "rmat", "--scale", "8", "--edge-factor", "4", "--seed", "3", "--output", g,
        "--output-format", "snap");
    assertEquals(0, r.code(), r.err());
    Result s = grasp("stats", "--input", g + "/edges", "--output", dir.resolve("s").toString());
    assertEquals(0, s.code(), s.err());
  }
}
