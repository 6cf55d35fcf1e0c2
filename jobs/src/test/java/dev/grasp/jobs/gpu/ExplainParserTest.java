package dev.grasp.jobs.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.jobs.gpu.ExplainParser.Fallback;
import dev.grasp.jobs.gpu.ExplainParser.Node;
import dev.grasp.jobs.gpu.ExplainParser.StageSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The explain parser and the threshold comparison on hand-written explain text in the plugin's format. */
class ExplainParserTest {

  /** A write of a join whose projection holds an unsupported expression; sorts dropped for a hash join. */
  static final String JOIN_PLAN = String.join("\n",
      "",
      "*Exec <DataWritingCommandExec> will run on GPU",
      "  *Output <InsertIntoHadoopFsRelationCommand> will run on GPU",
      "  *Exec <WriteFilesExec> will run on GPU",
      "    !Exec <ProjectExec> cannot run on GPU because not all expressions can be replaced",
      "      @Expression <AttributeReference> id#12L could run on GPU",
      "      !Expression <ArrayAggregate> aggregate(x#13, 0.0, lambdafunction(...)) cannot run on GPU because"
          + " expression ArrayAggregate aggregate(x#13, ...) produced an unsupported type",
      "        @Expression <AttributeReference> x#13 could run on GPU",
      "      *Exec <SortMergeJoinExec> will run on GPU",
      "        #Exec <SortExec> could run on GPU but is going to be removed because replacing sortMergeJoin with"
          + " shuffleHashJoin",
      "          #Expression <SortOrder> id#12L ASC NULLS FIRST could run on GPU but is going to be removed because"
          + " parent plan is removed",
      "          *Exec <ShuffleExchangeExec> will run on GPU",
      "            *Partitioning <HashPartitioning> will run on GPU",
      "            *Exec <FileSourceScanExec> will run on GPU",
      "        #Exec <SortExec> could run on GPU but is going to be removed because replacing sortMergeJoin with"
          + " shuffleHashJoin",
      "          !Exec <InMemoryTableScanExec> cannot run on GPU because unsupported data types in output: x#20",
      "");

  @Test
  void parsesMarksKindsDepthAndReasons() {
    List<Node> nodes = ExplainParser.parse(JOIN_PLAN);
    assertEquals(15, nodes.size());
    Node first = nodes.get(0);
    assertEquals(0, first.depth());
    assertEquals('*', first.mark());
    assertEquals("Exec", first.kind());
    assertEquals("DataWritingCommandExec", first.name());
    Node project = nodes.get(3);
    assertEquals(2, project.depth());
    assertFalse(project.onGpu());
    assertEquals("not all expressions can be replaced", project.reason());
    assertEquals("Expression", nodes.get(5).kind());
    assertEquals("ArrayAggregate", nodes.get(5).name());
    assertEquals("Partitioning", nodes.get(11).kind());
  }

  @Test
  void countsExecOperatorsSkipsRemovedOnesAndNamesTheFailingExpression() {
    StageSummary s = ExplainParser.summarise(List.of(JOIN_PLAN));
    // Exec lines: DataWriting, WriteFiles, Project(!), SMJ, Shuffle, Scan, InMemoryTableScan(!); the two #Sorts drop.
    assertEquals(1, s.plans());
    assertEquals(7, s.operatorsTotal());
    assertEquals(5, s.operatorsOnGpu());
    assertEquals(2, s.fallbacks().size());
    Fallback project = s.fallbacks().get(0);
    assertEquals("ProjectExec", project.operator());
    assertTrue(project.reason().startsWith("not all expressions can be replaced [ArrayAggregate: expression"),
        project.reason());
    assertFalse(project.reason().contains("AttributeReference"), "only non-GPU expressions are named");
    assertEquals(new Fallback("InMemoryTableScanExec", "unsupported data types in output: x#20"),
        s.fallbacks().get(1));
    assertEquals(5.0 / 7.0, s.gpuShare(), 1e-12);
  }

  @Test
  void identicalPlansUpToExpressionIdsCountOnce() {
    String round2 = JOIN_PLAN.replace("#12L", "#112L").replace("#13", "#113");
    String other = "*Exec <HashAggregateExec> will run on GPU\n  *Exec <FileSourceScanExec> will run on GPU\n";
    StageSummary s = ExplainParser.summarise(List.of(JOIN_PLAN, round2, other, "no plan here"));
    assertEquals(2, s.plans());
    assertEquals(9, s.operatorsTotal());
    assertEquals(7, s.operatorsOnGpu());
  }

  @Test
  void logPrefixesAndOtherLinesAreIgnored() {
    String text = "06:09:01 WARN GpuOverrides: \n  *Exec <ProjectExec> will run on GPU\nsome other line\n";
    StageSummary s = ExplainParser.summarise(List.of(text));
    assertEquals(1, s.operatorsTotal());
    assertEquals(1, s.operatorsOnGpu());
    assertTrue(ExplainCapture.isExplain(text));
    assertFalse(ExplainCapture.isExplain("RAPIDS Accelerator is in explain only mode"));
  }

  static final String THRESHOLDS = """
      {"stages": {
        "s": {"minGpuShare": 0.7, "allowedFallbacks": [
          {"operator": "InMemoryTableScanExec", "why": "cached with the default serializer"},
          {"operator": "ProjectExec", "match": "ArrayAggregate", "why": "pending rewrite"}
        ]},
        "strict": {"minGpuShare": 0.9}
      }}""";

  @Test
  void thresholdsPassWhenShareAndFallbacksAreListed() {
    GpuThresholds t = GpuThresholds.parse(THRESHOLDS);
    StageSummary s = ExplainParser.summarise(List.of(JOIN_PLAN));
    StageSummary clean = ExplainParser.summarise(List.of("*Exec <ProjectExec> will run on GPU"));
    assertEquals(List.of(), t.violations(Map.of("s", s, "strict", clean)));
  }

  @Test
  void thresholdsReportUnlistedFallbackLowShareMissingAndUnknownStages() {
    GpuThresholds t = GpuThresholds.parse(THRESHOLDS);
    StageSummary s = ExplainParser.summarise(List.of(JOIN_PLAN));
    List<String> v = t.violations(new java.util.LinkedHashMap<>(Map.of("strict", s)));
    // strict: 5/7 < 0.9, and neither fallback is listed; stage s was not measured.
    assertEquals(4, v.size(), v.toString());
    assertTrue(v.get(0).startsWith("strict: GPU share 0.714 (5/7) is below the minimum 0.900"), v.get(0));
    assertTrue(v.get(1).startsWith("strict: unlisted fallback ProjectExec: not all expressions"), v.get(1));
    assertTrue(v.get(2).startsWith("strict: unlisted fallback InMemoryTableScanExec"), v.get(2));
    assertEquals("s: listed in the thresholds but not measured", v.get(3));

    // A match that the reason does not contain does not allow the fallback.
    String changed = JOIN_PLAN.replace("ArrayAggregate", "ZipWith");
    List<String> w = t.violations(Map.of("s", ExplainParser.summarise(List.of(changed)),
        "strict", ExplainParser.summarise(List.of("*Exec <ProjectExec> will run on GPU")),
        "new", ExplainParser.summarise(List.of("*Exec <ProjectExec> will run on GPU"))));
    assertTrue(w.stream().anyMatch(x -> x.startsWith("s: unlisted fallback ProjectExec") && x.contains("ZipWith")),
        w.toString());
    assertTrue(w.contains("new: no thresholds for this stage (add it to the thresholds file)"), w.toString());

    List<String> empty = t.violations(Map.of("s", ExplainParser.summarise(List.of()),
        "strict", ExplainParser.summarise(List.of("*Exec <ProjectExec> will run on GPU"))));
    assertEquals(List.of("s: captured no plan (is the plugin loaded in explainOnly mode?)"), empty);
  }

  @Test
  void stagesOfRunsLeftOutAreNotExpected() {
    GpuThresholds t = GpuThresholds.parse(THRESHOLDS);
    StageSummary clean = ExplainParser.summarise(List.of("*Exec <ProjectExec> will run on GPU"));
    assertEquals(List.of(), t.violations(Map.of("strict", clean), List.of("strict")));
    assertEquals(List.of("s: listed in the thresholds but not measured"),
        t.violations(Map.of("strict", clean), List.of("strict", "s")));
  }

  @Test
  void badThresholdFilesAreRejectedWithTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GpuThresholds.parse("{\"stages\": {\"s\": {\"minGpuShare\": 1.5}}}"));
    assertTrue(e.getMessage().contains("`minGpuShare` must be in [0, 1], got 1.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GpuThresholds.parse(
        "{\"stages\": {\"s\": {\"minGpuShare\": 0.5, \"allowedFallbacks\": [{\"operator\": \"SortExec\"}]}}}"));
    assertTrue(e.getMessage().contains("`why`"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GpuThresholds.parse("{\"stage\": {}}"));
    assertTrue(e.getMessage().contains("`stages`"), e.getMessage());
  }
}
