package dev.grasp.jobs;

import static org.apache.spark.sql.functions.col;

import dev.grasp.embedding.fastrp.FastRP;
import dev.grasp.graph.Graph;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.DriverTables;
import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.GraphReader;
import dev.grasp.graph.io.NodeTables;
import dev.grasp.graph.io.Policies.IdType;
import dev.grasp.graph.io.ReadReport;
import dev.grasp.graph.io.TableWriter;
import dev.grasp.graph.util.ScalaSeq;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grasp embed}: FastRP embeddings of a graph written as {@code embeddings/} ({@code id, embedding} in
 * parquet, {@code id,v0,…,v{d-1}} in CSV) with {@code report.json}.
 */
@Command(name = "embed", mixinStandardHelpOptions = true, description = "FastRP node embeddings.")
public final class EmbedCommand extends GraspCommand {

  @Mixin
  InputOptions in = new InputOptions();

  @Mixin
  FastRpOptions fastrp = new FastRpOptions();

  @Option(names = "--attributes", description = "LINQS content file (id, features, class) giving node features.")
  String attributes;

  @Mixin
  OutputOptions out = new OutputOptions();

  @Override
  protected void validate() {
    in.validate();
    out.format();
    fastrp.stage(attributes != null);
  }

  /**
   * Reads, embeds and writes in the driver without Spark when the graph is small text with numeric ids and no
   * attributes ({@link GraphReader#readInDriver}, {@link FastRP#embedInDriver}: the same table); else with Spark.
   */
  @Override
  protected void run(JobContext ctx) {
    try (AtomicOutput o = ctx.output(out.path(), out.overwrite())) {
      ctx.param("input", in.path()).param("format", in.format).param("undirected", in.undirected)
          .param("attributes", attributes).param("fastrp", fastrp.describe()).param("outputFormat", out.outputFormat);
      FastRP f = fastrp.stage(attributes != null);
      long maxBytes = ctx.driverMaxBytes();
      boolean driver = attributes == null && FastRP.ARRAY.equals(f.getOutputType());
      Object read = ctx.stage("read", () -> {
        Optional<GraphReader.Local> local = driver ? in.readInDriver(ctx.hadoopConf(), maxBytes) : Optional.empty();
        return local.isPresent() ? local.get() : in.read(ctx.spark());
      });
      double[][] emb = read instanceof GraphReader.Local l
          ? ctx.stage("fastrp", () -> f.embedInDriver(l.graph(), maxBytes)) : null;
      long n;
      ReadReport report;
      if (emb != null) {
        GraphReader.Local l = (GraphReader.Local) read;
        report = l.report();
        ctx.put("read", report.toMap());
        ctx.stage("write embeddings", () -> DriverTables.write(ctx.hadoopConf(),
            FastRP.driverRows(l.graph().ids(), emb, f.getOutputCol()), o.path("embeddings"), tableFormat()));
        n = emb.length;
      } else {
        GraphInput input = read instanceof GraphReader.Local l ? l.toSpark(ctx.spark()) : (GraphInput) read;
        report = input.report();
        ctx.put("read", report.toMap());
        n = embedWithSpark(ctx, o, f, input.graph());
      }
      ctx.put("summary", Map.of("nodes", n, "dimension", f.getDimension(),
          "estimatedCachedBytes", FastRP.estimateBytes(n, report.edges(), f)));
      ctx.finish(o);
      System.out.println("grasp embed: " + n + " nodes, d = " + f.getDimension() + " -> " + o.finalPath());
    }
  }

  /** The Spark stages: attributes joined, embedded, written in id order; returns the node count. */
  private long embedWithSpark(JobContext ctx, AtomicOutput o, FastRP f, Graph read) {
    Graph g = read;
    if (attributes != null) {
      Dataset<Row> attrs = ctx.stage("read attributes",
          () -> NodeTables.linqs(ctx.spark(), attributes, IdType.LONG).select(Graph.ID, NodeTables.FEATURES));
      g = Graph.of(g.vertices().select(Graph.ID).join(attrs, Graph.ID, "left"), g.edges());
    }
    Graph graph = g;
    Dataset<Row> emb = ctx.stage("fastrp", () -> {
      Dataset<Row> e = f.embed(graph);
      e.count();
      return e;
    });
    Dataset<Row> table = withVertexAttributes(emb, read.vertices());
    ctx.stage("write embeddings", () -> TableWriter.write(table.orderBy(col(Graph.ID)), o.path("embeddings"),
        tableFormat()));
    long n = ctx.stage("count", () -> emb.count());
    emb.unpersist();
    return n;
  }

  /**
   * The embeddings with the vertex file's attributes ({@code --vertices}) between the id and the vector, so that they
   * travel with the vectors; unchanged when the vertices carry none. An attribute named like the vector column fails.
   */
  static Dataset<Row> withVertexAttributes(Dataset<Row> emb, Dataset<Row> vertices) {
    List<String> attrs = new ArrayList<>(List.of(vertices.columns()));
    attrs.remove(Graph.ID);
    if (attrs.isEmpty()) {
      return emb;
    }
    List<String> embCols = new ArrayList<>(List.of(emb.columns()));
    embCols.remove(Graph.ID);
    for (String a : attrs) {
      if (embCols.contains(a)) {
        throw new IllegalArgumentException("`--vertices`: attribute column '" + a + "' has the name of the "
            + "embedding's column; rename it in the vertex file");
      }
    }
    List<Column> order = new ArrayList<>(List.of(col(Graph.ID)));
    attrs.forEach(a -> order.add(col("`" + a + "`")));
    embCols.forEach(c -> order.add(col("`" + c + "`")));
    return emb.join(vertices, ScalaSeq.of(Graph.ID), "left").select(order.toArray(new Column[0]));
  }

  private TableWriter.Format tableFormat() {
    return out.format() == TableWriter.Format.SNAP ? TableWriter.Format.CSV : out.format();
  }
}
