package dev.grasp.jobs;

import static org.apache.spark.sql.functions.col;

import dev.grasp.embedding.fastrp.FastRP;
import dev.grasp.graph.Graph;
import dev.grasp.graph.io.AtomicOutput;
import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.NodeTables;
import dev.grasp.graph.io.Policies.IdType;
import dev.grasp.graph.io.TableWriter;
import java.util.Map;
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

  @Override
  protected void run(JobContext ctx) {
    try (AtomicOutput o = AtomicOutput.begin(ctx.spark(), out.path(), out.overwrite())) {
      ctx.param("input", in.path()).param("format", in.format).param("undirected", in.undirected)
          .param("attributes", attributes).param("fastrp", fastrp.describe()).param("outputFormat", out.outputFormat);
      GraphInput input = ctx.stage("read", () -> in.read(ctx.spark()));
      ctx.put("read", input.report().toMap());
      Graph g = input.graph();
      if (attributes != null) {
        Dataset<Row> attrs = ctx.stage("read attributes",
            () -> NodeTables.linqs(ctx.spark(), attributes, IdType.LONG).select(Graph.ID, NodeTables.FEATURES));
        g = Graph.of(g.vertices().select(Graph.ID).join(attrs, Graph.ID, "left"), g.edges());
      }
      FastRP f = fastrp.stage(attributes != null);
      Graph graph = g;
      Dataset<Row> emb = ctx.stage("fastrp", () -> {
        Dataset<Row> e = f.embed(graph);
        e.count();
        return e;
      });
      TableWriter.Format fmt = out.format() == TableWriter.Format.SNAP ? TableWriter.Format.CSV : out.format();
      ctx.stage("write embeddings", () -> TableWriter.write(emb.orderBy(col(Graph.ID)), o.path("embeddings"), fmt));
      long n = ctx.stage("count", () -> emb.count());
      ctx.put("summary", Map.of("nodes", n, "dimension", f.getDimension(),
          "estimatedCachedBytes", FastRP.estimateBytes(n, input.report().edges(), f)));
      ctx.finish(o);
      emb.unpersist();
      System.out.println("grasp embed: " + n + " nodes, d = " + f.getDimension() + " -> " + o.finalPath());
    }
  }
}
