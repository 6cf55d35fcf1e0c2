package dev.grasp.jobs.gpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the RAPIDS Accelerator's explain text ({@code spark.rapids.sql.explain=ALL}) into operator counts and
 * fallbacks.
 *
 * <p>The plugin prints one line per plan node, indented two spaces per level: a mark ({@code *} will run on the GPU,
 * {@code !} cannot, {@code @} could but a neighbour keeps it on the CPU, {@code #} will be removed, {@code $} kept on
 * the CPU by the cost model), the kind ({@code Exec}, {@code Expression}, {@code Partitioning}, {@code Scan},
 * {@code Output} …), the class in angle brackets and the verdict, e.g.
 * {@code !Exec <ProjectExec> cannot run on GPU because not all expressions can be replaced}. Operators are the
 * {@code Exec} lines except those marked {@code #} (dropped from the GPU plan, e.g. the sorts of a sort-merge join
 * that becomes a hash join); an operator is on the GPU when marked {@code *}; every other one is a fallback whose reason
 * is the plugin's own, followed by the reasons of the non-GPU expressions, partitionings or scans beneath it (down to
 * the next Exec), since "not all expressions can be replaced" alone does not say which one. Identical plans (after
 * dropping Spark's {@code #id} suffixes) count once: an iterative stage plans the same query every round.
 *
 * <p>Output: {@link StageSummary}. Cost: O(length of the text).
 */
public final class ExplainParser {

  private static final Pattern LINE = Pattern.compile("^(\\s*)([*!@#$])(\\w+) <([^>]+)>\\s?(.*)$");
  private static final Pattern EXPR_ID = Pattern.compile("#\\d+L?");
  private static final String BECAUSE = " because ";

  private ExplainParser() {}

  /** One plan node of the explain text. */
  public record Node(int depth, char mark, String kind, String name, String verdict) {

    public boolean isExec() {
      return "Exec".equals(kind);
    }

    public boolean onGpu() {
      return mark == '*';
    }

    /** The plugin's reason ("…because X" → X), or the verdict itself when it gives none. */
    public String reason() {
      int i = verdict.indexOf(BECAUSE);
      return i >= 0 ? verdict.substring(i + BECAUSE.length()).trim() : verdict.trim();
    }
  }

  /** A fallback: the operator class and why it stays on the CPU. */
  public record Fallback(String operator, String reason) {}

  /** Per-stage figures: operators (distinct plans), how many would run on the GPU, the distinct fallbacks. */
  public record StageSummary(int plans, int operatorsTotal, int operatorsOnGpu, List<Fallback> fallbacks) {

    public StageSummary {
      fallbacks = List.copyOf(fallbacks);
    }

    /** Share of operators on the GPU, 0 when there is none. */
    public double gpuShare() {
      return operatorsTotal == 0 ? 0.0 : (double) operatorsOnGpu / operatorsTotal;
    }
  }

  /** The plan nodes of one explain text; lines that are not plan nodes (log prefixes, blank lines) are skipped. */
  public static List<Node> parse(String text) {
    List<Node> nodes = new ArrayList<>();
    for (String raw : text.split("\\R")) {
      Matcher m = LINE.matcher(raw);
      if (!m.matches()) {
        continue;
      }
      int depth = m.group(1).replace("\t", "  ").length() / 2;
      nodes.add(new Node(depth, m.group(2).charAt(0), m.group(3), m.group(4), m.group(5)));
    }
    return nodes;
  }

  /** Summarises the explain texts of one stage (one text per planned query). */
  public static StageSummary summarise(List<String> explains) {
    Set<String> seen = new LinkedHashSet<>();
    int total = 0;
    int onGpu = 0;
    Map<Fallback, Boolean> fallbacks = new LinkedHashMap<>();
    for (String text : explains) {
      List<Node> nodes = parse(text);
      if (nodes.isEmpty() || !seen.add(normalise(nodes))) {
        continue;
      }
      for (int i = 0; i < nodes.size(); i++) {
        Node n = nodes.get(i);
        if (!n.isExec() || n.mark() == '#') {
          // '#': the plugin drops the operator from the GPU plan (e.g. the sorts of a sort-merge join it turns
          // into a hash join), so it neither runs on the GPU nor falls back.
          continue;
        }
        total++;
        if (n.onGpu()) {
          onGpu++;
        } else {
          fallbacks.put(new Fallback(n.name(), fallbackReason(nodes, i)), Boolean.TRUE);
        }
      }
    }
    return new StageSummary(seen.size(), total, onGpu, new ArrayList<>(fallbacks.keySet()));
  }

  /** The Exec's reason plus the distinct reasons of its non-GPU non-Exec descendants (up to the next Exec). */
  static String fallbackReason(List<Node> nodes, int execIndex) {
    Node exec = nodes.get(execIndex);
    Set<String> parts = new LinkedHashSet<>();
    for (int j = execIndex + 1; j < nodes.size(); j++) {
      Node c = nodes.get(j);
      if (c.depth() <= exec.depth() || c.isExec()) {
        break;
      }
      if (c.mark() == '!') {
        parts.add(c.name() + ": " + c.reason());
      }
    }
    StringBuilder b = new StringBuilder(exec.reason());
    if (!parts.isEmpty()) {
      b.append(" [").append(String.join("; ", parts)).append(']');
    }
    return b.toString();
  }

  private static String normalise(List<Node> nodes) {
    StringBuilder b = new StringBuilder();
    for (Node n : nodes) {
      b.append(n.depth()).append(n.mark()).append(n.kind()).append(n.name())
          .append(EXPR_ID.matcher(n.verdict()).replaceAll("#")).append('\n');
    }
    return b.toString();
  }
}
