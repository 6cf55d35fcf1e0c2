package dev.grasp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Argument checks of {@code grasp rescale}: they fail (exit 2) before Spark starts, naming the option. */
class RescaleArgsTest {

  private static String[] run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), err.toString()};
  }

  @Test
  void badOptionsNameTheParameter() {
    String[] r = run("rescale", "--embeddings", "e", "--output", "/tmp/never");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("`--edges`"), r[1]);
    r = run("rescale", "--embeddings", "e", "--mode", "target-radius", "--block-type", "full", "--output",
        "/tmp/never");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("blockType") && r[1].contains("full"), r[1]);
    r = run("rescale", "--embeddings", "e", "--mode", "target-radius", "--curvature", "-1", "--output", "/tmp/never");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("curvature"), r[1]);
    r = run("rescale", "--embeddings", "e", "--edges", "x", "--format", "xml", "--output", "/tmp/never");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("`--format`"), r[1]);
  }
}
