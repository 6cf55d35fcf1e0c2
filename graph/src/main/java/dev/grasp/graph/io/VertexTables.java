package dev.grasp.graph.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.Graph;
import dev.grasp.graph.io.Policies.IdType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * A vertex file ({@code --vertices}): one row per vertex, its id first and its attributes after, in the format of the
 * edge list it goes with. Text (SNAP, TSV, CSV): {@code id [a1 …]} split like the edges; with a header line the header
 * names the attribute columns, else they are {@code a1 … aK}; every data line has the header's (or the first line's)
 * number of fields; attributes stay strings. Parquet: a table with an {@code id} column, every other column an
 * attribute, types kept. Ids follow the edge list's {@code --id-type}.
 *
 * <p>The graph's vertex table becomes the file's rows, so vertices without edges (isolated) and the attributes travel
 * with the graph. Policies: an id named twice fails with file:line (default) or, with {@link Duplicates#KEEP_ONE},
 * keeps the row whose attributes come first in sort order (a choice independent of partitioning); an edge endpoint
 * the file lacks fails naming it (default) or, with {@link Missing#ADD}, is added without attributes. Both are counted
 * in the read report either way.
 */
public final class VertexTables {

  /** Ids named more than once by the vertex file. */
  public enum Duplicates { FAIL, KEEP_ONE }

  /** Edge endpoints the vertex file does not name. */
  public enum Missing { FAIL, ADD }

  private VertexTables() {}

  /**
   * {@code input}'s graph with its vertices read from {@code path}; the read report gains the vertex file's counts
   * ({@link ReadReport#vertexFile}) and the graph's new vertex count.
   */
  public static GraphInput attach(SparkSession spark, GraphInput input, String path, GraphReader.Format format,
      boolean header, IdType idType, Duplicates duplicates, Missing missing) {
    spark.sparkContext().setJobDescription("grasp: read vertices " + path);
    Table t = TextLines.guard(path, () -> format == GraphReader.Format.PARQUET
        ? parquet(spark, path, idType) : text(spark, path, format, header, idType));
    // text rows come cached from their check; a second persist would only log Spark's "already cached" warning
    Dataset<Row> rows = t.text() ? t.rows() : t.rows().persist(StorageLevel.MEMORY_AND_DISK());
    List<String> attrs = t.attributes();

    // one pass: rows, distinct ids, and one duplicated id as an example
    Row counts = rows.groupBy(Graph.ID).agg(count(lit(1)).as("n"), first(col(t.textCol())).as("text"))
        .agg(sum("n"), count(lit(1)), max(when(col("n").gt(1), struct(col("n"), col(Graph.ID), col("text")))))
        .first();
    long rowCount = counts.isNullAt(0) ? 0 : counts.getLong(0);
    long ids = counts.getLong(1);
    if (rowCount == 0) {
      rows.unpersist(false);
      throw new InputException(path + ": no vertices");
    }
    if (ids < rowCount && duplicates == Duplicates.FAIL) {
      Row dup = counts.getStruct(2);
      rows.unpersist(false);
      throw duplicate(spark, path, t, dup);
    }

    List<Column> keep = new ArrayList<>(List.of(col(Graph.ID)));
    attrs.forEach(a -> keep.add(col(a)));
    Dataset<Row> table = rows.select(keep.toArray(new Column[0]));
    if (ids < rowCount) {
      // one row per id: the smallest attribute tuple, so the choice does not depend on the partitioning
      List<Column> rest = new ArrayList<>();
      attrs.forEach(a -> rest.add(col(a)));
      Column tuple = rest.isEmpty() ? lit(0) : struct(rest.toArray(new Column[0]));
      Dataset<Row> chosen = table.groupBy(Graph.ID).agg(min(tuple).as("t"));
      List<Column> out = new ArrayList<>(List.of(col(Graph.ID)));
      attrs.forEach(a -> out.add(col("t." + quote(a)).as(a)));
      table = rest.isEmpty() ? chosen.select(Graph.ID) : chosen.select(out.toArray(new Column[0]));
    }

    Dataset<Row> endpoints = input.graph().vertices().select(Graph.ID);
    Dataset<Row> absent = endpoints.join(table.select(Graph.ID), endpoints.col(Graph.ID)
        .equalTo(table.col(Graph.ID)), "left_anti");
    Row miss = absent.agg(count(lit(1)), min(Graph.ID)).first();
    long missingCount = miss.getLong(0);
    if (missingCount > 0 && missing == Missing.FAIL) {
      rows.unpersist(false);
      Object example = miss.get(1);
      String shown = idType == IdType.STRING ? nameOf(input, (Long) example) : String.valueOf(example);
      throw new InputException(path + ": " + missingCount + " edge endpoint" + (missingCount == 1 ? " is" : "s are")
          + " not in the vertex file, e.g. id " + shown + " of " + input.report().source()
          + " (`--missing-vertices add` adds them without attributes)");
    }
    Dataset<Row> vertices = table;
    if (missingCount > 0) {
      List<Column> filler = new ArrayList<>(List.of(col(Graph.ID)));
      for (String a : attrs) {
        filler.add(lit(null).cast(table.schema().apply(a).dataType()).as(a));
      }
      vertices = table.unionByName(absent.select(filler.toArray(new Column[0])));
    }
    vertices = vertices.persist(StorageLevel.MEMORY_AND_DISK());
    // known from the counts above: every id of the file, plus the endpoints added; the read report has the endpoints
    long total = ids + missingCount;
    long isolated = total - input.report().vertices();

    Optional<Dataset<Row>> mapping = input.idMapping();
    if (idType == IdType.STRING) {
      Dataset<Row> names = rows.select(col(Graph.ID), col(NAME).as(IdMapping.NAME)).distinct();
      mapping = Optional.of(mapping.map(m -> m.unionByName(names).distinct()).orElse(names)
          .persist(StorageLevel.MEMORY_AND_DISK()));
    }
    rows.unpersist(false);

    Map<String, Object> file = new LinkedHashMap<>();
    file.put("source", path);
    file.put("format", format.name().toLowerCase(Locale.ROOT));
    file.put("rows", rowCount);
    file.put("attributes", attrs);
    file.put("duplicateRows", rowCount - ids);
    file.put("duplicatesPolicy", duplicates.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    file.put("endpointsMissing", missingCount);
    file.put("missingPolicy", missing.name().toLowerCase(Locale.ROOT));
    file.put("isolated", isolated);
    ReadReport r = input.report();
    ReadReport report = new ReadReport(r.source(), r.format(), r.linesRead(), r.commentLines(), r.blankLines(),
        r.headerLines(), r.malformed(), r.selfLoops(), r.selfLoopsDropped(), r.duplicates(), r.duplicatesMerged(),
        r.edges(), total, file);
    return new GraphInput(Graph.of(vertices, input.graph().edges()), report, mapping);
  }

  /**
   * The parsed rows: {@code id}, attribute columns, the id's text, a text column for error messages (text files: also
   * the file and the checked line's reason, and the rows come cached from their check).
   */
  private record Table(Dataset<Row> rows, List<String> attributes, String textCol, boolean text) {}

  private static final String TEXT = "_text";
  private static final String FILE = "_file";
  private static final String NAME = "_name";

  private static Table text(SparkSession spark, String path, GraphReader.Format format, boolean header,
      IdType idType) {
    String sep = switch (format) {
      case CSV -> ",";
      case TSV -> "\t";
      default -> "[ \t]+";
    };
    List<FileStatus> files = TextLines.requireExists(spark, path);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Dataset<Row> lines = TextLines.read(spark, path, sep, header).filter(TextLines.data());
    List<String> attrs = new ArrayList<>();
    if (header) {
      Set<String> heads = TextLines.firstLines(conf, files);
      String[] names = heads.iterator().next().trim().split(sep);
      for (int i = 1; i < names.length; i++) {
        attrs.add(names[i].trim());
      }
    } else {
      Row firstRow = lines.select(size(col(TextLines.FIELDS))).limit(1).collectAsList().stream().findFirst()
          .orElseThrow(() -> new InputException(path + ": no vertices"));
      for (int i = 1; i < firstRow.getInt(0); i++) {
        attrs.add("a" + i);
      }
    }
    Column fields = col(TextLines.FIELDS);
    Column idS = element_at(fields, 1);
    Column reason = when(size(fields).notEqual(attrs.size() + 1),
        "expected " + (attrs.size() + 1) + " fields (id and " + attrs.size() + " attributes)");
    if (idType == IdType.LONG) {
      reason = reason.when(idS.rlike("^[+-]?[0-9]+$").unary_$bang().or(idS.cast(DataTypes.LongType).isNull()),
          "non-integer id");
    }
    List<Column> cols = new ArrayList<>();
    cols.add((idType == IdType.LONG ? idS.cast(DataTypes.LongType) : IdMapping.idOf(idS)).as(Graph.ID));
    for (int i = 0; i < attrs.size(); i++) {
      cols.add(element_at(fields, i + 2).as(attrs.get(i)));
    }
    cols.add(idS.as(NAME));
    cols.add(col(TextLines.LINE).as(TEXT));
    cols.add(col(TextLines.FILE).as(FILE));
    cols.add(reason.as("reason"));
    Dataset<Row> parsed = lines.select(cols.toArray(new Column[0])).persist(StorageLevel.MEMORY_AND_DISK());
    List<Row> bad = parsed.filter(col("reason").isNotNull()).select(FILE, TEXT, "reason").limit(1).collectAsList();
    if (!bad.isEmpty()) {
      parsed.unpersist(false);
      Row b = bad.get(0);
      long line = TextLines.locate(conf, b.getString(0), Set.of(b.getString(1)));
      throw InputException.atLine(GraphReader.displayName(b.getString(0)), line, b.getString(2), b.getString(1));
    }
    return new Table(parsed, attrs, TEXT, true);
  }

  private static Table parquet(SparkSession spark, String path, IdType idType) {
    TextLines.requireExists(spark, path);
    Dataset<Row> df = spark.read().parquet(path);
    if (!List.of(df.columns()).contains(Graph.ID)) {
      throw new InputException(path + ": a vertex table needs an `" + Graph.ID + "` column, has "
          + List.of(df.columns()));
    }
    List<String> attrs = new ArrayList<>();
    for (String c : df.columns()) {
      if (!c.equals(Graph.ID)) {
        attrs.add(c);
      }
    }
    Column idS = col(Graph.ID).cast(DataTypes.StringType);
    Column id = idType == IdType.LONG ? col(Graph.ID).cast(DataTypes.LongType) : IdMapping.idOf(idS);
    List<Column> cols = new ArrayList<>(List.of(id.as(Graph.ID)));
    attrs.forEach(a -> cols.add(col(quote(a)).as(a)));
    cols.add(idS.as(NAME));
    cols.add(idS.as(TEXT));
    Dataset<Row> rows = df.select(cols.toArray(new Column[0]));
    List<Row> nullIds = rows.filter(col(Graph.ID).isNull()).select(TEXT).limit(1).collectAsList();
    if (!nullIds.isEmpty()) {
      throw new InputException(path + ": a vertex id is null or not an integer: '" + nullIds.get(0).get(0) + "'");
    }
    return new Table(rows, attrs, TEXT, false);
  }

  /** The error for a vertex id named twice: file:line of the first line naming it, for text files. */
  private static InputException duplicate(SparkSession spark, String path, Table t, Row dup) {
    long n = dup.getLong(0);
    Object id = dup.get(1);
    String why = "vertex id named " + n + " times (`--vertex-duplicates keep-one` keeps one row per id)";
    List<Row> at = t.rows().filter(col(Graph.ID).equalTo(id)).select(t.text() ? col(FILE) : lit(path), col(TEXT))
        .collectAsList();
    if (!t.text() || at.isEmpty()) {
      return new InputException(path + ": " + why + ": id " + (at.isEmpty() ? id : at.get(0).get(1)));
    }
    String file = at.stream().map(r -> r.getString(0)).sorted().findFirst().orElse(path);
    Set<String> texts = new java.util.HashSet<>();
    at.stream().filter(r -> r.getString(0).equals(file)).forEach(r -> texts.add(r.getString(1)));
    long line = -1;
    String text = "";
    for (String candidate : texts) {
      long l = TextLines.locate(spark.sparkContext().hadoopConfiguration(), file, Set.of(candidate));
      if (l > 0 && (line < 0 || l < line)) {
        line = l;
        text = candidate;
      }
    }
    return InputException.atLine(GraphReader.displayName(file), line, why + ", first here", text);
  }

  private static String nameOf(GraphInput input, long id) {
    return input.idMapping().map(m -> m.filter(col(Graph.ID).equalTo(id)).select(IdMapping.NAME).limit(1)
        .collectAsList()).filter(l -> !l.isEmpty()).map(l -> "'" + l.get(0).getString(0) + "'")
        .orElse(String.valueOf(id));
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
