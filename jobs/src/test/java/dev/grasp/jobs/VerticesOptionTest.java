package dev.grasp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grasp.testing.TestSpark;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --vertices}: a vertex file's isolated vertices and attributes travel through {@code stats}, {@code sample}
 * and {@code embed}; an id named twice and an edge endpoint the file lacks fail by default with the file, line or id,
 * and are counted when a policy allows them.
 */
class VerticesOptionTest {

  @TempDir
  Path dir;

  /** Five vertices on a 3-cycle with a tail, plus vertex 9 that no edge touches. */
  private static final String EDGES = "1 2\n2 3\n3 1\n3 4\n4 5\n5 3\n1 5\n";
  private static final String VERTICES = "id name score\n1 alice 0.5\n2 bob 1.5\n3 carol 2.5\n4 dan 3.5\n5 eve 4.5\n"
      + "9 zed 9.9\n";

  @BeforeAll
  static void session() {
    TestSpark.get();
  }

  private String file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p.toString();
  }

  /** The rows of a CSV output folder's part files as column → value maps, by id. */
  private static Map<String, Map<String, String>> rows(File folder) throws IOException {
    Map<String, Map<String, String>> out = new TreeMap<>();
    File[] parts = folder.listFiles((d, n) -> n.startsWith("part-"));
    assertTrue(parts != null && parts.length > 0, "part files in " + folder);
    for (File part : parts) {
      List<String> lines = Files.readAllLines(part.toPath());
      if (lines.isEmpty()) {
        continue;
      }
      String[] head = lines.get(0).split(",");
      for (String l : lines.subList(1, lines.size())) {
        String[] f = l.split(",", -1);
        Map<String, String> row = new TreeMap<>();
        for (int i = 0; i < head.length; i++) {
          row.put(head[i], f[i]);
        }
        out.put(row.get("id"), row);
      }
    }
    return out;
  }

  private static final Map<String, String[]> EXPECTED = Map.of("1", new String[] {"alice", "0.5"},
      "2", new String[] {"bob", "1.5"}, "3", new String[] {"carol", "2.5"}, "4", new String[] {"dan", "3.5"},
      "5", new String[] {"eve", "4.5"}, "9", new String[] {"zed", "9.9"});

  private static void assertAttributes(Map<String, Map<String, String>> rows, String what) {
    for (Map.Entry<String, Map<String, String>> r : rows.entrySet()) {
      String[] want = EXPECTED.get(r.getKey());
      assertTrue(want != null, what + ": unknown id " + r.getKey());
      assertEquals(want[0], r.getValue().get("name"), what + ": name of " + r.getKey());
      assertEquals(want[1], r.getValue().get("score"), what + ": score of " + r.getKey());
    }
  }

  private JsonNode report(String out) throws IOException {
    return new ObjectMapper().readTree(new File(out, "report.json"));
  }

  @Test
  void statsCountsIsolatedVerticesAndReportsTheFile() throws IOException {
    String out = dir.resolve("stats").toString();
    MainTest.Result r = MainTest.grasp("stats", "--input", file("g.txt", EDGES), "--vertices",
        file("v.txt", VERTICES), "--vertices-header", "--output", out);
    assertEquals(0, r.code(), r.err());
    JsonNode rep = report(out);
    assertEquals(6, rep.at("/summary/nodes").asLong(), rep.toString());
    assertEquals(7, rep.at("/summary/edges").asLong());
    assertEquals(6, rep.at("/read/vertexFile/rows").asLong());
    assertEquals(1, rep.at("/read/vertexFile/isolated").asLong());
    assertEquals("[\"name\",\"score\"]", rep.at("/read/vertexFile/attributes").toString());
    assertEquals(0, rep.at("/read/vertexFile/duplicateRows").asLong());
  }

  /** Every vertex of a jdd and a random-node sample keeps the attributes the vertex file gave it. */
  @Test
  void samplesKeepTheirVerticesAttributes() throws IOException {
    String g = file("g.txt", EDGES);
    String v = file("v.txt", VERTICES);
    for (String method : List.of("jdd", "random-node")) {
      String out = dir.resolve("sample-" + method).toString();
      MainTest.Result r = MainTest.grasp("sample", "--input", g, "--vertices", v, "--vertices-header", "--method",
          method, "--ratio", "0.6", "--seed", "3", "--output", out, "--output-format", "csv");
      assertEquals(0, r.code(), method + ": " + r.err());
      Map<String, Map<String, String>> rows = rows(new File(out, "vertices"));
      assertTrue(rows.size() >= 3, method + ": " + rows);
      assertAttributes(rows, method);
    }
  }

  /** Embeddings carry each vertex's attributes; the isolated vertex gets a zero vector; the vectors are unchanged. */
  @Test
  void embeddingsCarryTheAttributes() throws IOException {
    String g = file("g.txt", EDGES);
    String out = dir.resolve("embed").toString();
    MainTest.Result r = MainTest.grasp("embed", "--input", g, "--vertices", file("v.txt", VERTICES),
        "--vertices-header", "--dim", "8", "--seed", "1", "--output", out, "--output-format", "csv");
    assertEquals(0, r.code(), r.err());
    Map<String, Map<String, String>> rows = rows(new File(out, "embeddings"));
    assertEquals(EXPECTED.keySet(), rows.keySet());
    assertAttributes(rows, "embed");
    for (int j = 0; j < 8; j++) {
      assertEquals(0.0, Double.parseDouble(rows.get("9").get("v" + j)), "isolated vertex 9, v" + j);
    }
    String plain = dir.resolve("embed-plain").toString();
    assertEquals(0, MainTest.grasp("embed", "--input", g, "--dim", "8", "--seed", "1", "--output", plain,
        "--output-format", "csv").code());
    Map<String, Map<String, String>> without = rows(new File(plain, "embeddings"));
    for (String id : without.keySet()) {
      for (int j = 0; j < 8; j++) {
        assertEquals(without.get(id).get("v" + j), rows.get(id).get("v" + j), "vector of " + id + ", v" + j);
      }
    }
  }

  @Test
  void anIdNamedTwiceFailsWithItsLineOrKeepsOneRow() throws IOException {
    String g = file("g.txt", EDGES);
    String v = file("dup.txt", VERTICES + "3 carla 0.1\n");
    MainTest.Result r = MainTest.grasp("stats", "--input", g, "--vertices", v, "--vertices-header", "--output",
        dir.resolve("dup-fail").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("dup.txt:4") && r.err().contains("named 2 times")
        && r.err().contains("--vertex-duplicates keep-one"), r.err());

    String out = dir.resolve("dup-keep").toString();
    r = MainTest.grasp("sample", "--input", g, "--vertices", v, "--vertices-header", "--vertex-duplicates",
        "keep-one", "--method", "random-node", "--ratio", "1.0", "--seed", "1", "--output", out, "--output-format",
        "csv");
    assertEquals(0, r.code(), r.err());
    assertEquals(1, report(out).at("/read/vertexFile/duplicateRows").asLong());
    // the row with the smaller attributes ("carla" < "carol") is kept
    assertEquals("carla", rows(new File(out, "vertices")).get("3").get("name"));
  }

  @Test
  void anEndpointTheFileLacksFailsOrIsAdded() throws IOException {
    String g = file("g.txt", EDGES + "5 77\n");
    String v = file("v.txt", VERTICES);
    MainTest.Result r = MainTest.grasp("stats", "--input", g, "--vertices", v, "--vertices-header", "--output",
        dir.resolve("miss-fail").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("v.txt") && r.err().contains("id 77") && r.err().contains("--missing-vertices add"),
        r.err());

    String out = dir.resolve("miss-add").toString();
    r = MainTest.grasp("sample", "--input", g, "--vertices", v, "--vertices-header", "--missing-vertices", "add",
        "--method", "random-node", "--ratio", "1.0", "--seed", "1", "--output", out, "--output-format", "csv");
    assertEquals(0, r.code(), r.err());
    JsonNode rep = report(out);
    assertEquals(1, rep.at("/read/vertexFile/endpointsMissing").asLong(), rep.toString());
    assertEquals(7, rep.at("/read/vertices").asLong());
    Map<String, Map<String, String>> rows = rows(new File(out, "vertices"));
    assertEquals("", rows.get("77").get("name"), "an added vertex has no attributes: " + rows.get("77"));
  }

  @Test
  void aLineWithTheWrongFieldCountFailsWithItsLine() throws IOException {
    List<String> lines = new ArrayList<>(List.of(VERTICES.split("\n")));
    lines.add(3, "3 carol");
    MainTest.Result r = MainTest.grasp("stats", "--input", file("g.txt", EDGES), "--vertices",
        file("bad.txt", String.join("\n", lines) + "\n"), "--vertices-header", "--output",
        dir.resolve("bad").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("bad.txt:4") && r.err().contains("expected 3 fields"), r.err());
  }
}
