package dev.grasp.graph.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Line-oriented text input shared by the readers: reads files (plain or compressed, a file, folder or glob) as rows
 * {@code file, line, kind, fields}, where {@code kind} is data, blank, comment or header; a UTF-8 BOM and a trailing CR
 * are removed. Line numbers are not tracked in the distributed pass (that would serialise the read); when a bad line
 * must be reported, {@link #locate} finds its number by scanning that one file on the driver.
 */
final class TextLines {

  static final String FILE = "file";
  static final String LINE = "line";
  static final String KIND = "kind";
  static final String FIELDS = "fields";
  static final String DATA = "data";
  static final String BLANK = "blank";
  static final String COMMENT = "comment";
  static final String HEADER = "header";

  private TextLines() {}

  /** Fails with a clear message when nothing matches {@code path}; returns the matched files. */
  static List<FileStatus> requireExists(SparkSession spark, String path) {
    return requireExists(spark.sparkContext().hadoopConfiguration(), path);
  }

  /** {@link #requireExists(SparkSession, String)} with the file systems of {@code conf}, no session needed. */
  static List<FileStatus> requireExists(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = FileSystems.of(p, conf);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw new InputException("input '" + path + "' does not exist");
      }
      List<FileStatus> files = new ArrayList<>();
      for (FileStatus s : matches) {
        if (s.isDirectory()) {
          for (FileStatus c : fs.listStatus(s.getPath())) {
            String n = c.getPath().getName();
            if (c.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
              files.add(c);
            }
          }
        } else {
          files.add(s);
        }
      }
      return files;
    } catch (IOException e) {
      throw new InputException("input '" + path + "' cannot be listed: " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@code path} into classified lines split by {@code separatorRegex}. With {@code header}, the first line of
   * each file is a header (the texts of those first lines are matched).
   */
  static Dataset<Row> read(SparkSession spark, String path, String separatorRegex, boolean header) {
    List<FileStatus> files = requireExists(spark, path);
    Set<String> headers = header ? firstLines(spark.sparkContext().hadoopConfiguration(), files) : Set.of();
    Column raw = regexp_replace(col("value"), "^\uFEFF|\r$", "");
    Dataset<Row> lines = spark.read().text(path).select(input_file_name().as(FILE), raw.as(LINE));
    Column t = trim(col(LINE));
    Column kind = when(t.equalTo(""), BLANK)
        .when(t.startsWith("#").or(t.startsWith("%")), COMMENT);
    if (!headers.isEmpty()) {
      kind = kind.when(col(LINE).isin(headers.toArray()), HEADER);
    }
    kind = kind.otherwise(DATA);
    return lines.select(col(FILE), col(LINE), kind.as(KIND), split(t, separatorRegex).as(FIELDS));
  }

  static Set<String> firstLines(Configuration conf, List<FileStatus> files) {
    Set<String> out = new LinkedHashSet<>();
    for (FileStatus f : files) {
      try (BufferedReader r = open(conf, f.getPath())) {
        String first = r.readLine();
        if (first != null) {
          out.add(first.replaceFirst("^\uFEFF", ""));
        }
      } catch (IOException e) {
        throw new InputException(f.getPath() + ": cannot read header: " + e.getMessage(), e);
      }
    }
    return out;
  }

  static BufferedReader open(Configuration conf, Path p) throws IOException {
    FileSystem fs = FileSystems.of(p, conf);
    InputStream in = fs.open(p);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
    if (codec != null) {
      in = codec.createInputStream(in);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** A data line read in the driver: the file as Spark names it, its 1-based number, its text and its fields. */
  record Local(String file, long number, String text, String[] fields) {}

  /** Bytes a matched file may hold once read: its length, eight times that when compressed. */
  static long readBytes(Configuration conf, List<FileStatus> files) {
    CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
    long total = 0;
    for (FileStatus f : files) {
      total += f.getLen() * (codecs.getCodec(f.getPath()) != null ? 8 : 1);
    }
    return total;
  }

  /**
   * The data lines of {@code path} read in the driver, classified and split as {@link #read} does (no header), when
   * its files hold at most {@code maxBytes} / 4 bytes ({@link #readBytes}; a line's strings take about four times its
   * bytes); null otherwise, and the caller reads with Spark. No Spark job.
   */
  static List<Local> readInDriver(Configuration conf, String path, String separatorRegex, long maxBytes) {
    List<FileStatus> files = requireExists(conf, path);
    if (readBytes(conf, files) > maxBytes / 4) {
      return null;
    }
    java.util.regex.Pattern sep = java.util.regex.Pattern.compile(separatorRegex);
    List<Local> out = new ArrayList<>();
    for (FileStatus f : files) {
      String name = f.getPath().toString();
      try (BufferedReader r = open(conf, f.getPath())) {
        long n = 0;
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          n++;
          String line = l.startsWith("\uFEFF") ? l.substring(1) : l;
          String t = line.trim();
          if (t.isEmpty() || t.startsWith("#") || t.startsWith("%")) {
            continue;
          }
          out.add(new Local(name, n, line, sep.split(t, -1)));
        }
      } catch (IOException e) {
        throw new InputException(path + ": truncated or corrupt compressed input (" + e.getMessage() + ")", e);
      }
    }
    return out;
  }

  /**
   * The 1-based number of the first line of {@code file} whose text is one of {@code texts}, or -1. Scans one file on
   * the driver; only used to report an error.
   */
  static long locate(Configuration conf, String file, Collection<String> texts) {
    try (BufferedReader r = open(conf, new Path(file))) {
      long n = 0;
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        n++;
        String normalised = n == 1 ? l.replaceFirst("^\uFEFF", "") : l;
        if (texts.contains(normalised)) {
          return n;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /**
   * Runs a Spark action, turning a truncated or corrupt compressed input into an {@link InputException} naming the
   * input.
   */
  static <T> T guard(String path, Supplier<T> action) {
    try {
      return action.get();
    } catch (InputException e) {
      throw e;
    } catch (Exception e) {
      // Spark rethrows task failures as the checked SparkException, undeclared: catch Exception.
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof EOFException || c instanceof ZipException
            || (c.getMessage() != null && c.getMessage().contains("Unexpected end of input stream"))) {
          throw new InputException(path + ": truncated or corrupt compressed input (" + c.getMessage() + ")", e);
        }
      }
      throw TextLines.<RuntimeException>sneaky(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> E sneaky(Exception e) throws E {
    throw (E) e;
  }

  /** The literal text of a line, as the driver scan sees it. */
  static Column lineText() {
    return col(LINE);
  }

  static Column data() {
    return col(KIND).equalTo(lit(DATA));
  }
}
