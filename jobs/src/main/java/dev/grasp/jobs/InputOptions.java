package dev.grasp.jobs;

import dev.grasp.graph.io.GraphInput;
import dev.grasp.graph.io.GraphReader;
import dev.grasp.graph.io.Policies;
import dev.grasp.graph.io.Policies.Direction;
import dev.grasp.graph.io.Policies.Duplicates;
import dev.grasp.graph.io.Policies.IdType;
import dev.grasp.graph.io.Policies.Malformed;
import dev.grasp.graph.io.Policies.SelfLoops;
import dev.grasp.graph.io.VertexTables;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** How a command reads its input graph: path, format and the input policies, with their defaults. */
public final class InputOptions {

  @Option(names = "--input", required = true, description = "Edge list: a file, folder or glob (plain or .gz).")
  String input;

  @Option(names = "--format", defaultValue = "snap",
      description = "snap | csv | tsv | parquet (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--undirected", description = "Symmetrise: add v->u for every u->v.")
  boolean undirected;

  @Option(names = "--self-loops", defaultValue = "keep", description = "keep | drop (default: ${DEFAULT-VALUE}).")
  String selfLoops;

  @Option(names = "--duplicates", defaultValue = "dedupe",
      description = "dedupe | weight (sum into weight) | keep (default: ${DEFAULT-VALUE}).")
  String duplicates;

  @Option(names = "--malformed", defaultValue = "fail",
      description = "fail (file:line and the text) | skip (count in the report) (default: ${DEFAULT-VALUE}).")
  String malformed;

  @Option(names = "--id-type", defaultValue = "long",
      description = "long | string (hashed to long; mapping written as idmap/) (default: ${DEFAULT-VALUE}).")
  String idType;

  @Option(names = "--header", description = "CSV/TSV files start with a header line.")
  boolean header;

  @Option(names = "--allow-negative-weights", description = "Accept negative edge weights (rejected by default).")
  boolean allowNegativeWeights;

  @Option(names = "--vertices", description = "Vertex file, in --format: id [attributes …] per line, or a Parquet "
      + "table with an id column. Isolated vertices and attributes travel with the graph.")
  String vertices;

  @Option(names = "--vertices-header",
      description = "The vertex file's first line names its columns (id first); else attributes are a1 … aK.")
  boolean verticesHeader;

  @Option(names = "--vertex-duplicates", defaultValue = "fail",
      description = "An id the vertex file names twice: fail (file:line) | keep-one (the row with the smallest "
          + "attributes; counted in the report) (default: ${DEFAULT-VALUE}).")
  String vertexDuplicates = "fail";

  @Option(names = "--missing-vertices", defaultValue = "fail",
      description = "An edge endpoint the vertex file lacks: fail | add (without attributes; counted in the report) "
          + "(default: ${DEFAULT-VALUE}).")
  String missingVertices = "fail";

  /** The {@code --id-type} policy, which node tables (attributes, labels) of the same run follow too. */
  public IdType idType() {
    return Policies.parse(IdType.class, "--id-type", idType);
  }

  /** Reads the graph with these options. */
  public GraphInput read(SparkSession spark) {
    GraphInput edges = withPolicies(GraphReader.with(spark)).read(input);
    if (vertices == null) {
      return edges;
    }
    return VertexTables.attach(spark, edges, vertices, Policies.parse(GraphReader.Format.class, "--format", format),
        verticesHeader, idType(),
        Policies.parse(VertexTables.Duplicates.class, "--vertex-duplicates", vertexDuplicates),
        Policies.parse(VertexTables.Missing.class, "--missing-vertices", missingVertices));
  }

  /**
   * Reads the graph in the driver without Spark when it is small text with numeric ids
   * ({@link GraphReader#readInDriver}) and has no vertex file; empty otherwise.
   */
  public Optional<GraphReader.Local> readInDriver(Configuration hadoopConf, long maxBytes) {
    if (vertices != null) {
      return Optional.empty();
    }
    return withPolicies(GraphReader.inDriver(hadoopConf)).readInDriver(input, maxBytes);
  }

  private GraphReader withPolicies(GraphReader r) {
    return r.format(format)
        .direction(undirected ? Direction.UNDIRECTED : Direction.DIRECTED)
        .selfLoops(Policies.parse(SelfLoops.class, "--self-loops", selfLoops))
        .duplicates(Policies.parse(Duplicates.class, "--duplicates", duplicates))
        .malformed(Policies.parse(Malformed.class, "--malformed", malformed))
        .idType(idType())
        .header(header)
        .allowNegativeWeights(allowNegativeWeights);
  }

  /** Validates the enum-valued options before any Spark work. */
  public void validate() {
    Policies.parse(GraphReader.Format.class, "--format", format);
    Policies.parse(SelfLoops.class, "--self-loops", selfLoops);
    Policies.parse(Duplicates.class, "--duplicates", duplicates);
    Policies.parse(Malformed.class, "--malformed", malformed);
    Policies.parse(IdType.class, "--id-type", idType);
    Policies.parse(VertexTables.Duplicates.class, "--vertex-duplicates", vertexDuplicates);
    Policies.parse(VertexTables.Missing.class, "--missing-vertices", missingVertices);
  }

  public String path() {
    return input;
  }
}
