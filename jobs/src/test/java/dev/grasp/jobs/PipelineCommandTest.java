package dev.grasp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grasp.testing.TestSpark;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineCommandTest {

  @TempDir
  Path dir;

  @BeforeAll
  static void session() {
    TestSpark.get();
  }

  private static File project(String relative) {
    return new File(System.getProperty("grasp.project.dir", ".."), relative);
  }

  private String tinyConf() throws IOException {
    Path edges = dir.resolve("g.txt");
    Files.write(edges, "1 2\n2 3\n3 1\n3 4\n4 1\n".getBytes(StandardCharsets.UTF_8));
    String conf = "output = \"" + dir.resolve("runs") + "\"\nrun-id = r1\n"
        + "input { path = \"" + edges + "\", format = snap }\n"
        + "pipeline = [stats, embed]\n"
        + "steps {\n"
        + "  stats { command = stats, args { input = ${input.path}, format = ${input.format}, no-clustering = true } }\n"
        + "  embed { command = embed, args { input = ${input.path}, dim = 8, weights = \"0,1\", seed = 3 } }\n"
        + "}\n";
    Path p = dir.resolve("tiny.conf");
    Files.write(p, conf.getBytes(StandardCharsets.UTF_8));
    return p.toString();
  }

  @Test
  void rerunRecomputesNothingAndFinishesAfterAKilledStep() throws Exception {
    String conf = tinyConf();
    MainTest.Result first = MainTest.grasp("pipeline", "--conf", conf);
    assertEquals(0, first.code(), first.err());
    File run = dir.resolve("runs/r1").toFile();
    JsonNode rep = new ObjectMapper().readTree(new File(run, "pipeline-report.json"));
    assertEquals("ran", rep.at("/steps/stats/status").asText());
    assertEquals("ran", rep.at("/steps/embed/status").asText());
    assertEquals(4, rep.at("/steps/stats/report/summary/nodes").asLong());
    long statsTime = new File(run, "stats/report.json").lastModified();

    MainTest.Result again = MainTest.grasp("pipeline", "--conf", conf);
    assertEquals(0, again.code(), again.err());
    rep = new ObjectMapper().readTree(new File(run, "pipeline-report.json"));
    assertEquals("skipped (complete)", rep.at("/steps/stats/status").asText());
    assertEquals("skipped (complete)", rep.at("/steps/embed/status").asText());
    assertEquals(statsTime, new File(run, "stats/report.json").lastModified());

    // A step killed mid-write leaves only its hidden temporary folder, owned by a process of this host that no longer
    // runs: the rerun's output removes it and the step is recomputed.
    deleteTree(new File(run, "embed").toPath());
    assertTrue(new File(run, ".embed._tmp-killed").mkdirs());
    Process gone = new ProcessBuilder("true").start();
    assertEquals(0, gone.waitFor());
    Files.writeString(new File(run, ".embed._tmp-killed/_grasp-owner").toPath(),
        gone.pid() + "@" + java.net.InetAddress.getLocalHost().getHostName());
    MainTest.Result resumed = MainTest.grasp("pipeline", "--conf", conf);
    assertEquals(0, resumed.code(), resumed.err());
    rep = new ObjectMapper().readTree(new File(run, "pipeline-report.json"));
    assertEquals("skipped (complete)", rep.at("/steps/stats/status").asText());
    assertEquals("ran", rep.at("/steps/embed/status").asText());
    assertFalse(new File(run, ".embed._tmp-killed").exists());
    assertEquals(statsTime, new File(run, "stats/report.json").lastModified());
  }

  @Test
  void setOverridesAndOnlyValidation() throws IOException {
    String conf = tinyConf();
    MainTest.Result bad = MainTest.grasp("pipeline", "--conf", conf, "--only", "nope", "--dry-run");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("`--only` names step 'nope'"), bad.err());
    MainTest.Result missing = MainTest.grasp("pipeline", "--conf", dir.resolve("none.conf").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("does not exist"), missing.err());
    List<PipelineCommand.Step> plan = PipelineCommand.plan(
        PipelineCommand.load(conf, List.of("output=/x/y", "steps.embed.args.dim=16")));
    assertEquals("/x/y/r1/embed", plan.get(1).output());
    assertTrue(String.join(" ", plan.get(1).args()).contains("--dim 16"), plan.get(1).args().toString());
  }

  /** The Airflow DAG's steps and argument lists must parse as grasp command lines against the shipped confs. */
  @Test
  void airflowDagArgumentsParse() throws IOException {
    String dag = Files.readString(project("conf/airflow/grasp_pipeline.py").toPath());
    Matcher block = Pattern.compile("STEPS: dict\\[str, list\\[str\\]\\] = \\{(.*?)\\n\\}", Pattern.DOTALL)
        .matcher(dag);
    assertTrue(block.find(), "STEPS block not found in the DAG");
    List<String> steps = new ArrayList<>();
    Matcher name = Pattern.compile("\"([a-z-]+)\":").matcher(block.group(1));
    while (name.find()) {
      steps.add(name.group(1));
    }
    assertFalse(steps.isEmpty());
    String conf = project("conf/local.conf").getPath();
    for (String step : steps) {
      // Mirrors step_args() in the DAG, with a concrete run date for {{ ds }}.
      MainTest.Result r = MainTest.grasp("pipeline", "--conf", conf, "--only", step,
          "--set", "output=" + dir.resolve("af"), "--set", "run-id=2026-01-01", "--dry-run");
      assertEquals(0, r.code(), step + ": " + r.err());
    }
    assertTrue(dag.contains("\"--only\", step") && dag.contains("\"--set\", f\"output={output}\""),
        "step_args() changed: update this test");
  }

  private static void deleteTree(Path p) throws IOException {
    try (var walk = Files.walk(p)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
