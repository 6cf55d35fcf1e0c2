package dev.grasp.graph.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.DriverCopy;
import dev.grasp.graph.Graph;
import dev.grasp.graph.util.DriverLocal;
import dev.grasp.graph.io.Policies.Direction;
import dev.grasp.graph.io.Policies.Duplicates;
import dev.grasp.graph.io.Policies.IdType;
import dev.grasp.graph.io.Policies.Malformed;
import dev.grasp.graph.io.Policies.SelfLoops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads an edge list into a {@link Graph} with a {@link ReadReport}: SNAP edge lists ({@code #} comments, tab or
 * space separated, CRLF, plain or {@code .gz}), CSV/TSV (optional header; columns by position: src, dst, optional
 * weight; surrounding double quotes stripped) and Parquet (columns {@code src}, {@code dst}, optional {@code weight}).
 * The vertex set is every id that occurs in an edge.
 *
 * <p>Policies ({@link Policies}) and their defaults: self-loops kept, duplicates deduplicated, directed, malformed
 * lines fail naming file:line and the text, long ids, negative weights rejected. Everything is counted in the report.
 *
 * <p>Cost: text is parsed partition-locally ({@link EdgeLines}) in one job that also counts everything the report
 * needs; then one job builds the edges under the policies and one the vertices (plus one distinct-pair count when
 * symmetrising or keeping duplicates). Edges and vertices are persisted.
 */
public final class GraphReader {

  /** Input formats. */
  public enum Format { SNAP, CSV, TSV, PARQUET }

  /** The session, or null for a reader that only reads in the driver ({@link #inDriver}). */
  private final SparkSession spark;
  private final Configuration conf;
  private Format format = Format.SNAP;
  private SelfLoops selfLoops = SelfLoops.KEEP;
  private Duplicates duplicates = Duplicates.DEDUPE;
  private Direction direction = Direction.DIRECTED;
  private Malformed malformed = Malformed.FAIL;
  private IdType idType = IdType.LONG;
  private boolean header;
  private boolean allowNegativeWeights;

  private GraphReader(SparkSession spark, Configuration conf) {
    this.spark = spark;
    this.conf = conf;
  }

  /** A reader with the default policies. */
  public static GraphReader with(SparkSession spark) {
    return new GraphReader(spark, spark.sparkContext().hadoopConfiguration());
  }

  /**
   * A reader with the default policies that needs no Spark session: it only {@link #readInDriver reads in the driver},
   * opening files with {@code hadoopConf}.
   */
  public static GraphReader inDriver(Configuration hadoopConf) {
    return new GraphReader(null, hadoopConf);
  }

  public GraphReader format(Format f) {
    this.format = f;
    return this;
  }

  /** Sets the format by name (snap, csv, tsv, parquet). */
  public GraphReader format(String name) {
    this.format = Policies.parse(Format.class, "format", name);
    return this;
  }

  public GraphReader selfLoops(SelfLoops p) {
    this.selfLoops = p;
    return this;
  }

  public GraphReader duplicates(Duplicates p) {
    this.duplicates = p;
    return this;
  }

  public GraphReader direction(Direction p) {
    this.direction = p;
    return this;
  }

  public GraphReader malformed(Malformed p) {
    this.malformed = p;
    return this;
  }

  public GraphReader idType(IdType p) {
    this.idType = p;
    return this;
  }

  /** Whether each CSV/TSV file starts with a header line (ignored for SNAP and Parquet). */
  public GraphReader header(boolean h) {
    this.header = h;
    return this;
  }

  public GraphReader allowNegativeWeights(boolean allow) {
    this.allowNegativeWeights = allow;
    return this;
  }

  /** Reads {@code path} (a file, folder or glob). */
  public GraphInput read(String path) {
    if (spark == null) {
      throw new IllegalStateException("a GraphReader.inDriver reader reads with readInDriver only");
    }
    spark.sparkContext().setJobDescription("grasp: read " + path);
    return TextLines.guard(path, () -> finish(path, format == Format.PARQUET ? scanParquet(path) : scanText(path)));
  }

  /** A graph read in the driver: its arrays ({@link DriverCopy}, vertex ids ascending) and its read report. */
  public record Local(DriverCopy graph, ReadReport report) {

    /** The same graph as Spark DataFrames over the arrays, with the arrays attached ({@link DriverCopy#of}). */
    public GraphInput toSpark(SparkSession spark) {
      Graph g = new LocalEdges(graph.src(), graph.dst(), graph.weight()).toGraph(spark, graph.ids());
      return new GraphInput(g, report, Optional.empty());
    }
  }

  /**
   * Reads {@code path} in the driver without Spark when it is text (SNAP, CSV, TSV) with numeric ids whose files hold
   * at most {@code maxBytes} / 4 bytes ({@link TextLines#readBytes}) and whose edges then fit {@code maxBytes}
   * ({@value LocalEdges#EDGE_BYTES} bytes an edge); empty otherwise, and the caller reads with {@link #read}. The same
   * policies, report and error messages as {@link #read}; files are read in path order.
   */
  public Optional<Local> readInDriver(String path, long maxBytes) {
    if (format == Format.PARQUET || idType == IdType.STRING || maxBytes <= 0) {
      return Optional.empty();
    }
    List<FileStatus> files = new ArrayList<>(TextLines.requireExists(conf, path));
    if (TextLines.readBytes(conf, files) > maxBytes / 4) {
      return Optional.empty();
    }
    files.sort(java.util.Comparator.comparing(f -> f.getPath().toString()));
    EdgeLines.Rules rules = rules(files);
    List<EdgeLines.Chunk> chunks = new ArrayList<>();
    EdgeLines.Chunk counts = new EdgeLines.Chunk();
    for (FileStatus f : files) {
      try (java.io.BufferedReader r = TextLines.open(conf, f.getPath())) {
        EdgeLines.Chunk c = EdgeLines.parse(r, f.getPath().toString(), rules);
        chunks.add(c);
        counts.merge(c);
      } catch (java.io.IOException e) {
        throw new InputException(path + ": truncated or corrupt compressed input (" + e.getMessage() + ")", e);
      }
    }
    requireUsable(path, new Scan(null, counts, true, () -> { }, null));
    if (counts.dataRows * LocalEdges.EDGE_BYTES > maxBytes) {
      return Optional.empty();
    }
    return Optional.of(finishLocal(path, counts, chunks));
  }

  /**
   * The good edge rows ({@code src, dst, weight} (nullable), plus {@code srcName, dstName} for string ids), every
   * count of the report, whether the input is text (bad lines are then located by number), and how to release the
   * cached parse.
   */
  private record Scan(Dataset<Row> good, EdgeLines.Chunk counts, boolean text, Runnable release,
      JavaRDD<EdgeLines.Chunk> chunks) {}

  private static final String REASON = "reason";

  /** What the text parser needs: the format's separator, the files' header lines (CSV/TSV with a header). */
  private EdgeLines.Rules rules(List<FileStatus> files) {
    String sep = switch (format) {
      case CSV -> "\\s*,\\s*";
      case TSV -> "\t";
      default -> "[ \t]+";
    };
    Set<String> headers = header && format != Format.SNAP ? TextLines.firstLines(conf, files) : Set.of();
    return new EdgeLines.Rules(sep, headers, idType == IdType.STRING, allowNegativeWeights);
  }

  /** One job: every partition of lines parsed into a cached chunk of primitive arrays and its counts. */
  private Scan scanText(String path) {
    List<FileStatus> files = TextLines.requireExists(conf, path);
    EdgeLines.Rules rules = rules(files);
    JavaRDD<EdgeLines.Chunk> chunks = spark.read().text(path)
        .select(input_file_name().as(TextLines.FILE), col("value")).queryExecution().toRdd().toJavaRDD()
        .mapPartitions(it -> List.of(EdgeLines.parse(it, rules)).iterator())
        .persist(StorageLevel.MEMORY_AND_DISK());
    EdgeLines.Chunk counts = new EdgeLines.Chunk();
    for (EdgeLines.Chunk c : chunks.map(EdgeLines.Chunk::summary).collect()) {
      counts.merge(c);
    }
    boolean strings = idType == IdType.STRING;
    StructType schema = strings
        ? new StructType().add("srcName", DataTypes.StringType, false).add("dstName", DataTypes.StringType, false)
            .add(Graph.WEIGHT, DataTypes.DoubleType, true)
        : new StructType().add(Graph.SRC, DataTypes.LongType, false).add(Graph.DST, DataTypes.LongType, false)
            .add(Graph.WEIGHT, DataTypes.DoubleType, true);
    JavaRDD<InternalRow> rows = chunks.flatMap(c -> EdgeLines.rows(c, strings));
    Dataset<Row> good = spark.internalCreateDataFrame(rows.rdd(), schema, false);
    if (strings) {
      good = good.select(IdMapping.idOf(col("srcName")).as(Graph.SRC), IdMapping.idOf(col("dstName")).as(Graph.DST),
          col(Graph.WEIGHT), col("srcName"), col("dstName"));
    }
    return new Scan(good, counts, true, () -> chunks.unpersist(false), chunks);
  }

  private Scan scanParquet(String path) {
    TextLines.requireExists(spark, path);
    Dataset<Row> df = spark.read().parquet(path);
    List<String> cols = Arrays.asList(df.columns());
    if (!cols.contains(Graph.SRC) || !cols.contains(Graph.DST)) {
      throw new InputException(path + ": Parquet edges need columns `src` and `dst`; found " + cols);
    }
    boolean weighted = cols.contains(Graph.WEIGHT);
    Column w = weighted ? col(Graph.WEIGHT).cast(DataTypes.DoubleType) : lit(null).cast(DataTypes.DoubleType);
    boolean stringIds = df.schema().apply(Graph.SRC).dataType().equals(DataTypes.StringType);
    if (stringIds && idType == IdType.LONG) {
      throw new InputException(path + ": columns `src`/`dst` are strings; read with string ids (--id-type string)");
    }
    Column reason = when(col(Graph.SRC).isNull().or(col(Graph.DST).isNull()), "null id")
        .when(w.isNotNull().and(isnan(w).or(w.equalTo(Double.POSITIVE_INFINITY))
            .or(w.equalTo(Double.NEGATIVE_INFINITY))), "non-finite weight");
    if (!allowNegativeWeights) {
      reason = reason.when(w.lt(0), "negative weight");
    }
    List<Column> out = new ArrayList<>(List.of(reason.as(REASON)));
    if (stringIds) {
      out.add(IdMapping.idOf(col(Graph.SRC)).as(Graph.SRC));
      out.add(IdMapping.idOf(col(Graph.DST)).as(Graph.DST));
      out.add(w.as(Graph.WEIGHT));
      out.add(col(Graph.SRC).as("srcName"));
      out.add(col(Graph.DST).as("dstName"));
    } else {
      out.add(col(Graph.SRC).cast(DataTypes.LongType).as(Graph.SRC));
      out.add(col(Graph.DST).cast(DataTypes.LongType).as(Graph.DST));
      out.add(w.as(Graph.WEIGHT));
    }
    Dataset<Row> rows = df.select(out.toArray(new Column[0])).persist(StorageLevel.MEMORY_AND_DISK());
    Column good = col(REASON).isNull();
    List<Row> groups = rows.groupBy(col(REASON))
        .agg(count(lit(1)).as("n"), sum(when(good.and(col(Graph.SRC).equalTo(col(Graph.DST))), 1L).otherwise(0L)),
            sum(when(good.and(col(Graph.WEIGHT).isNotNull()), 1L).otherwise(0L)))
        .collectAsList();
    EdgeLines.Chunk counts = new EdgeLines.Chunk();
    for (Row r : groups) {
      long c = r.getLong(1);
      counts.lines += c;
      if (!r.isNullAt(0)) {
        counts.bad.merge(r.getString(0), c, Long::sum);
      } else {
        counts.dataRows += c;
        counts.loops += r.getLong(2);
        counts.weightedRows += r.getLong(3);
      }
    }
    if (counts.weightedRows > 0 && counts.weightedRows < counts.dataRows) {
      counts.firstUnweighted = new EdgeLines.Bad(path, "", "missing weight (other lines have a third column)");
    }
    return new Scan(rows.filter(good).drop(REASON), counts, false, () -> rows.unpersist(false), null);
  }

  /**
   * Applies the policies to a scan: errors, self-loops, symmetrising, duplicates. Parsed text with numeric ids whose
   * edges fit {@link DriverLocal}'s threshold ({@value LocalEdges#EDGE_BYTES} bytes an edge) is finished in the driver
   * ({@link #finishInDriver}); otherwise edges and vertices are cached by Spark jobs.
   */
  private GraphInput finish(String path, Scan scan) {
    requireUsable(path, scan);
    EdgeLines.Chunk c = scan.counts();
    if (scan.chunks() != null && idType != IdType.STRING
        && DriverLocal.fits(spark, c.dataRows * LocalEdges.EDGE_BYTES)) {
      List<EdgeLines.Chunk> chunks = scan.chunks().collect();
      scan.release().run();
      return finishInDriver(path, c, chunks);
    }
    boolean weighted = c.weightedRows > 0;
    Dataset<Row> good = scan.good();
    Optional<Dataset<Row>> mapping = Optional.empty();
    if (idType == IdType.STRING) {
      Dataset<Row> m = good.select(col(Graph.SRC).as(Graph.ID), col("srcName").as(IdMapping.NAME))
          .union(good.select(col(Graph.DST).as(Graph.ID), col("dstName").as(IdMapping.NAME)))
          .distinct();
      IdMapping.checkInjective(m, path);
      mapping = Optional.of(m);
    }
    Dataset<Row> edges = weighted ? good.select(Graph.SRC, Graph.DST, Graph.WEIGHT) : good.select(Graph.SRC, Graph.DST);
    long loopsDropped = 0;
    if (selfLoops == SelfLoops.DROP) {
      edges = edges.filter(col(Graph.SRC).notEqual(col(Graph.DST)));
      loopsDropped = c.loops;
    }
    long beforeDup = c.dataRows - loopsDropped;
    // Directed and merged, the final edge count is the distinct-pair count: no job of its own.
    boolean pairsAreEdges = direction == Direction.DIRECTED && duplicates != Duplicates.KEEP;
    long distinctPairs = pairsAreEdges ? -1 : edges.select(Graph.SRC, Graph.DST).distinct().count();
    if (direction == Direction.UNDIRECTED) {
      Dataset<Row> rev = weighted
          ? edges.select(col(Graph.DST).as(Graph.SRC), col(Graph.SRC).as(Graph.DST), col(Graph.WEIGHT))
          : edges.select(col(Graph.DST).as(Graph.SRC), col(Graph.SRC).as(Graph.DST));
      // A self-loop is its own reverse: add the reverse of non-loops only.
      edges = edges.union(rev.filter(col(Graph.SRC).notEqual(col(Graph.DST))));
    }
    switch (duplicates) {
      case DEDUPE -> edges = weighted
          ? edges.groupBy(Graph.SRC, Graph.DST).agg(max(Graph.WEIGHT).as(Graph.WEIGHT))
          : edges.distinct();
      case WEIGHT -> {
        Column wsum = weighted ? sum(Graph.WEIGHT) : count(lit(1)).cast(DataTypes.DoubleType);
        edges = edges.groupBy(Graph.SRC, Graph.DST).agg(wsum.as(Graph.WEIGHT));
      }
      default -> { }
    }
    edges = edges.persist(StorageLevel.MEMORY_AND_DISK());
    Graph g = Graph.fromEdges(edges);
    g.vertices().persist(StorageLevel.MEMORY_AND_DISK());
    long e = edges.count();
    long v = g.vertices().count();
    if (pairsAreEdges) {
      distinctPairs = e;
    }
    long dups = beforeDup - distinctPairs;
    long merged = duplicates == Duplicates.KEEP ? 0 : dups;
    mapping = mapping.map(m -> m.persist(StorageLevel.MEMORY_AND_DISK()));
    mapping.ifPresent(Dataset::count);
    scan.release().run();
    ReadReport report = new ReadReport(path, format.name().toLowerCase(Locale.ROOT), c.lines, c.comments, c.blanks,
        c.headers, c.bad, c.loops, loopsDropped, dups, merged, e, v);
    return new GraphInput(g, report, mapping);
  }

  /** Refuses a scan with malformed lines (policy fail), a mix of weighted and unweighted lines, or no edges. */
  private void requireUsable(String path, Scan scan) {
    EdgeLines.Chunk c = scan.counts();
    if (!c.bad.isEmpty() && malformed == Malformed.FAIL) {
      scan.release().run();
      throw firstBadLine(path, c, scan.text());
    }
    if (c.weightedRows > 0 && c.weightedRows < c.dataRows) {
      scan.release().run();
      EdgeLines.Bad first = c.firstUnweighted;
      throw located(path, first.file(), first.text(), scan.text(), first.reason());
    }
    if (c.dataRows == 0) {
      scan.release().run();
      throw new InputException(path + ": no edges (" + c.lines + " lines: " + c.comments + " comments, " + c.blanks
          + " blank, " + c.headers + " header, " + c.bad.values().stream().mapToLong(Long::longValue).sum()
          + " malformed skipped)");
    }
  }

  /** {@link #finish} in the driver: the same policies and report on primitive arrays ({@link LocalEdges}), no job. */
  private GraphInput finishInDriver(String path, EdgeLines.Chunk c, List<EdgeLines.Chunk> chunks) {
    return finishLocal(path, c, chunks).toSpark(spark);
  }

  /** The policies applied to parsed chunks in the driver: the edges, their sorted vertex ids and the read report. */
  private Local finishLocal(String path, EdgeLines.Chunk c, List<EdgeLines.Chunk> chunks) {
    LocalEdges edges = LocalEdges.of(chunks, c.weightedRows > 0);
    long loopsDropped = 0;
    if (selfLoops == SelfLoops.DROP) {
      edges = edges.withoutLoops();
      loopsDropped = c.loops;
    }
    long beforeDup = c.dataRows - loopsDropped;
    long distinctPairs = edges.distinctPairs();
    if (direction == Direction.UNDIRECTED) {
      edges = edges.withReverses();
    }
    switch (duplicates) {
      case DEDUPE -> edges = edges.merged(false, false);
      case WEIGHT -> edges = edges.merged(true, true);
      default -> { }
    }
    long[] vertices = edges.vertices();
    long dups = beforeDup - distinctPairs;
    long merged = duplicates == Duplicates.KEEP ? 0 : dups;
    ReadReport report = new ReadReport(path, format.name().toLowerCase(Locale.ROOT), c.lines, c.comments, c.blanks,
        c.headers, c.bad, c.loops, loopsDropped, dups, merged, edges.size(), vertices.length);
    return new Local(new DriverCopy(vertices, edges.src, edges.dst, edges.weight), report);
  }

  private InputException firstBadLine(String path, EdgeLines.Chunk c, boolean text) {
    long total = c.bad.values().stream().mapToLong(Long::longValue).sum();
    if (!text) {
      return new InputException(path + ": " + total + " rows " + c.bad + "; e.g. '"
          + c.bad.keySet().iterator().next() + "'");
    }
    EdgeLines.Bad first = c.samples.get(0);
    String file = first.file();
    String suffix = total > 1 ? " (" + total + " malformed lines in all: " + c.bad + ")" : "";
    Map<String, String> reasonByText = new LinkedHashMap<>();
    for (EdgeLines.Bad b : c.samples) {
      if (b.file().equals(file)) {
        reasonByText.putIfAbsent(b.text(), b.reason());
      }
    }
    long line = TextLines.locate(conf, file, reasonByText.keySet());
    String foundText = first.text();
    if (line > 0) {
      // locate() returned the earliest of the sampled texts; report that one.
      foundText = lineAt(file, line, reasonByText);
    }
    String reason = reasonByText.getOrDefault(foundText, first.reason());
    return new InputException(InputException.atLine(displayName(file), line, reason, foundText).getMessage() + suffix);
  }

  private String lineAt(String file, long line, Map<String, String> candidates) {
    try (java.io.BufferedReader r = TextLines.open(conf, new org.apache.hadoop.fs.Path(file))) {
      String l = null;
      for (long i = 0; i < line; i++) {
        l = r.readLine();
      }
      if (l != null && line == 1) {
        l = l.replaceFirst("^\uFEFF", "");
      }
      return l != null && candidates.containsKey(l) ? l : candidates.keySet().iterator().next();
    } catch (java.io.IOException e) {
      return candidates.keySet().iterator().next();
    }
  }

  private InputException located(String path, String file, String text, boolean isText, String reason) {
    if (!isText) {
      return new InputException(path + ": " + reason);
    }
    long line = TextLines.locate(conf, file, List.of(text));
    return InputException.atLine(displayName(file), line, reason, text);
  }

  /** A file URI as a user wrote it: local files without the {@code file:} scheme. */
  static String displayName(String file) {
    return file.startsWith("file://") ? file.substring("file://".length())
        : file.startsWith("file:") ? file.substring("file:".length()) : file;
  }
}
