package dev.grasp.jobs;

import static org.apache.spark.sql.functions.col;

import dev.grasp.embedding.eval.ClusteringMetrics;
import dev.grasp.graph.Graph;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.DriverTables;
import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.NodeTables;
import dev.grasp.graph.io.Policies.IdType;
import dev.grasp.graph.stats.LocalGraph;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grasp evaluate clustering}: NMI and ARI against labels, modularity and SA-Cluster density on the graph,
 * SA-Cluster entropy on the attributes (when given), written as {@code report.json}.
 */
@Command(name = "clustering", mixinStandardHelpOptions = true,
    description = "Clustering quality: NMI, ARI, modularity, SA-Cluster density and entropy.")
public final class EvaluateClusteringCommand extends GraspCommand {

  @Option(names = "--clusters", required = true, description = "clusters/ of grasp cluster (parquet or CSV id,cluster).")
  String clusters;

  @Option(names = "--labels", description = "Labels file: id label per line.")
  String labels;

  @Option(names = "--linqs", description = "LINQS content file whose last column is the class (instead of --labels).")
  String linqs;

  @Mixin
  InputOptions in = new InputOptions();

  @Option(names = "--attributes", description = "Attributes for the entropy: LINQS content file or CSV id,attribute,value.")
  String attributes;

  @Option(names = "--attribute-format", defaultValue = "linqs", description = "linqs | csv (default: ${DEFAULT-VALUE}).")
  String attributeFormat;

  @Mixin
  OutputOptions out = new OutputOptions();

  @Override
  protected void validate() {
    if ((labels == null) == (linqs == null)) {
      throw new IllegalArgumentException("give exactly one of `--labels` and `--linqs`");
    }
    in.validate();
  }

  static Dataset<Row> readClusters(SparkSession spark, String path) {
    Dataset<Row> df;
    boolean csv;
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      csv = fs.isFile(p) ? path.endsWith(".csv")
          : Arrays.stream(fs.listStatus(p)).anyMatch(s -> s.getPath().getName().endsWith(".csv"));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("`--clusters` cannot be listed: " + path + " (" + e.getMessage() + ")");
    }
    // Parquet reading is lazy, so a CSV folder read as Parquet would only fail later: decide by the file names.
    df = csv ? spark.read().option("header", "true").csv(path) : spark.read().parquet(path);
    if (!Arrays.asList(df.columns()).contains(ClusteringMetrics.CLUSTER)) {
      throw new IllegalArgumentException("`--clusters` must hold id, cluster; found " + Arrays.toString(df.columns())
          + " in " + path);
    }
    return df.select(col(Graph.ID).cast("long").as(Graph.ID), col(ClusteringMetrics.CLUSTER).cast("long")
        .as(ClusteringMetrics.CLUSTER));
  }

  /**
   * Tables that fit the driver ({@code --labels}, numeric ids, no attributes) are read and measured there without a
   * Spark session ({@link ClusteringMetrics#evaluateInDriver}: the same bits); otherwise by Spark stages.
   */
  @Override
  protected void run(JobContext ctx) {
    try (AtomicOutput o = ctx.output(out.path(), out.overwrite())) {
      ctx.param("clusters", clusters).param("labels", labels).param("linqs", linqs).param("input", in.path())
          .param("attributes", attributes);
      ClusteringMetrics.Report r = labels != null && attributes == null && in.idType() == IdType.LONG
          ? inDriver(ctx) : null;
      if (r == null) {
        r = withSpark(ctx);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("nmi", r.nmi());
      m.put("ari", r.ari());
      m.put("modularity", r.modularity());
      m.put("density", r.density());
      if (attributes != null) {
        m.put("entropy", r.entropy());
      }
      ctx.put("results", m);
      ctx.finish(o);
      System.out.printf("grasp evaluate clustering: NMI %.4f ARI %.4f modularity %.4f density %.4f%n",
          r.nmi(), r.ari(), r.modularity(), r.density());
      System.out.println("report: " + o.finalPath() + "/report.json");
    }
  }

  /** The measures from tables read in the driver; null when one of them does not fit or needs Spark to decide. */
  private ClusteringMetrics.Report inDriver(JobContext ctx) {
    long maxBytes = ctx.driverMaxBytes();
    long[][] c = ctx.stage("read clusters", () -> {
      long[][] t = DriverTables.readLongs(ctx.hadoopConf(), clusters, maxBytes, Graph.ID, ClusteringMetrics.CLUSTER);
      // a node in two clusters is left to the Spark stages, which count it in both
      return t == null || java.util.Arrays.stream(t[0]).distinct().count() < t[0].length ? null : t;
    });
    if (c == null) {
      return null;
    }
    Map<Long, Set<String>> lab = ctx.stage("read labels",
        () -> NodeTables.labelsInDriver(ctx.hadoopConf(), labels, maxBytes));
    if (lab == null) {
      return null;
    }
    LocalGraph g = ctx.stage("read graph", () -> in.readInDriver(ctx.hadoopConf(), maxBytes)
        .map(l -> LocalGraph.of(l.graph(), maxBytes)).orElse(null));
    return g == null ? null : ctx.stage("metrics", () -> ClusteringMetrics.evaluateInDriver(g, lab, c[0], c[1]));
  }

  private ClusteringMetrics.Report withSpark(JobContext ctx) {
    Dataset<Row> c = ctx.stage("read clusters", () -> readClusters(ctx.spark(), clusters).cache());
    Dataset<Row> lab = ctx.stage("read labels", () -> labels != null
        ? NodeTables.labels(ctx.spark(), labels, in.idType()).select(Graph.ID, NodeTables.LABEL)
        : NodeTables.linqs(ctx.spark(), linqs, in.idType()).select(Graph.ID, NodeTables.LABEL)).cache();
    GraphInput input = ctx.stage("read graph", () -> in.read(ctx.spark()));
    Dataset<Row> attrs = attributes == null ? null
        : ctx.stage("read attributes",
            () -> ClusterCommand.readAttributes(ctx.spark(), attributes, attributeFormat, in.idType()));
    return ctx.stage("metrics", () -> ClusteringMetrics.evaluate(input.graph(), attrs, lab, c, false));
  }
}
