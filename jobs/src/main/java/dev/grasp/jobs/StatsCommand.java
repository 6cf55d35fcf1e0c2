package dev.grasp.jobs;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.grasp.graph.Graph;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.TableWriter;
import dev.grasp.graph.stats.DegreeMatrices;
import dev.grasp.graph.stats.Clustering;
import dev.grasp.graph.stats.Components;
import dev.grasp.graph.stats.Degrees;
import dev.grasp.graph.stats.LocalGraph;
import dev.grasp.graph.stats.Reciprocity;
import dev.grasp.graph.util.DriverLocal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grasp stats}: reads a graph and writes {@code report.json} (nodes, edges, self-loops, duplicates,
 * reciprocity, degree min/mean/max, nnz of DCM and JDM, largest WCC/SCC, clustering) with the DCM and JDM tables.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Graph statistics: counts, degrees, DCM/JDM, reciprocity, components, clustering.")
public final class StatsCommand extends GraspCommand {

  @Mixin
  InputOptions in = new InputOptions();

  @Mixin
  OutputOptions out = new OutputOptions();

  @Option(names = "--no-components", description = "Skip WCC/SCC (GraphX) on very large graphs.")
  boolean noComponents;

  @Option(names = "--no-clustering", description = "Skip the clustering coefficient (triangle counting).")
  boolean noClustering;

  @Override
  protected void validate() {
    in.validate();
    out.format();
  }

  @Override
  protected void run(JobContext ctx) {
    try (AtomicOutput o = AtomicOutput.begin(ctx.spark(), out.path(), out.overwrite())) {
      ctx.param("input", in.path()).param("format", in.format).param("undirected", in.undirected)
          .param("outputFormat", out.outputFormat);
      GraphInput input = ctx.stage("read", () -> in.read(ctx.spark()));
      ctx.put("read", input.report().toMap());
      Graph g = input.graph();
      Dataset<Row> degrees = ctx.stage("degrees",
          () -> Degrees.of(g).persist(StorageLevel.MEMORY_AND_DISK()));
      Map<String, Object> deg = ctx.stage("degree summary", () -> {
        Row r = degrees.agg(min(Degrees.IN), avg(Degrees.IN), max(Degrees.IN),
            min(Degrees.OUT), avg(Degrees.OUT), max(Degrees.OUT)).first();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inMin", r.getLong(0));
        m.put("inMean", r.getDouble(1));
        m.put("inMax", r.getLong(2));
        m.put("outMin", r.getLong(3));
        m.put("outMean", r.getDouble(4));
        m.put("outMax", r.getLong(5));
        return m;
      });
      Dataset<Row> dcm = DegreeMatrices.dcm(degrees).orderBy(col(Degrees.IN), col(Degrees.OUT));
      Dataset<Row> jdm = DegreeMatrices.jdm(g, degrees)
          .orderBy(col(DegreeMatrices.SRC_OUT), col(DegreeMatrices.DST_IN));
      TableWriter.Format fmt = out.format() == TableWriter.Format.SNAP ? TableWriter.Format.CSV : out.format();
      ctx.stage("write dcm", () -> TableWriter.write(dcm, o.path("dcm"), fmt));
      ctx.stage("write jdm", () -> TableWriter.write(jdm, o.path("jdm"), fmt));
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("nodes", input.report().vertices());
      summary.put("edges", input.report().edges());
      summary.put("selfLoops", input.report().selfLoops());
      summary.put("duplicates", input.report().duplicates());
      summary.put("degree", deg);
      summary.put("nnzDcm", ctx.stage("nnz dcm", () -> ctx.spark().read().format(fmtName(fmt))
          .option("header", "true").load(o.path("dcm")).count()));
      summary.put("nnzJdm", ctx.stage("nnz jdm", () -> ctx.spark().read().format(fmtName(fmt))
          .option("header", "true").load(o.path("jdm")).count()));
      // A graph under spark.grasp.driverLocal.maxBytes: reciprocity, components and clustering in the driver.
      LocalGraph local = ctx.stage("collect", () -> LocalGraph.collect(g, DriverLocal.maxBytes(ctx.spark())));
      summary.put("reciprocity", ctx.stage("reciprocity", () -> local != null ? local.reciprocity()
          : Reciprocity.of(g)));
      if (!noComponents) {
        summary.put("largestWcc", ctx.stage("wcc", () -> local != null ? largest(local.weakComponentSizes())
            : Components.largest(Components.sizes(Components.weak(g)))));
        summary.put("largestScc", ctx.stage("scc", () -> local != null ? largest(local.strongComponentSizes())
            : Components.largest(Components.sizes(Components.strong(g)))));
      }
      if (!noClustering) {
        Clustering.Summary c = ctx.stage("clustering", () -> local != null ? local.clusteringSummary()
            : Clustering.of(g));
        summary.put("triangles", c.triangles());
        summary.put("averageClustering", c.average());
        summary.put("globalClustering", c.global());
      }
      ctx.put("summary", summary);
      input.idMapping().ifPresent(m -> ctx.stage("write idmap", () -> TableWriter.write(m, o.path("idmap"), fmt)));
      ctx.finish(o);
      degrees.unpersist();
      System.out.println("grasp stats: " + summary.get("nodes") + " nodes, " + summary.get("edges") + " edges, "
          + summary.get("selfLoops") + " self-loops, nnz(DCM) " + summary.get("nnzDcm") + ", nnz(JDM) "
          + summary.get("nnzJdm") + structureLine(summary));
      System.out.println("report: " + o.finalPath() + "/report.json");
    }
  }

  private static String structureLine(Map<String, Object> s) {
    StringBuilder b = new StringBuilder();
    for (String k : new String[] {"reciprocity", "largestWcc", "largestScc", "averageClustering"}) {
      if (s.containsKey(k)) {
        b.append(", ").append(k).append(' ').append(s.get(k));
      }
    }
    return b.toString();
  }

  private static String fmtName(TableWriter.Format f) {
    return f == TableWriter.Format.CSV ? "csv" : "parquet";
  }

  /** The largest size of a size → count distribution; 0 when empty. */
  private static long largest(java.util.NavigableMap<Double, Double> sizes) {
    return sizes.isEmpty() ? 0L : sizes.lastKey().longValue();
  }
}
