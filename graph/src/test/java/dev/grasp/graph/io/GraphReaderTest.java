package dev.grasp.graph.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.graph.DriverCopy;
import dev.grasp.graph.Graph;
import dev.grasp.graph.io.Policies.Direction;
import dev.grasp.graph.io.Policies.Duplicates;
import dev.grasp.graph.io.Policies.IdType;
import dev.grasp.graph.io.Policies.Malformed;
import dev.grasp.graph.io.Policies.SelfLoops;
import dev.grasp.graph.util.DriverLocal;
import dev.grasp.testing.TestSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphReaderTest {

  @TempDir
  Path dir;

  private final SparkSession spark = TestSpark.get();

  private String write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content.getBytes(StandardCharsets.UTF_8));
    return p.toString();
  }

  private static Set<String> edges(GraphInput in) {
    return in.graph().edges().collectAsList().stream()
        .map(r -> r.getLong(0) + ">" + r.getLong(1) + (r.size() > 2 ? ":" + r.getDouble(2) : ""))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void snapWithCommentsBlanksCrlfBomAndTabsOrSpaces() throws IOException {
    String p = write("g.txt", "\uFEFF# header\r\n1\t2\r\n\r\n2 3\r\n%other comment\n3   1\n");
    GraphInput in = GraphReader.with(spark).read(p);
    assertEquals(Set.of("1>2", "2>3", "3>1"), edges(in));
    ReadReport r = in.report();
    assertEquals(6, r.linesRead());
    assertEquals(2, r.commentLines());
    assertEquals(1, r.blankLines());
    assertEquals(3, r.edges());
    assertEquals(3, r.vertices());
  }

  @Test
  void gzipIsReadTransparently() throws IOException {
    Path p = dir.resolve("g.txt.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
      o.write("1 2\n2 3\n".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(Set.of("1>2", "2>3"), edges(GraphReader.with(spark).read(p.toString())));
  }

  /** The first half of a gzip file of {@code lines} edge lines, named {@code name}. */
  private Path truncatedGzip(String name, int lines) throws IOException {
    Path full = dir.resolve(name + ".full.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(full))) {
      for (int i = 0; i < lines; i++) {
        o.write((i + " " + (i + 1) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] bytes = Files.readAllBytes(full);
    Path cut = dir.resolve(name);
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    return cut;
  }

  @Test
  void truncatedGzipNamesTheInput() throws IOException {
    Path cut = truncatedGzip("cut.txt.gz", 5000);
    InputException e = assertThrows(InputException.class, () -> GraphReader.with(spark).read(cut.toString()));
    assertTrue(e.getMessage().contains("cut.txt.gz") && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void malformedLineFailsWithFileLineAndText() throws IOException {
    String p = write("bad.txt", "# c\n1 2\n2 x\n3 4\n");
    InputException e = assertThrows(InputException.class, () -> GraphReader.with(spark).read(p));
    assertTrue(e.getMessage().startsWith(p + ":3: non-integer dst id: '2 x'"), e.getMessage());
  }

  @Test
  void wrongColumnCountsAreReportedWithTheLine() throws IOException {
    String p = write("cols.txt", "1 2\n1 2 3 4\n");
    InputException e = assertThrows(InputException.class, () -> GraphReader.with(spark).read(p));
    assertTrue(e.getMessage().contains(":2: too many columns"), e.getMessage());
    String q = write("cols1.txt", "1 2\n7\n");
    e = assertThrows(InputException.class, () -> GraphReader.with(spark).read(q));
    assertTrue(e.getMessage().contains(":2: too few columns"), e.getMessage());
  }

  @Test
  void skipPolicyCountsMalformedByReason() throws IOException {
    String p = write("skip.txt", "1 2 1\na b\n3\n4 5 NaN\n6 7 -1\n8 9 1.5\n");
    GraphInput in = GraphReader.with(spark).malformed(Malformed.SKIP).read(p);
    ReadReport r = in.report();
    assertEquals(4, r.malformedTotal());
    assertEquals(1L, r.malformed().get("non-integer src id"));
    assertEquals(1L, r.malformed().get("too few columns (expected: src dst [weight])"));
    assertEquals(1L, r.malformed().get("non-finite weight"));
    assertEquals(1L, r.malformed().get("negative weight"));
    assertEquals(Set.of("1>2:1.0", "8>9:1.5"), edges(in));
    String mixed = write("mixed.txt", "1 2 1\n2 3\n");
    InputException e = assertThrows(InputException.class, () -> GraphReader.with(spark).read(mixed));
    assertTrue(e.getMessage().contains(":2: missing weight"), e.getMessage());
  }

  @Test
  void nonFiniteAndNegativeWeightsFailByDefault() throws IOException {
    String p = write("w.txt", "1 2 0.5\n2 3 Infinity\n");
    InputException e = assertThrows(InputException.class, () -> GraphReader.with(spark).read(p));
    assertTrue(e.getMessage().contains(":2: non-finite weight: '2 3 Infinity'"), e.getMessage());
    String q = write("neg.txt", "1 2 0.5\n2 3 -2\n");
    e = assertThrows(InputException.class, () -> GraphReader.with(spark).read(q));
    assertTrue(e.getMessage().contains(":2: negative weight"), e.getMessage());
    GraphInput ok = GraphReader.with(spark).allowNegativeWeights(true).read(q);
    assertEquals(Set.of("1>2:0.5", "2>3:-2.0"), edges(ok));
  }

  @Test
  void emptyAndCommentOnlyFilesAreRefused() throws IOException {
    String empty = write("empty.txt", "");
    InputException e = assertThrows(InputException.class, () -> GraphReader.with(spark).read(empty));
    assertTrue(e.getMessage().contains("empty.txt: no edges"), e.getMessage());
    String comments = write("comments.txt", "# a\n# b\n");
    e = assertThrows(InputException.class, () -> GraphReader.with(spark).read(comments));
    assertTrue(e.getMessage().contains("no edges (2 lines: 2 comments"), e.getMessage());
  }

  @Test
  void missingInputIsNamed() {
    String p = dir.resolve("nope.txt").toString();
    InputException e = assertThrows(InputException.class, () -> GraphReader.with(spark).read(p));
    assertEquals("input '" + p + "' does not exist", e.getMessage());
  }

  @Test
  void hugeIdsNearLongMaxAreKeptAndOverflowIsRefused() throws IOException {
    String p = write("huge.txt", "9223372036854775807 -9223372036854775808\n");
    assertEquals(Set.of("9223372036854775807>-9223372036854775808"), edges(GraphReader.with(spark).read(p)));
    String q = write("over.txt", "9223372036854775808 1\n");
    InputException e = assertThrows(InputException.class, () -> GraphReader.with(spark).read(q));
    assertTrue(e.getMessage().contains(":1: src id out of the long range"), e.getMessage());
  }

  @Test
  void selfLoopAndDuplicatePolicies() throws IOException {
    String p = write("dup.txt", "1 1\n1 2\n1 2\n2 1\n");
    GraphInput def = GraphReader.with(spark).read(p);
    assertEquals(Set.of("1>1", "1>2", "2>1"), edges(def));
    assertEquals(1, def.report().selfLoops());
    assertEquals(1, def.report().duplicates());
    GraphInput noLoops = GraphReader.with(spark).selfLoops(SelfLoops.DROP).read(p);
    assertEquals(Set.of("1>2", "2>1"), edges(noLoops));
    assertEquals(1, noLoops.report().selfLoopsDropped());
    GraphInput weighted = GraphReader.with(spark).duplicates(Duplicates.WEIGHT).read(p);
    assertEquals(Set.of("1>1:1.0", "1>2:2.0", "2>1:1.0"), edges(weighted));
    GraphInput multi = GraphReader.with(spark).duplicates(Duplicates.KEEP).read(p);
    assertEquals(4, multi.graph().edges().count());
  }

  /**
   * Every combination of the self-loop, duplicate and direction policies on an unweighted and a weighted list gives
   * the same edge multiset, vertices and report whether the read is finished in the driver (the default threshold)
   * or by Spark jobs (threshold 0); the driver path leaves nothing cached, the Spark path caches the edges.
   */
  @Test
  void driverAndSparkPathsGiveTheSameGraphAndReport() throws IOException {
    String plain = write("mix.txt", "1 1\n1 2\n1 2\n2 1\n3 2\n5 5\n2 3\n");
    String weighted = write("mixw.txt", "1 2 0.5\n1 2 2.0\n2 1 1.5\n3 3 1.0\n3 3 4.0\n4 1 0.25\n");
    GraphReader.Format snap = GraphReader.Format.SNAP;
    try {
      for (String p : List.of(plain, weighted)) {
        for (SelfLoops loops : SelfLoops.values()) {
          for (Duplicates dups : Duplicates.values()) {
            for (Direction dir : Direction.values()) {
              List<String> got = new ArrayList<>();
              for (String max : List.of("64m", "0")) {
                spark.conf().set(DriverLocal.CONF, max);
                GraphInput in = GraphReader.with(spark).format(snap).selfLoops(loops).duplicates(dups).direction(dir)
                    .read(p);
                List<String> e = in.graph().edges().collectAsList().stream()
                    .map(r -> r.getLong(0) + ">" + r.getLong(1) + (r.size() > 2 ? ":" + r.getDouble(2) : ""))
                    .sorted().collect(Collectors.toList());
                List<Long> v = in.graph().vertices().collectAsList().stream().map(r -> r.getLong(0)).sorted()
                    .collect(Collectors.toList());
                got.add(e + " " + v + " " + in.report().toMap());
                assertEquals(!max.equals("0"), in.graph().edges().storageLevel().equals(StorageLevel.NONE()),
                    "cached only on the Spark path");
                // the driver path keeps its arrays as the graph's copy, row for row the DataFrames
                Optional<DriverCopy> copy = DriverCopy.of(in.graph());
                assertEquals(!max.equals("0"), copy.isPresent(), "a driver copy only on the driver path");
                if (copy.isPresent()) {
                  DriverCopy c = copy.get();
                  List<String> ce = new ArrayList<>();
                  for (int k = 0; k < c.edgeCount(); k++) {
                    ce.add(c.src()[k] + ">" + c.dst()[k] + (c.weight() == null ? "" : ":" + c.weight()[k]));
                  }
                  ce.sort(null);
                  assertEquals(e, ce);
                  assertEquals(v, Arrays.stream(c.ids()).boxed().collect(Collectors.toList()));
                  assertTrue(DriverCopy.of(Graph.of(in.graph().vertices(), in.graph().edges().select("*")))
                      .isEmpty(), "a derived DataFrame has no copy");
                }
              }
              // the session-less driver read: the same arrays and report
              GraphReader.Local local = GraphReader.inDriver(spark.sparkContext().hadoopConfiguration()).format(snap)
                  .selfLoops(loops).duplicates(dups).direction(dir).readInDriver(p, 64L << 20).orElseThrow();
              DriverCopy lc = local.graph();
              List<String> le = new ArrayList<>();
              for (int k = 0; k < lc.edgeCount(); k++) {
                le.add(lc.src()[k] + ">" + lc.dst()[k] + (lc.weight() == null ? "" : ":" + lc.weight()[k]));
              }
              le.sort(null);
              got.add(le + " " + Arrays.stream(lc.ids()).boxed().collect(Collectors.toList()) + " "
                  + local.report().toMap());
              assertEquals(got.get(1), got.get(0), p + " " + loops + " " + dups + " " + dir);
              assertEquals(got.get(1), got.get(2), "readInDriver: " + p + " " + loops + " " + dups + " " + dir);
            }
          }
        }
      }
    } finally {
      spark.conf().unset(DriverLocal.CONF);
    }
    // hand-checked: the largest weight per pair, the sum of weights per pair
    assertEquals(Set.of("1>2:2.0", "2>1:1.5", "3>3:4.0", "4>1:0.25"), edges(GraphReader.with(spark).read(weighted)));
    assertEquals(Set.of("1>2:2.5", "2>1:1.5", "3>3:5.0", "4>1:0.25"),
        edges(GraphReader.with(spark).duplicates(Duplicates.WEIGHT).read(weighted)));
  }

  /**
   * The session-less driver read refuses bad input with the message of the Spark read, and declines what it does not
   * read (Parquet, string ids, files over the threshold).
   */
  @Test
  void driverReadFailsAsTheSparkReadAndDeclinesWhatItDoesNotRead() throws IOException {
    Path cut = truncatedGzip("cut2.txt.gz", 2000);
    List<String> bad = List.of(write("b1.txt", "# c\n1 2\n2 x\n3 4\n"), write("b2.txt", "1 2\n1 2 3 4\n"),
        write("b3.txt", "1 2 1\n2 3\n"), write("b4.txt", "1 2 0.5\n2 3 Infinity\n"), write("b5.txt", "# a\n"),
        write("b6.txt", "9223372036854775808 1\n"), cut.toString(), dir.resolve("nope.txt").toString());
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    for (String p : bad) {
      String viaSpark = assertThrows(InputException.class, () -> GraphReader.with(spark).read(p)).getMessage();
      String inDriver = assertThrows(InputException.class,
          () -> GraphReader.inDriver(conf).readInDriver(p, 64L << 20)).getMessage();
      if (p.endsWith("cut2.txt.gz")) {
        // the codec's own words differ between the two readers; both name the input and the cause
        assertTrue(inDriver.contains("cut2.txt.gz") && inDriver.contains("truncated"), inDriver);
      } else {
        assertEquals(viaSpark, inDriver, p);
      }
    }
    String csv = write("h.csv", "src,dst\n1,2\n2,3\n");
    GraphReader.Local l = GraphReader.inDriver(conf).format("csv").header(true).readInDriver(csv, 64L << 20)
        .orElseThrow();
    assertEquals(2, l.graph().edgeCount());
    assertEquals(1, l.report().headerLines());
    String ok = write("ok.txt", "1 2\n");
    assertTrue(GraphReader.inDriver(conf).idType(IdType.STRING).readInDriver(ok, 64L << 20).isEmpty());
    assertTrue(GraphReader.inDriver(conf).readInDriver(ok, 12).isEmpty(), "4 bytes of text over 12 / 4");
    assertTrue(GraphReader.inDriver(conf).readInDriver(ok, 0).isEmpty());
    assertThrows(IllegalStateException.class, () -> GraphReader.inDriver(conf).read(ok));
  }

  @Test
  void undirectedSymmetrises() throws IOException {
    String p = write("u.txt", "1 2\n2 3\n3 3\n");
    GraphInput in = GraphReader.with(spark).direction(Direction.UNDIRECTED).read(p);
    assertEquals(Set.of("1>2", "2>1", "2>3", "3>2", "3>3"), edges(in));
  }

  @Test
  void csvWithHeaderAndTsv() throws IOException {
    String csv = write("g.csv", "src,dst,weight\n1,2,0.5\n\"2\",3,1\n");
    GraphInput in = GraphReader.with(spark).format("csv").header(true).read(csv);
    assertEquals(Set.of("1>2:0.5", "2>3:1.0"), edges(in));
    assertEquals(1, in.report().headerLines());
    String tsv = write("g.tsv", "1\t2\n2\t3\n");
    assertEquals(Set.of("1>2", "2>3"), edges(GraphReader.with(spark).format("tsv").read(tsv)));
    String noHeader = write("h.csv", "src,dst\n1,2\n");
    InputException e = assertThrows(InputException.class,
        () -> GraphReader.with(spark).format("csv").read(noHeader));
    assertTrue(e.getMessage().contains(":1: non-integer src id: 'src,dst'"), e.getMessage());
  }

  @Test
  void parquetEdges() {
    String p = dir.resolve("pq").toString();
    spark.sql("select cast(id as long) as src, cast(id + 1 as long) as dst from range(3)").write().parquet(p);
    assertEquals(Set.of("0>1", "1>2", "2>3"), edges(GraphReader.with(spark).format("parquet").read(p)));
    String bad = dir.resolve("pq2").toString();
    spark.sql("select id as a from range(2)").write().parquet(bad);
    InputException e = assertThrows(InputException.class,
        () -> GraphReader.with(spark).format("parquet").read(bad));
    assertTrue(e.getMessage().contains("need columns `src` and `dst`; found [a]"), e.getMessage());
  }

  @Test
  void stringIdsMapDeterministicallyWhateverThePartitioning() throws IOException {
    String p = write("s.txt", "alice bob\nbob carol\ncarol alice\n");
    GraphInput a = GraphReader.with(spark).idType(IdType.STRING).read(p);
    List<Row> m1 = a.idMapping().orElseThrow().orderBy("name").collectAsList();
    assertEquals(3, m1.size());
    assertEquals("alice", m1.get(0).getString(1));
    GraphInput b = GraphReader.with(spark).idType(IdType.STRING).read(p);
    assertEquals(m1, b.idMapping().orElseThrow().repartition(3).orderBy("name").collectAsList());
    assertEquals(edges(a), edges(b));
    assertFalse(edges(a).isEmpty());
    assertThrows(InputException.class, () -> GraphReader.with(spark).read(p), "string ids need --id-type string");
  }

  @Test
  void unknownPolicyValueNamesTheParameter() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GraphReader.with(spark).format("xml"));
    assertEquals("`format` must be one of snap|csv|tsv|parquet, got 'xml'", e.getMessage());
  }
}
