package dev.grasp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Argument checks of {@code grasp embed} and {@code grasp evaluate}: they fail (exit 2) before Spark starts. */
class EmbedEvaluateArgsTest {

  private static String[] run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), err.toString()};
  }

  @Test
  void badFastRpOptionsNameTheOption() {
    String[] r = run("embed", "--input", "x.txt", "--weights", "0,a", "--output", "/tmp/never");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("`--weights`"), r[1]);
    r = run("embed", "--input", "x.txt", "--sparsity", "0.5", "--output", "/tmp/never");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("`sparsity`") && r[1].contains("0.5"), r[1]);
    r = run("embed", "--input", "x.txt", "--property-ratio", "0.5", "--output", "/tmp/never");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("`--property-ratio`"), r[1]);
  }

  @Test
  void evaluateChecksLabelsRatiosAndScore() {
    String[] r = run("evaluate", "node-classification", "--embeddings", "e", "--output", "/tmp/never");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("`--labels`"), r[1]);
    r = run("evaluate", "node-classification", "--embeddings", "e", "--labels", "l", "--train-ratio", "0.5,1.5",
        "--output", "/tmp/never");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("`--train-ratio`"), r[1]);
    r = run("evaluate", "link-prediction", "--input", "g", "--score", "euclid", "--output", "/tmp/never");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("`--score`") && r[1].contains("poincare") && r[1].contains("euclid"), r[1]);
    r = run("evaluate", "link-prediction", "--input", "g", "--score", "poincare", "--rescale-mode", "bogus",
        "--output", "/tmp/never");
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("bogus"), r[1]);
  }
}
