package dev.grasp.graph.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.grasp.graph.io.Policies.IdType;
import dev.grasp.testing.TestSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver reads of labels and CSV embeddings against the Spark reads of the same files. */
class NodeAndEmbeddingTablesTest {

  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    if (name.endsWith(".gz")) {
      try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
        o.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } else {
      Files.writeString(p, text);
    }
    return p;
  }

  private static Map<Long, Set<String>> viaSpark(String path) {
    Map<Long, Set<String>> out = new TreeMap<>();
    for (Row r : NodeTables.labels(TestSpark.get(), path, IdType.LONG).collectAsList()) {
      out.computeIfAbsent(r.getLong(0), k -> new TreeSet<>()).add(r.getString(1));
    }
    return out;
  }

  @Test
  void driverLabelsAreTheSparkLabels() throws IOException {
    String text = "\uFEFF# comment\n1 a b\n\n2\tc\r\n% other comment\n  3 a  \n1 c\n+4 d\n";
    for (String name : new String[] {"labels.txt", "labels.txt.gz"}) {
      String p = write(name, text).toString();
      Map<Long, Set<String>> local = new TreeMap<>();
      NodeTables.labelsInDriver(TestSpark.get(), p, 1L << 20).forEach((k, v) -> local.put(k, new TreeSet<>(v)));
      assertEquals(viaSpark(p), local, name);
      assertEquals(Map.of(1L, Set.of("a", "b", "c"), 2L, Set.of("c"), 3L, Set.of("a"), 4L, Set.of("d")), local);
    }
  }

  @Test
  void driverLabelsFailAtTheBadLineAsSparkDoes() throws IOException {
    String p = write("bad.txt", "1 a\n2 b\nx7 c\n").toString();
    InputException local = assertThrows(InputException.class,
        () -> NodeTables.labelsInDriver(TestSpark.get(), p, 1L << 20));
    InputException spark = assertThrows(InputException.class, () -> viaSpark(p));
    assertEquals(p + ":3: non-integer id: 'x7 c'", local.getMessage());
    assertEquals(spark.getMessage(), local.getMessage());
    String q = write("short.txt", "1 a\n2\n").toString();
    assertEquals(q + ":2: expected: id label [label …]: '2'", assertThrows(InputException.class,
        () -> NodeTables.labelsInDriver(TestSpark.get(), q, 1L << 20)).getMessage());
    String e = write("empty.txt", "# nothing\n").toString();
    assertEquals(e + ": no labels", assertThrows(InputException.class,
        () -> NodeTables.labelsInDriver(TestSpark.get(), e, 1L << 20)).getMessage());
  }

  @Test
  void largerFilesThanTheThresholdAreLeftToSpark() throws IOException {
    String p = write("labels.txt", "1 a\n2 b\n").toString();
    assertNull(NodeTables.labelsInDriver(TestSpark.get(), p, 4 * 8 - 1)); // 8 bytes need a threshold of 32
    assertEquals(2, NodeTables.labelsInDriver(TestSpark.get(), p, 4 * 8).size());
  }

  @Test
  void driverCsvEmbeddingsAreTheSparkTable() throws IOException {
    Files.createDirectories(dir.resolve("emb"));
    write("emb/part-00000.csv", "id,v0,v1\n5,0.5,-1.25\n3,1e-3,2\n");
    write("emb/part-00001.csv", "id,v0,v1\n9,7,0\n");
    write("emb/_SUCCESS", "");
    String p = dir.resolve("emb").toString();
    EmbeddingTables.Local local = EmbeddingTables.inDriver(TestSpark.get(), p, 1L << 20);
    Map<Long, List<Double>> spark = new TreeMap<>();
    for (Row r : EmbeddingTables.read(TestSpark.get(), p).collectAsList()) {
      spark.put(r.getLong(0), r.getList(1));
    }
    Map<Long, List<Double>> driver = new TreeMap<>();
    for (int i = 0; i < local.ids().length; i++) {
      driver.put(local.ids()[i], java.util.Arrays.stream(local.x()[i]).boxed().toList());
    }
    assertEquals(spark, driver);
    assertArrayEquals(new double[] {0.001, 2.0}, driver.get(3L).stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * Parquet embeddings as Spark writes them (long or int ids, double or float arrays, several part files) read in the
   * driver as the Spark read gives them; a null vector or element, or no embedding column, is left to Spark.
   */
  @Test
  void parquetEmbeddingsReadInTheDriverAsSparkReadsThem() {
    for (String q : List.of("select cast(id as long) as id, array(id * 0.5D, -id / 3D) as embedding from range(5)",
        "select cast(id as int) as id, array(cast(id as float), 0.25F) as embedding from range(5)",
        "select id, id * 0.1D as radius, array(id * 0.05D, -0.01D) as h from range(5)")) {
      String pq = dir.resolve("pq" + q.length()).toString();
      TestSpark.get().sql(q).repartition(3).write().parquet(pq);
      EmbeddingTables.Local local = EmbeddingTables.inDriver(TestSpark.get(), pq, 1L << 20);
      Map<Long, List<Double>> spark = new TreeMap<>();
      for (Row r : EmbeddingTables.read(TestSpark.get(), pq).collectAsList()) {
        List<Double> v = new java.util.ArrayList<>();
        for (Object x : r.getList(1)) {
          v.add(((Number) x).doubleValue());
        }
        spark.put(r.getLong(0), v);
      }
      Map<Long, List<Double>> driver = new TreeMap<>();
      for (int i = 0; i < local.ids().length; i++) {
        driver.put(local.ids()[i], java.util.Arrays.stream(local.x()[i]).boxed().toList());
      }
      assertEquals(spark, driver, q);
      assertEquals(5, driver.size());
      String source = q.endsWith("as h from range(5)") ? "h" : "embedding";
      assertEquals(source, local.source(), q);
      assertEquals(source, EmbeddingTables.readTable(TestSpark.get(), pq).source(), q);
    }
    for (String q : List.of("select 1L as id, cast(null as array<double>) as embedding",
        "select 1L as id, array(1.0D, null) as embedding", "select 1L as id, 2.0D as x")) {
      String pq = dir.resolve("null" + q.length()).toString();
      TestSpark.get().sql(q).write().parquet(pq);
      assertNull(EmbeddingTables.inDriver(TestSpark.get(), pq, 1L << 20), q);
    }
  }

  @Test
  void badCsvEmbeddingsNameTheLineAndLargeFilesAreLeftToSpark() throws IOException {
    String p = write("bad.csv", "id,v0\n1,0.5\n2,abc\n").toString();
    assertEquals(p + ":3: non-numeric value of v0: '2,abc'", assertThrows(InputException.class,
        () -> EmbeddingTables.inDriver(TestSpark.get(), p, 1L << 20)).getMessage());
    String dup = write("dup.csv", "id,v0\n1,0.5\n1,0.7\n").toString();
    assertNull(EmbeddingTables.inDriver(TestSpark.get(), dup, 1L << 20), "repeated ids: the Spark path decides");
    String pq = dir.resolve("pq").toString();
    TestSpark.get().sql("select 1L as id, array(1.0D) as embedding").write().parquet(pq);
    assertNull(EmbeddingTables.inDriver(TestSpark.get(), pq, 12), "files over the threshold are left to Spark");
  }
}
