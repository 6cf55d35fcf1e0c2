package dev.grasp.jobs;

import static org.apache.spark.sql.functions.col;

import dev.grasp.graph.Graph;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.TableWriter;
import dev.grasp.sampling.eval.ComparisonReport;
import dev.grasp.sampling.eval.GraphProfile;
import dev.grasp.sampling.eval.SampleComparison;
import java.net.URI;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grasp compare}: compares a {@code grasp sample} output with its original on the Leskovec–Faloutsos criteria
 * and writes {@code report.json} (every KS D, their mean, reciprocity, DCM/JDM rel-L1, run report), PNG plots and an
 * {@code index.html} showing them. Plots are rendered on the driver into a local output directory.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare a sample with its original (KS D per criterion, plots).")
public final class CompareCommand extends GraspCommand {

  @Option(names = "--original", required = true, description = "The original graph's edge list.")
  String original;

  @Option(names = "--format", defaultValue = "snap",
      description = "Format of --original: snap | csv | tsv | parquet (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--sample", required = true, description = "A `grasp sample` output directory.")
  String sample;

  @Option(names = "--sample-format", defaultValue = "parquet",
      description = "Format the sample was written in: parquet | csv (default: ${DEFAULT-VALUE}).")
  String sampleFormat;

  @Option(names = "--output", required = true, description = "Report directory (written atomically).")
  String output;

  @Option(names = "--overwrite", description = "Replace an existing output directory.")
  boolean overwrite;

  @Mixin
  CompareOptions compare = new CompareOptions();

  private final InputOptions in = new InputOptions();

  @Override
  protected void validate() {
    in.input = original;
    in.format = format;
    in.selfLoops = "keep";
    in.duplicates = "dedupe";
    in.malformed = "fail";
    in.idType = "long";
    in.validate();
    TableWriter.Format f = TableWriter.format("--sample-format", sampleFormat);
    if (f == TableWriter.Format.SNAP) {
      throw new IllegalArgumentException("`--sample-format` must be parquet or csv, got snap");
    }
    compare.settings();
  }

  /** A local filesystem path for a (possibly {@code file:}-qualified) output path; plots are written with java.io. */
  static java.nio.file.Path localPath(String path) {
    if (path.startsWith("file:")) {
      return java.nio.file.Path.of(URI.create(path.replace(" ", "%20")));
    }
    if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      throw new IllegalArgumentException("`--output` must be a local directory for the plots, got " + path);
    }
    return java.nio.file.Path.of(path);
  }

  /** Reads a {@code grasp sample} output (vertices/ and edges/). */
  static Graph readSample(SparkSession spark, String dir, String format) {
    boolean csv = TableWriter.format("--sample-format", format) == TableWriter.Format.CSV;
    Dataset<Row> v = csv ? spark.read().option("header", "true").csv(dir + "/vertices")
        : spark.read().parquet(dir + "/vertices");
    Dataset<Row> e = csv ? spark.read().option("header", "true").csv(dir + "/edges")
        : spark.read().parquet(dir + "/edges");
    if (csv) {
      v = v.withColumn(Graph.ID, col(Graph.ID).cast("long"));
      e = e.withColumn(Graph.SRC, col(Graph.SRC).cast("long")).withColumn(Graph.DST, col(Graph.DST).cast("long"));
    }
    return Graph.of(v, e);
  }

  @Override
  protected void run(JobContext ctx) {
    try (AtomicOutput o = AtomicOutput.begin(ctx.spark(), output, overwrite)) {
      ctx.param("original", original).param("format", format).param("sample", sample)
          .param("sampleFormat", sampleFormat).param("settings", compare.settings());
      GraphInput input = ctx.stage("read original", () -> in.read(ctx.spark()));
      Graph s = ctx.stage("read sample", () -> readSample(ctx.spark(), sample, sampleFormat));
      SampleComparison cmp = new SampleComparison(compare.settings());
      GraphProfile po = ctx.stage("profile original", () -> cmp.profile(input.graph()));
      GraphProfile ps = ctx.stage("profile sample", () -> cmp.profile(s));
      SampleComparison.Result r = cmp.compare(po, ps);
      ctx.stage("plots", () -> ComparisonReport.write(localPath(o.path("")), "sample " + sample + " vs " + original,
          cmp.settings(), r, po, ps));
      ctx.put("meanD", r.meanD());
      ctx.put("d", r.ds());
      ctx.put("result", r);
      ctx.put("summary", Map.of("originalVertices", r.originalVertices(), "sampleVertices", r.sampleVertices()));
      // The run report (parameters, timings, every D) replaces the plain comparison report.json.
      ctx.finish(o);
      System.out.printf("grasp compare: mean KS D %.4f (in %.3f, out %.3f, wcc %.3f, scc %.3f, hop %.3f, "
              + "clustering %.3f, sv %.3f) -> %s%n", r.meanD(), r.inDegreeD(), r.outDegreeD(), r.wccD(), r.sccD(),
          r.hopPlotD(), r.clusteringD(), r.singularValuesD(), o.finalPath() + "/index.html");
    }
  }
}
