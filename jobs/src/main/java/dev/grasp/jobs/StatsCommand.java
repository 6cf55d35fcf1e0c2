package dev.grasp.jobs;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.grasp.graph.Graph;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.DriverTables;
import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.GraphReader;
import dev.grasp.graph.io.ReadReport;
import dev.grasp.graph.io.TableWriter;
import dev.grasp.graph.stats.DegreeMatrices;
import dev.grasp.graph.stats.Clustering;
import dev.grasp.graph.stats.Components;
import dev.grasp.graph.stats.Degrees;
import dev.grasp.graph.stats.LocalGraph;
import dev.grasp.graph.stats.Reciprocity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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

  /**
   * A graph under {@code spark.grasp.driverLocal.maxBytes}: read, measured and written in the driver ({@link LocalGraph},
   * {@link DriverTables}) without a Spark session when its text is small, else from Spark's read; larger graphs by
   * Spark stages. Both give the same report and tables.
   */
  @Override
  protected void run(JobContext ctx) {
    try (AtomicOutput o = ctx.output(out.path(), out.overwrite())) {
      ctx.param("input", in.path()).param("format", in.format).param("undirected", in.undirected)
          .param("outputFormat", out.outputFormat);
      long maxBytes = ctx.driverMaxBytes();
      Object read = ctx.stage("read", () -> {
        Optional<GraphReader.Local> l = in.readInDriver(ctx.hadoopConf(), maxBytes);
        return l.isPresent() ? l.get() : in.read(ctx.spark());
      });
      ReadReport report = read instanceof GraphReader.Local l ? l.report() : ((GraphInput) read).report();
      ctx.put("read", report.toMap());
      LocalGraph local = ctx.stage("collect", () -> read instanceof GraphReader.Local l
          ? LocalGraph.of(l.graph(), maxBytes) : LocalGraph.collect(((GraphInput) read).graph(), maxBytes));
      TableWriter.Format fmt = out.format() == TableWriter.Format.SNAP ? TableWriter.Format.CSV : out.format();
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("nodes", report.vertices());
      summary.put("edges", report.edges());
      summary.put("selfLoops", report.selfLoops());
      summary.put("duplicates", report.duplicates());
      if (local != null) {
        measureInDriver(ctx, o, local, fmt, summary);
      } else {
        GraphInput input = read instanceof GraphReader.Local l ? l.toSpark(ctx.spark()) : (GraphInput) read;
        measureWithSpark(ctx, o, input.graph(), fmt, summary);
        input.idMapping().ifPresent(m -> ctx.stage("write idmap", () -> TableWriter.write(m, o.path("idmap"), fmt)));
      }
      ctx.put("summary", summary);
      ctx.finish(o);
      System.out.println("grasp stats: " + summary.get("nodes") + " nodes, " + summary.get("edges") + " edges, "
          + summary.get("selfLoops") + " self-loops, nnz(DCM) " + summary.get("nnzDcm") + ", nnz(JDM) "
          + summary.get("nnzJdm") + structureLine(summary));
      System.out.println("report: " + o.finalPath() + "/report.json");
    }
  }

  /** Degrees, DCM, JDM, reciprocity, components and clustering in the driver; tables written from its rows. */
  private void measureInDriver(JobContext ctx, AtomicOutput o, LocalGraph local, TableWriter.Format fmt,
      Map<String, Object> summary) {
    summary.put("degree", ctx.stage("degree summary", () -> degreeSummary(local)));
    DegreeMatrices.Local m = ctx.stage("degree matrices", () -> DegreeMatrices.of(local));
    ctx.stage("write dcm", () -> DriverTables.write(ctx.hadoopConf(), rows(m.dcm(), DCM_SCHEMA), o.path("dcm"), fmt));
    ctx.stage("write jdm", () -> DriverTables.write(ctx.hadoopConf(), rows(m.jdm(), JDM_SCHEMA), o.path("jdm"), fmt));
    summary.put("nnzDcm", (long) m.dcm().size());
    summary.put("nnzJdm", (long) m.jdm().size());
    summary.put("reciprocity", ctx.stage("reciprocity", local::reciprocity));
    if (!noComponents) {
      summary.put("largestWcc", ctx.stage("wcc", () -> largest(local.weakComponentSizes())));
      summary.put("largestScc", ctx.stage("scc", () -> largest(local.strongComponentSizes())));
    }
    if (!noClustering) {
      putClustering(summary, ctx.stage("clustering", local::clusteringSummary));
    }
  }

  /** The same measures by Spark stages. */
  private void measureWithSpark(JobContext ctx, AtomicOutput o, Graph g, TableWriter.Format fmt,
      Map<String, Object> summary) {
    Dataset<Row> deg = ctx.stage("degrees", () -> Degrees.of(g).persist(StorageLevel.MEMORY_AND_DISK()));
    summary.put("degree", ctx.stage("degree summary", () -> degreeSummary(deg)));
    Dataset<Row> dcm = DegreeMatrices.dcm(deg).orderBy(col(Degrees.IN), col(Degrees.OUT));
    Dataset<Row> jdm = DegreeMatrices.jdm(g, deg).orderBy(col(DegreeMatrices.SRC_OUT), col(DegreeMatrices.DST_IN));
    ctx.stage("write dcm", () -> TableWriter.write(dcm, o.path("dcm"), fmt));
    ctx.stage("write jdm", () -> TableWriter.write(jdm, o.path("jdm"), fmt));
    summary.put("nnzDcm", ctx.stage("nnz dcm", () -> ctx.spark().read().format(fmtName(fmt))
        .option("header", "true").load(o.path("dcm")).count()));
    summary.put("nnzJdm", ctx.stage("nnz jdm", () -> ctx.spark().read().format(fmtName(fmt))
        .option("header", "true").load(o.path("jdm")).count()));
    summary.put("reciprocity", ctx.stage("reciprocity", () -> Reciprocity.of(g)));
    if (!noComponents) {
      summary.put("largestWcc", ctx.stage("wcc", () -> Components.largest(Components.sizes(Components.weak(g)))));
      summary.put("largestScc", ctx.stage("scc", () -> Components.largest(Components.sizes(Components.strong(g)))));
    }
    if (!noClustering) {
      putClustering(summary, ctx.stage("clustering", () -> Clustering.of(g)));
    }
    deg.unpersist();
  }

  private static void putClustering(Map<String, Object> summary, Clustering.Summary c) {
    summary.put("triangles", c.triangles());
    summary.put("averageClustering", c.average());
    summary.put("globalClustering", c.global());
  }

  /** The DCM table's schema, as {@link DegreeMatrices#dcm} of {@link Degrees#of} gives it. */
  static final StructType DCM_SCHEMA = new StructType().add(Degrees.IN, DataTypes.LongType, false)
      .add(Degrees.OUT, DataTypes.LongType, false).add(DegreeMatrices.COUNT, DataTypes.LongType, false);
  /** The JDM table's schema, as {@link DegreeMatrices#jdm} gives it. */
  static final StructType JDM_SCHEMA = new StructType().add(DegreeMatrices.SRC_OUT, DataTypes.LongType, false)
      .add(DegreeMatrices.DST_IN, DataTypes.LongType, false).add(DegreeMatrices.COUNT, DataTypes.LongType, false);

  private static DriverTables.Rows rows(List<DegreeMatrices.Cell> cells, StructType schema) {
    return new DriverTables.Rows(schema, cells.size(), i -> {
      DegreeMatrices.Cell c = cells.get(i);
      return new GenericInternalRow(new Object[] {c.first(), c.second(), c.count()});
    });
  }

  /** Min, mean and max of the in- and out-degrees (the mean as Spark's {@code avg}: a double sum over the count). */
  private static Map<String, Object> degreeSummary(LocalGraph g) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "in", g.inDegrees());
    put(m, "out", g.outDegrees());
    return m;
  }

  private static void put(Map<String, Object> m, String side, long[] d) {
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    double sum = 0.0;
    for (long x : d) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      sum += x;
    }
    m.put(side + "Min", lo);
    m.put(side + "Mean", sum / d.length);
    m.put(side + "Max", hi);
  }

  private static Map<String, Object> degreeSummary(Dataset<Row> degrees) {
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
