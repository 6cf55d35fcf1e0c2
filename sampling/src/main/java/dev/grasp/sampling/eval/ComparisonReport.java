package dev.grasp.sampling.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.grasp.graph.stats.Distributions;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes a sample comparison to a directory: {@code report.json} (every D statistic, their mean, reciprocity, DCM/JDM
 * rel-L1, sizes and settings), PNG plots of original vs sample rendered headless with JFreeChart — in/out- and
 * mutual-degree CCDF (log-log), WCC/SCC size CCDF (log-log), hop-plot (fraction of reachable pairs within h hops),
 * clustering coefficient vs degree (log-log), top singular values vs rank (log-log) — and an {@code index.html}
 * showing them.
 *
 * <p>Driver side, O(size of the collected distributions).
 */
public final class ComparisonReport {

  public static final String REPORT = "report.json";
  public static final String INDEX = "index.html";

  private static final int WIDTH = 640;
  private static final int HEIGHT = 440;

  private ComparisonReport() {}

  /**
   * Writes the report, plots and index into {@code dir} (created if missing; existing files of the same names are
   * replaced) and returns the files written.
   */
  public static List<Path> write(Path dir, String title, SampleComparison.Settings settings,
      SampleComparison.Result result, GraphProfile original, GraphProfile sample) {
    System.setProperty("java.awt.headless", "true");
    try {
      Files.createDirectories(dir);
      List<Path> files = new ArrayList<>();
      files.add(writeJson(dir.resolve(REPORT), title, settings, result));
      Map<String, String> plots = new LinkedHashMap<>();
      plots.put("in-degree.png", plot(dir, "in-degree.png", "In-degree CCDF", "in-degree", "P(X ≥ x)",
          Distributions.ccdf(original.inDegrees()), Distributions.ccdf(sample.inDegrees()), true, true,
          result.inDegreeD()));
      plots.put("out-degree.png", plot(dir, "out-degree.png", "Out-degree CCDF", "out-degree", "P(X ≥ x)",
          Distributions.ccdf(original.outDegrees()), Distributions.ccdf(sample.outDegrees()), true, true,
          result.outDegreeD()));
      plots.put("mutual-degree.png", plot(dir, "mutual-degree.png", "Mutual-degree CCDF", "mutual degree",
          "P(X ≥ x)", Distributions.ccdf(original.mutualDegrees()), Distributions.ccdf(sample.mutualDegrees()), true,
          true, result.mutualDegreeD()));
      plots.put("wcc-sizes.png", plot(dir, "wcc-sizes.png", "WCC size CCDF", "component size", "P(size ≥ s)",
          Distributions.ccdf(original.wccSizes()), Distributions.ccdf(sample.wccSizes()), true, true,
          result.wccD()));
      plots.put("scc-sizes.png", plot(dir, "scc-sizes.png", "SCC size CCDF", "component size", "P(size ≥ s)",
          Distributions.ccdf(original.sccSizes()), Distributions.ccdf(sample.sccSizes()), true, true,
          result.sccD()));
      plots.put("hop-plot.png", plot(dir, "hop-plot.png", "Hop-plot (BFS from seeded sources)", "hops h",
          "fraction of reachable pairs within h", Distributions.cdf(original.hops()),
          Distributions.cdf(sample.hops()), false, false, result.hopPlotD()));
      plots.put("clustering.png", plot(dir, "clustering.png", "Clustering coefficient vs degree",
          "undirected degree d", "mean local clustering C(d)", original.clusteringByDegree(),
          sample.clusteringByDegree(), true, true, result.clusteringD()));
      plots.put("singular-values.png", plot(dir, "singular-values.png", "Top singular values (normalised by the "
              + "largest)", "rank", "σ_i / σ_1", scaled(original.singularValues()), scaled(sample.singularValues()),
          true, true, result.singularValuesD()));
      for (String f : plots.keySet()) {
        files.add(dir.resolve(f));
      }
      files.add(writeIndex(dir.resolve(INDEX), title, result, plots));
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the comparison report to " + dir, e);
    }
  }

  private static NavigableMap<Double, Double> scaled(NavigableMap<Double, Double> sv) {
    NavigableMap<Double, Double> out = new TreeMap<>();
    if (sv.isEmpty() || sv.firstEntry().getValue() <= 0) {
      return out;
    }
    double first = sv.firstEntry().getValue();
    sv.forEach((k, v) -> out.put(k, v / first));
    return out;
  }

  private static Path writeJson(Path file, String title, SampleComparison.Settings settings,
      SampleComparison.Result result) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("title", title);
    root.put("meanD", result.meanD());
    root.put("d", result.ds());
    root.put("result", result);
    root.put("settings", settings);
    root.put("notes", Map.of(
        "meanD", "mean of the seven KS D statistics",
        "hopPlot", "exact directed BFS from hopSources seeded sources; distances of reachable pairs",
        "dcmRelL1", "sum |DCM' - s_V DCM| / (s_V |V|), s_V = vertexRatio",
        "jdmRelL1", "sum |JDM' - s_E JDM| / (s_E |E|), s_E = edgeRatio"));
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    return file;
  }

  private static String plot(Path dir, String name, String title, String xLabel, String yLabel,
      NavigableMap<Double, Double> original, NavigableMap<Double, Double> sample, boolean logX, boolean logY,
      double d) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(series("original", original, logX, logY));
    data.addSeries(series("sample", sample, logX, logY));
    JFreeChart chart = ChartFactory.createXYLineChart(title + String.format("  (KS D = %.3f)", d), xLabel, yLabel,
        data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    if (logX) {
      LogAxis x = new LogAxis(xLabel);
      x.setSmallestValue(1e-12);
      plot.setDomainAxis(x);
    } else {
      ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
    }
    if (logY) {
      LogAxis y = new LogAxis(yLabel);
      y.setSmallestValue(1e-12);
      plot.setRangeAxis(y);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, new Color(31, 119, 180));
    renderer.setSeriesPaint(1, new Color(214, 39, 40));
    renderer.setSeriesStroke(0, new BasicStroke(2.0f));
    renderer.setSeriesStroke(1, new BasicStroke(2.0f));
    plot.setRenderer(renderer);
    ChartUtils.saveChartAsPNG(dir.resolve(name).toFile(), chart, WIDTH, HEIGHT);
    return title;
  }

  /** Points of {@code m}; on a log axis only positive coordinates can be drawn. */
  private static XYSeries series(String key, NavigableMap<Double, Double> m, boolean logX, boolean logY) {
    XYSeries s = new XYSeries(key, true, false);
    for (Map.Entry<Double, Double> e : m.entrySet()) {
      if ((!logX || e.getKey() > 0) && (!logY || e.getValue() > 0)) {
        s.add(e.getKey(), e.getValue());
      }
    }
    return s;
  }

  private static Path writeIndex(Path file, String title, SampleComparison.Result r, Map<String, String> plots)
      throws IOException {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}img{margin:8px;border:1px solid #ddd}"
            + "</style></head><body>\n<h1>").append(escape(title)).append("</h1>\n");
    html.append(String.format("<p>Original: %d vertices, %d edges. Sample: %d vertices (%.4f), %d edges (%.4f).</p>%n",
        r.originalVertices(), r.originalEdges(), r.sampleVertices(), r.vertexRatio(), r.sampleEdges(),
        r.edgeRatio()));
    html.append("<table><tr><th>criterion</th><th>KS D</th></tr>\n");
    for (Map.Entry<String, Double> e : r.ds().entrySet()) {
      html.append(String.format("<tr><td>%s</td><td>%.4f</td></tr>%n", e.getKey(), e.getValue()));
    }
    html.append(String.format("<tr><th>mean D</th><th>%.4f</th></tr>%n", r.meanD()));
    html.append(String.format("<tr><td>reciprocity original / sample</td><td>%.4f / %.4f</td></tr>%n",
        r.reciprocityOriginal(), r.reciprocitySample()));
    html.append(String.format("<tr><td>DCM rel-L1</td><td>%.4f</td></tr>%n", r.dcmRelL1()));
    html.append(String.format("<tr><td>JDM rel-L1</td><td>%.4f</td></tr>%n", r.jdmRelL1()));
    html.append("</table>\n<p><a href=\"report.json\">report.json</a></p>\n<div>\n");
    for (Map.Entry<String, String> e : plots.entrySet()) {
      html.append("<img src=\"").append(e.getKey()).append("\" alt=\"").append(escape(e.getValue()))
          .append("\" width=\"").append(WIDTH).append("\">\n");
    }
    html.append("</div>\n</body></html>\n");
    Files.writeString(file, html.toString(), StandardCharsets.UTF_8);
    return file;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
