package dev.grasp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.graph.util.DriverLocal;
import dev.grasp.testing.TestSpark;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * grasp's commands against a real HDFS: a MiniDFSCluster (one name node, one data node) started by the test in this
 * JVM, addressed by {@code hdfs://localhost:<port>/…} URIs as a user's cluster paths are. Each command reads its input
 * from HDFS (plain text and gzip) and writes its output there; the output must equal, byte for byte, the same command's
 * output on the local file system. The sampler and FastRP also run their Spark stages against HDFS. Atomic output on HDFS: a completed output holds no temporary sibling, and an
 * existing output is refused unless {@code --overwrite}.
 */
class HdfsTest {

  @TempDir
  static Path base;

  private static MiniDFSCluster cluster;
  private static FileSystem fs;
  private static String root;
  private static Path graph;

  @BeforeAll
  static void start() throws IOException {
    TestSpark.get();
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();
    root = fs.getUri().toString();
    graph = base.resolve("g.txt");
    Files.writeString(graph, graphText());
    fs.mkdirs(new org.apache.hadoop.fs.Path("/in"));
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(graph.toString()), new org.apache.hadoop.fs.Path("/in/g.txt"));
    try (OutputStream o = new GZIPOutputStream(fs.create(new org.apache.hadoop.fs.Path("/in/g.txt.gz")))) {
      o.write(Files.readAllBytes(graph));
    }
  }

  /**
   * Stops the data and name nodes one by one: {@code MiniDFSCluster.shutdown} also clears every Hadoop shutdown hook of
   * the JVM, Spark's among them, and Spark's block manager and scratch folders were then left in the temporary folder.
   */
  @AfterAll
  static void stop() throws IOException {
    if (cluster != null) {
      fs.close();
      cluster.shutdownDataNodes();
      cluster.shutdownNameNodes();
    }
  }

  /** The directed test graph of {@code DeterminismTest}: hubs, a cycle, sinks and a separate component. */
  private static String graphText() {
    StringBuilder b = new StringBuilder("# src dst\n");
    for (int i = 1; i <= 60; i++) {
      b.append(i).append(' ').append((i * 7) % 61 + 1).append('\n');
      b.append(i).append(' ').append(i % 5 + 1).append('\n');
      if (i % 3 == 0) {
        b.append((i % 11) + 1).append(' ').append(i).append('\n');
      }
    }
    return b.append("100 101\n101 102\n102 100\n").toString();
  }

  /** Concatenated bytes of every part file below {@code out} (local), in path order, each named by its folder. */
  private static String content(Path out) throws IOException {
    List<Path> parts = new ArrayList<>();
    try (var walk = Files.walk(out)) {
      walk.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().forEach(parts::add);
    }
    StringBuilder b = new StringBuilder();
    for (Path p : parts) {
      b.append(p.getParent().getFileName()).append(':').append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
    }
    return b.toString();
  }

  /** The HDFS folder {@code hdfsPath} copied to a fresh local folder. */
  private static Path fetch(String hdfsPath, String tag) throws IOException {
    Path local = base.resolve("fetched-" + tag);
    fs.copyToLocalFile(new org.apache.hadoop.fs.Path(hdfsPath), new org.apache.hadoop.fs.Path(local.toString()));
    return local;
  }

  private static void ok(List<String> args) {
    MainTest.Result r = MainTest.grasp(args.toArray(new String[0]));
    assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
  }

  private static List<String> with(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(Arrays.asList(more));
    return all;
  }

  /**
   * {@code args} with an HDFS input and an HDFS output give the bytes the same command gives on local paths: the plain
   * text read in the driver (the default for a graph this small), and when {@code sparkGz} the gzip file read and
   * the result written by Spark's stages (driver threshold 0; DeterminismTest shows both paths give the same bytes).
   * A completed HDFS output has no temporary sibling beside it.
   */
  private static void sameAsLocal(String tag, boolean sparkGz, List<String> args) throws IOException {
    String local = base.resolve(tag + "-local").toString();
    ok(with(args, "--input", graph.toString(), "--output", local));
    String expected = content(Path.of(local));
    assertFalse(expected.isEmpty(), tag + ": the local run wrote part files");
    for (String in : List.of("/in/g.txt", "/in/g.txt.gz")) {
      boolean gz = in.endsWith(".gz");
      String out = "/out/" + tag + (gz ? "-gz" : "");
      List<String> run = with(args, "--input", root + in, "--output", root + out);
      ok(gz && sparkGz ? with(run, "--conf", DriverLocal.CONF + "=0") : run);
      assertTrue(fs.exists(new org.apache.hadoop.fs.Path(out + "/report.json")), tag + ": report on HDFS");
      assertEquals(expected, content(fetch(out, tag + (gz ? "-gz" : ""))),
          tag + " reading " + in + ": HDFS output differs from the local run's");
    }
    for (FileStatus s : fs.listStatus(new org.apache.hadoop.fs.Path("/out"))) {
      assertFalse(s.getPath().getName().startsWith("."), "a temporary sibling was left on HDFS: " + s.getPath());
    }
  }

  @Test
  void statsReadsAndWritesHdfs() throws IOException {
    sameAsLocal("stats", false, List.of("stats"));
  }

  @Test
  void sampleReadsAndWritesHdfs() throws IOException {
    sameAsLocal("sample", true, List.of("sample", "--method", "jdd", "--ratio", "0.5", "--seed", "11",
        "--output-format", "csv"));
  }

  @Test
  void embedReadsAndWritesHdfs() throws IOException {
    sameAsLocal("embed", true, List.of("embed", "--dim", "16", "--weights", "0,1,1", "--seed", "9",
        "--output-format", "csv"));
  }

  @Test
  void clusterReadsAndWritesHdfs() throws IOException {
    sameAsLocal("cluster", false, List.of("cluster", "--undirected", "--k", "3", "--method", "amg", "--seed", "5",
        "--output-format", "csv"));
  }

  /**
   * A grasp JVM SIGKILLed while it writes its HDFS output (a part file below the hidden temporary sibling) leaves the
   * final path absent; the rerun, without {@code --overwrite}, removes the killed writer's temporary sibling and
   * completes the output.
   */
  @Test
  void aRunKilledMidWriteLeavesTheHdfsOutputAbsent() throws Exception {
    String out = root + "/killed/rmat";
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Djdk.reflect")) {
        cmd.add(a);
      }
    }
    // the killed JVM cannot remove its scratch folders and unpacked libraries: they go below the test's folder
    Files.createDirectories(base.resolve("killed-tmp"));
    cmd.addAll(List.of("-Xmx1g", "-Djava.io.tmpdir=" + base.resolve("killed-tmp"), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "generate", "rmat", "--scale", "14",
        "--edge-factor", "16", "--seed", "3", "--output-format", "csv", "--master", "local[2]", "--output", out));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(base.resolve("killed.log").toFile())
        .start();
    org.apache.hadoop.fs.Path parts = new org.apache.hadoop.fs.Path("/killed/.rmat._tmp-*/*/part-*");
    boolean seen = false;
    for (int i = 0; i < 1200 && p.isAlive() && !seen; i++) {
      FileStatus[] found = fs.globStatus(parts);
      seen = found != null && found.length > 0;
      if (!seen) {
        Thread.sleep(50);
      }
    }
    boolean finalAbsentAtKill = !fs.exists(new org.apache.hadoop.fs.Path("/killed/rmat"));
    p.destroyForcibly().waitFor();
    assertTrue(seen, "a part file appeared below the temporary sibling before the run ended: "
        + Files.readString(base.resolve("killed.log")));
    assertTrue(finalAbsentAtKill, "the final path did not exist while the run wrote");
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/killed/rmat")), "the killed run left no final path");
    FileStatus[] temps = fs.globStatus(new org.apache.hadoop.fs.Path("/killed/.rmat._tmp-*"));
    assertEquals(1, temps.length, "the killed writer's temporary sibling is there");

    ok(List.of("generate", "rmat", "--scale", "14", "--edge-factor", "16", "--seed", "3", "--output-format", "csv",
        "--output", out));
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/killed/rmat/report.json")), "the rerun completed");
    assertEquals(0, fs.globStatus(new org.apache.hadoop.fs.Path("/killed/.rmat._tmp-*")).length,
        "the rerun removed the killed writer's temporary sibling");
  }

  /** An existing HDFS output is refused, named in the error, and left as it was; {@code --overwrite} replaces it. */
  @Test
  void anExistingHdfsOutputIsRefusedUnlessOverwrite() throws IOException {
    String out = root + "/kept/stats";
    ok(List.of("stats", "--input", root + "/in/g.txt", "--output", out));
    org.apache.hadoop.fs.Path report = new org.apache.hadoop.fs.Path("/kept/stats/report.json");
    long before = fs.getFileStatus(report).getModificationTime();
    MainTest.Result again = MainTest.grasp("stats", "--input", root + "/in/g.txt", "--output", out);
    assertNotEquals(0, again.code(), "a second run onto an existing output must fail");
    assertTrue(again.err().contains(out) && again.err().contains("--overwrite"), again.err());
    assertEquals(before, fs.getFileStatus(report).getModificationTime(), "the refused run left the output alone");
    ok(List.of("stats", "--input", root + "/in/g.txt", "--output", out, "--overwrite"));
    assertTrue(fs.getFileStatus(report).getModificationTime() >= before);
    assertEquals(List.of("stats"), Arrays.stream(fs.listStatus(new org.apache.hadoop.fs.Path("/kept")))
        .map(s -> s.getPath().getName()).toList(), "only the output, no temporary sibling");
  }
}
