package dev.grasp.graph.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.Graph;
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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
 * <p>Cost: one pass over the input plus one aggregation per reported count; the parsed edges are persisted.
 */
public final class GraphReader {

  /** Input formats. */
  public enum Format { SNAP, CSV, TSV, PARQUET }

  private final SparkSession spark;
  private Format format = Format.SNAP;
  private SelfLoops selfLoops = SelfLoops.KEEP;
  private Duplicates duplicates = Duplicates.DEDUPE;
  private Direction direction = Direction.DIRECTED;
  private Malformed malformed = Malformed.FAIL;
  private IdType idType = IdType.LONG;
  private boolean header;
  private boolean allowNegativeWeights;

  private GraphReader(SparkSession spark) {
    this.spark = spark;
  }

  /** A reader with the default policies. */
  public static GraphReader with(SparkSession spark) {
    return new GraphReader(spark);
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
    spark.sparkContext().setJobDescription("grasp: read " + path);
    Parsed p = format == Format.PARQUET ? parseParquet(path) : parseText(path);
    return TextLines.guard(path, () -> finish(path, p));
  }

  /** Parsed rows: {@code kind, reason, src, dst, weight?, srcName?, dstName?} plus the raw line for text input. */
  private record Parsed(Dataset<Row> rows, boolean weighted, boolean text) {}

  private static final String REASON = "reason";

  private Parsed parseText(String path) {
    String sep = switch (format) {
      case CSV -> "\\s*,\\s*";
      case TSV -> "\t";
      default -> "[ \t]+";
    };
    boolean skipHeader = header && format != Format.SNAP;
    Dataset<Row> lines = TextLines.read(spark, path, sep, skipHeader);
    Column fields = col(TextLines.FIELDS);
    Column n = size(fields);
    Column srcS = unquote(element_at(fields, 1));
    Column dstS = unquote(element_at(fields, 2));
    Column wS = when(n.geq(3), unquote(element_at(fields, 3)));
    Column w = wS.cast(DataTypes.DoubleType);
    Column reason = when(col(TextLines.KIND).notEqual(TextLines.DATA), lit(null).cast("string"))
        .when(n.lt(2), "too few columns (expected: src dst [weight])")
        .when(n.gt(3), "too many columns (expected: src dst [weight])");
    reason = idReason(reason, srcS, "src");
    reason = idReason(reason, dstS, "dst");
    reason = reason.when(wS.isNotNull().and(w.isNull()), "non-numeric weight")
        .when(w.isNotNull().and(isnan(w).or(w.equalTo(Double.POSITIVE_INFINITY))
            .or(w.equalTo(Double.NEGATIVE_INFINITY))), "non-finite weight");
    if (!allowNegativeWeights) {
      reason = reason.when(w.lt(0), "negative weight");
    }
    List<Column> out = new ArrayList<>(List.of(col(TextLines.FILE), col(TextLines.LINE), col(TextLines.KIND),
        reason.as(REASON)));
    if (idType == IdType.LONG) {
      out.add(srcS.cast(DataTypes.LongType).as(Graph.SRC));
      out.add(dstS.cast(DataTypes.LongType).as(Graph.DST));
    } else {
      out.add(IdMapping.idOf(srcS).as(Graph.SRC));
      out.add(IdMapping.idOf(dstS).as(Graph.DST));
      out.add(srcS.as("srcName"));
      out.add(dstS.as("dstName"));
    }
    out.add(w.as(Graph.WEIGHT));
    Dataset<Row> rows = lines.select(out.toArray(new Column[0]));
    return new Parsed(rows, true, true);
  }

  private Column idReason(Column reason, Column s, String which) {
    if (idType == IdType.STRING) {
      return reason.when(s.isNull().or(s.equalTo("")), "empty " + which + " id");
    }
    return reason
        .when(s.isNull().or(s.rlike("^[+-]?[0-9]+$").unary_$bang()), "non-integer " + which + " id")
        .when(s.cast(DataTypes.LongType).isNull(), which + " id out of the long range");
  }

  private static Column unquote(Column c) {
    return regexp_replace(c, "^\"|\"$", "");
  }

  private Parsed parseParquet(String path) {
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
    List<Column> out = new ArrayList<>(List.of(lit(path).as(TextLines.FILE), lit("").as(TextLines.LINE),
        lit(TextLines.DATA).as(TextLines.KIND), reason.as(REASON)));
    if (stringIds) {
      out.add(IdMapping.idOf(col(Graph.SRC)).as(Graph.SRC));
      out.add(IdMapping.idOf(col(Graph.DST)).as(Graph.DST));
      out.add(col(Graph.SRC).as("srcName"));
      out.add(col(Graph.DST).as("dstName"));
    } else {
      out.add(col(Graph.SRC).cast(DataTypes.LongType).as(Graph.SRC));
      out.add(col(Graph.DST).cast(DataTypes.LongType).as(Graph.DST));
    }
    out.add(w.as(Graph.WEIGHT));
    return new Parsed(df.select(out.toArray(new Column[0])), weighted, false);
  }

  private GraphInput finish(String path, Parsed p) {
    Dataset<Row> rows = p.rows().persist(StorageLevel.MEMORY_AND_DISK());
    Column isLoop = col(REASON).isNull().and(col(TextLines.KIND).equalTo(TextLines.DATA))
        .and(col(Graph.SRC).equalTo(col(Graph.DST)));
    Column hasWeight = col(REASON).isNull().and(col(Graph.WEIGHT).isNotNull());
    List<Row> counts = rows.groupBy(col(TextLines.KIND), col(REASON))
        .agg(count(lit(1)).as("n"), sum(when(isLoop, 1L).otherwise(0L)).as("loops"),
            sum(when(hasWeight, 1L).otherwise(0L)).as("weighted"))
        .collectAsList();
    long lines = 0;
    long comments = 0;
    long blanks = 0;
    long headers = 0;
    long loops = 0;
    long dataRows = 0;
    long weightedRows = 0;
    Map<String, Long> bad = new LinkedHashMap<>();
    for (Row r : counts) {
      long c = r.getLong(2);
      lines += c;
      String kind = r.getString(0);
      String reason = r.isNullAt(1) ? null : r.getString(1);
      if (reason != null) {
        bad.merge(reason, c, Long::sum);
        continue;
      }
      switch (kind) {
        case TextLines.COMMENT -> comments += c;
        case TextLines.BLANK -> blanks += c;
        case TextLines.HEADER -> headers += c;
        default -> {
          dataRows += c;
          loops += r.getLong(3);
          weightedRows += r.getLong(4);
        }
      }
    }
    if (!bad.isEmpty() && malformed == Malformed.FAIL) {
      throw firstBadLine(path, rows, p.text(), bad);
    }
    if (weightedRows > 0 && weightedRows < dataRows) {
      Row first = rows.filter(col(REASON).isNull().and(col(TextLines.KIND).equalTo(TextLines.DATA))
          .and(col(Graph.WEIGHT).isNull())).select(TextLines.FILE, TextLines.LINE).first();
      throw located(path, first.getString(0), first.getString(1), p.text(),
          "missing weight (other lines have a third column)");
    }
    boolean weighted = weightedRows > 0;
    if (dataRows == 0) {
      rows.unpersist();
      throw new InputException(path + ": no edges (" + lines + " lines: " + comments + " comments, " + blanks
          + " blank, " + headers + " header, " + bad.values().stream().mapToLong(Long::longValue).sum()
          + " malformed skipped)");
    }
    Dataset<Row> good = rows.filter(col(REASON).isNull().and(col(TextLines.KIND).equalTo(TextLines.DATA)));
    Optional<Dataset<Row>> mapping = Optional.empty();
    if (Arrays.asList(good.columns()).contains("srcName")) {
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
      loopsDropped = loops;
    }
    long beforeDup = dataRows - loopsDropped;
    long distinctPairs = edges.select(Graph.SRC, Graph.DST).distinct().count();
    long dups = beforeDup - distinctPairs;
    if (direction == Direction.UNDIRECTED) {
      Dataset<Row> rev = weighted
          ? edges.select(col(Graph.DST).as(Graph.SRC), col(Graph.SRC).as(Graph.DST), col(Graph.WEIGHT))
          : edges.select(col(Graph.DST).as(Graph.SRC), col(Graph.SRC).as(Graph.DST));
      // A self-loop is its own reverse: add the reverse of non-loops only.
      edges = edges.union(rev.filter(col(Graph.SRC).notEqual(col(Graph.DST))));
    }
    long merged = 0;
    switch (duplicates) {
      case DEDUPE -> {
        edges = weighted
            ? edges.groupBy(Graph.SRC, Graph.DST).agg(max(Graph.WEIGHT).as(Graph.WEIGHT))
            : edges.distinct();
        merged = dups;
      }
      case WEIGHT -> {
        Column wsum = weighted ? sum(Graph.WEIGHT) : count(lit(1)).cast(DataTypes.DoubleType);
        edges = edges.groupBy(Graph.SRC, Graph.DST).agg(wsum.as(Graph.WEIGHT));
        merged = dups;
      }
      default -> { }
    }
    edges = edges.persist(StorageLevel.MEMORY_AND_DISK());
    Graph g = Graph.fromEdges(edges);
    g.vertices().persist(StorageLevel.MEMORY_AND_DISK());
    long e = edges.count();
    long v = g.vertices().count();
    rows.unpersist();
    ReadReport report = new ReadReport(path, format.name().toLowerCase(Locale.ROOT), lines, comments, blanks,
        headers, bad, loops, loopsDropped, dups, merged, e, v);
    return new GraphInput(g, report, mapping.map(m -> m.persist(StorageLevel.MEMORY_AND_DISK())));
  }

  private InputException firstBadLine(String path, Dataset<Row> rows, boolean text, Map<String, Long> bad) {
    long total = bad.values().stream().mapToLong(Long::longValue).sum();
    List<Row> sample = rows.filter(col(REASON).isNotNull())
        .select(TextLines.FILE, TextLines.LINE, REASON).limit(50).collectAsList();
    rows.unpersist();
    Row first = sample.get(0);
    String file = first.getString(0);
    String suffix = total > 1 ? " (" + total + " malformed lines in all: " + bad + ")" : "";
    if (!text) {
      return new InputException(path + ": " + total + " rows " + bad + "; e.g. '" + first.getString(2) + "'");
    }
    Map<String, String> reasonByText = new LinkedHashMap<>();
    for (Row r : sample) {
      if (r.getString(0).equals(file)) {
        reasonByText.putIfAbsent(r.getString(1), r.getString(2));
      }
    }
    long line = TextLines.locate(spark, file, reasonByText.keySet());
    String foundText = first.getString(1);
    if (line > 0) {
      // locate() returned the earliest of the sampled texts; report that one.
      foundText = lineAt(file, line, reasonByText);
    }
    String reason = reasonByText.getOrDefault(foundText, first.getString(2));
    return new InputException(InputException.atLine(displayName(file), line, reason, foundText).getMessage() + suffix);
  }

  private String lineAt(String file, long line, Map<String, String> candidates) {
    try (java.io.BufferedReader r = TextLines.open(spark.sparkContext().hadoopConfiguration(),
        new org.apache.hadoop.fs.Path(file))) {
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
    long line = TextLines.locate(spark, file, List.of(text));
    return InputException.atLine(displayName(file), line, reason, text);
  }

  /** A file URI as a user wrote it: local files without the {@code file:} scheme. */
  static String displayName(String file) {
    return file.startsWith("file://") ? file.substring("file://".length())
        : file.startsWith("file:") ? file.substring("file:".length()) : file;
  }
}
