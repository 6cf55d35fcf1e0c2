package dev.grasp.jobs.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grasp.jobs.gpu.ExplainParser.Fallback;
import dev.grasp.jobs.gpu.ExplainParser.StageSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The GPU-eligibility contract of the hot stages ({@code conf/gpu-thresholds.json}): per stage the minimum share of
 * operators the RAPIDS Accelerator would run on the GPU, and the fallbacks that are accepted, each with the reason why.
 *
 * <p>File format: {@code {"stages": {"<stage>": {"minGpuShare": 0.9, "allowedFallbacks": [{"operator":
 * "SortExec", "match": "text in the plugin's reason (optional)", "why": "why it is accepted"}]}}}}. A measured
 * fallback is allowed when an entry names its operator and, if {@code match} is given, the plugin's reason contains
 * it. {@link #violations} lists every breach: a stage below its share, an unlisted fallback, a stage that captured no
 * plan, a measured stage without thresholds and a stage in the file that was not measured. Cost: O(stages ×
 * fallbacks × allowed).
 *
 * @param stages thresholds by stage name
 */
public record GpuThresholds(Map<String, Stage> stages) {

  /** Thresholds of one stage. */
  public record Stage(double minGpuShare, List<Allowed> allowedFallbacks) {

    public Stage {
      if (!(minGpuShare >= 0.0 && minGpuShare <= 1.0)) {
        throw new IllegalArgumentException("`minGpuShare` must be in [0, 1], got " + minGpuShare);
      }
      allowedFallbacks = List.copyOf(allowedFallbacks);
    }

    boolean allows(Fallback f) {
      for (Allowed a : allowedFallbacks) {
        if (a.operator().equals(f.operator()) && (a.match() == null || f.reason().contains(a.match()))) {
          return true;
        }
      }
      return false;
    }
  }

  /** An accepted fallback: operator class, optional substring of the plugin's reason, and the justification. */
  public record Allowed(String operator, String match, String why) {

    public Allowed {
      if (operator == null || operator.isBlank()) {
        throw new IllegalArgumentException("`operator` of an allowed fallback must be set, got '" + operator + "'");
      }
      if (why == null || why.isBlank()) {
        throw new IllegalArgumentException("`why` must explain the allowed fallback of " + operator);
      }
    }
  }

  public GpuThresholds {
    stages = Collections.unmodifiableMap(new LinkedHashMap<>(stages));
  }

  /** Reads a thresholds file. */
  public static GpuThresholds read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("`--thresholds` file cannot be read: " + file + " (" + e.getMessage() + ")");
    }
  }

  /** Parses the JSON text of a thresholds file. */
  public static GpuThresholds parse(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("thresholds must be JSON: " + e.getMessage());
    }
    JsonNode st = root == null ? null : root.get("stages");
    if (st == null || !st.isObject()) {
      throw new IllegalArgumentException("thresholds need an object `stages`, got " + root);
    }
    Map<String, Stage> stages = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = st.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode s = e.getValue();
      if (!s.has("minGpuShare") || !s.get("minGpuShare").isNumber()) {
        throw new IllegalArgumentException("stage `" + e.getKey() + "` needs a number `minGpuShare`, got " + s);
      }
      List<Allowed> allowed = new ArrayList<>();
      JsonNode list = s.get("allowedFallbacks");
      if (list != null) {
        for (JsonNode a : list) {
          allowed.add(new Allowed(text(a, "operator"), text(a, "match"), text(a, "why")));
        }
      }
      stages.put(e.getKey(), new Stage(s.get("minGpuShare").asDouble(), allowed));
    }
    return new GpuThresholds(stages);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** Every breach of the thresholds by the measured stages; every listed stage is expected. */
  public List<String> violations(Map<String, StageSummary> measured) {
    return violations(measured, stages.keySet());
  }

  /**
   * Every breach of the thresholds by the measured stages, where only the listed stages in {@code expected} must have
   * been measured (a run left out on purpose, e.g. with {@code --only}); empty when the check passes.
   */
  public List<String> violations(Map<String, StageSummary> measured, Collection<String> expected) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, StageSummary> e : measured.entrySet()) {
      String name = e.getKey();
      StageSummary s = e.getValue();
      Stage t = stages.get(name);
      if (t == null) {
        out.add(name + ": no thresholds for this stage (add it to the thresholds file)");
        continue;
      }
      if (s.operatorsTotal() == 0) {
        out.add(name + ": captured no plan (is the plugin loaded in explainOnly mode?)");
        continue;
      }
      if (s.gpuShare() + 1e-12 < t.minGpuShare()) {
        out.add(String.format(Locale.ROOT, "%s: GPU share %.3f (%d/%d) is below the minimum %.3f", name,
            s.gpuShare(), s.operatorsOnGpu(), s.operatorsTotal(), t.minGpuShare()));
      }
      for (Fallback f : s.fallbacks()) {
        if (!t.allows(f)) {
          out.add(name + ": unlisted fallback " + f.operator() + ": " + f.reason());
        }
      }
    }
    for (String name : stages.keySet()) {
      if (expected.contains(name) && !measured.containsKey(name)) {
        out.add(name + ": listed in the thresholds but not measured");
      }
    }
    return out;
  }
}
