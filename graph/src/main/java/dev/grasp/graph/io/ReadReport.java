package dev.grasp.graph.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a reader did: lines read, how many were kept, and how many were dropped or merged per reason.
 *
 * @param source the input path
 * @param format the input format
 * @param linesRead every line (or row), comments and blanks included
 * @param commentLines comment lines ({@code #} or {@code %})
 * @param blankLines empty lines
 * @param headerLines header lines skipped
 * @param malformed malformed lines per reason (only non-zero under the SKIP policy; FAIL throws)
 * @param selfLoops self-loops seen
 * @param selfLoopsDropped self-loops dropped (DROP policy)
 * @param duplicates edge copies beyond the first of each (src, dst)
 * @param duplicatesMerged copies removed by DEDUPE or merged into weights by WEIGHT
 * @param edges edges in the resulting graph
 * @param vertices vertices in the resulting graph
 * @param vertexFile what reading the vertex file ({@code --vertices}, {@link VertexTables}) found; null without one
 */
public record ReadReport(
    String source, String format, long linesRead, long commentLines, long blankLines, long headerLines,
    Map<String, Long> malformed, long selfLoops, long selfLoopsDropped, long duplicates, long duplicatesMerged,
    long edges, long vertices, Map<String, Object> vertexFile) {

  /** A report of an edge list read without a vertex file. */
  public ReadReport(String source, String format, long linesRead, long commentLines, long blankLines,
      long headerLines, Map<String, Long> malformed, long selfLoops, long selfLoopsDropped, long duplicates,
      long duplicatesMerged, long edges, long vertices) {
    this(source, format, linesRead, commentLines, blankLines, headerLines, malformed, selfLoops, selfLoopsDropped,
        duplicates, duplicatesMerged, edges, vertices, null);
  }

  /** Total malformed lines skipped. */
  public long malformedTotal() {
    return malformed.values().stream().mapToLong(Long::longValue).sum();
  }

  /** A JSON-friendly map, keys in a stable order. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", source);
    m.put("format", format);
    m.put("linesRead", linesRead);
    m.put("commentLines", commentLines);
    m.put("blankLines", blankLines);
    m.put("headerLines", headerLines);
    m.put("malformedSkipped", malformedTotal());
    m.put("malformedByReason", malformed);
    m.put("selfLoops", selfLoops);
    m.put("selfLoopsDropped", selfLoopsDropped);
    m.put("duplicates", duplicates);
    m.put("duplicatesMerged", duplicatesMerged);
    m.put("edges", edges);
    m.put("vertices", vertices);
    if (vertexFile != null) {
      m.put("vertexFile", vertexFile);
    }
    return m;
  }
}
