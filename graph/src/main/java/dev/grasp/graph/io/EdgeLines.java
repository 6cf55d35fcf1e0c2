package dev.grasp.graph.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The partition-local parser of edge-list text: one pass over a partition's lines classifies each (data, blank,
 * comment, header), checks it (the reasons below), keeps the good edges in primitive arrays and counts everything for
 * the read report, so reading costs one Spark job however many counts the report has.
 *
 * <p>A line: a UTF-8 BOM at its start and one CR at its end are removed; the text trimmed of spaces is blank when
 * empty, a comment when it starts with {@code #} or {@code %}, a header when the raw line is one of the header texts;
 * otherwise its fields (split by the format's separator, one surrounding double quote removed from each) are
 * {@code src dst [weight]}. Reasons a data line is malformed, first match wins: too few or too many columns, a
 * non-integer or out-of-range id (long ids) or an empty one (string ids), a non-numeric, non-finite or (unless
 * allowed) negative weight. Numbers parse as Spark's string casts do.
 */
final class EdgeLines {

  static final String TOO_FEW = "too few columns (expected: src dst [weight])";
  static final String TOO_MANY = "too many columns (expected: src dst [weight])";
  /** Bad lines kept per partition for the error message. */
  static final int SAMPLES = 50;

  private EdgeLines() {}

  /** What the parser needs to know: separator, header texts, id type, negative weights. */
  record Rules(String separatorRegex, Set<String> headers, boolean stringIds, boolean allowNegativeWeights)
      implements Serializable {}

  /** A bad line as found: its file, text and reason. */
  record Bad(String file, String text, String reason) implements Serializable {}

  /** One partition's parse: the good edges and every count of the read report. */
  static final class Chunk implements Serializable {
    private static final long serialVersionUID = 1L;
    long lines;
    long comments;
    long blanks;
    long headers;
    long dataRows;
    long loops;
    long weightedRows;
    final Map<String, Long> bad = new LinkedHashMap<>();
    final List<Bad> samples = new ArrayList<>();
    /** The first good line without a weight, and the first with one (to report a mix of the two). */
    Bad firstUnweighted;
    int size;
    long[] src = new long[64];
    long[] dst = new long[64];
    double[] weight = new double[64];
    boolean[] hasWeight = new boolean[64];
    String[] srcName;
    String[] dstName;

    private void add(long s, long d, double w, boolean hw, String sn, String dn) {
      if (size == src.length) {
        int c = size * 2;
        src = Arrays.copyOf(src, c);
        dst = Arrays.copyOf(dst, c);
        weight = Arrays.copyOf(weight, c);
        hasWeight = Arrays.copyOf(hasWeight, c);
        if (srcName != null) {
          srcName = Arrays.copyOf(srcName, c);
          dstName = Arrays.copyOf(dstName, c);
        }
      }
      src[size] = s;
      dst[size] = d;
      weight[size] = w;
      hasWeight[size] = hw;
      if (srcName != null) {
        srcName[size] = sn;
        dstName[size] = dn;
      }
      size++;
    }

    /** The counts without the edges, for the driver. */
    Chunk summary() {
      Chunk s = new Chunk();
      s.lines = lines;
      s.comments = comments;
      s.blanks = blanks;
      s.headers = headers;
      s.dataRows = dataRows;
      s.loops = loops;
      s.weightedRows = weightedRows;
      s.bad.putAll(bad);
      s.samples.addAll(samples);
      s.firstUnweighted = firstUnweighted;
      s.size = 0;
      s.src = s.dst = new long[0];
      s.weight = new double[0];
      s.hasWeight = new boolean[0];
      return s;
    }

    /** Adds {@code o}'s counts (partition order: this one first). */
    void merge(Chunk o) {
      lines += o.lines;
      comments += o.comments;
      blanks += o.blanks;
      headers += o.headers;
      dataRows += o.dataRows;
      loops += o.loops;
      weightedRows += o.weightedRows;
      o.bad.forEach((k, v) -> bad.merge(k, v, Long::sum));
      for (Bad b : o.samples) {
        if (samples.size() < SAMPLES) {
          samples.add(b);
        }
      }
      if (firstUnweighted == null) {
        firstUnweighted = o.firstUnweighted;
      }
    }
  }

  /** Parses rows {@code file: string, value: string} (a partition of lines) into one chunk. */
  static Chunk parse(Iterator<InternalRow> rows, Rules rules) {
    Pattern sep = Pattern.compile(rules.separatorRegex());
    Chunk c = chunk(rules);
    UTF8String lastFile = null;
    String file = null;
    while (rows.hasNext()) {
      InternalRow r = rows.next();
      UTF8String f = r.getUTF8String(0);
      if (lastFile == null || !lastFile.equals(f)) {
        lastFile = f.clone();
        file = f.toString();
      }
      line(c, file, r.getUTF8String(1).toString(), rules, sep);
    }
    return c;
  }

  /**
   * Parses the lines of one file read in the driver ({@code file} as a Hadoop path names it) into one chunk: the same
   * classification and checks as {@link #parse(Iterator, Rules)} (line ends CR, LF and CRLF, as Spark's text source).
   */
  static Chunk parse(BufferedReader lines, String file, Rules rules) throws IOException {
    Pattern sep = Pattern.compile(rules.separatorRegex());
    Chunk c = chunk(rules);
    for (String l = lines.readLine(); l != null; l = lines.readLine()) {
      line(c, file, l, rules, sep);
    }
    return c;
  }

  private static Chunk chunk(Rules rules) {
    Chunk c = new Chunk();
    if (rules.stringIds()) {
      c.srcName = new String[64];
      c.dstName = new String[64];
    }
    return c;
  }

  /** A chunk's good edges as rows {@code src, dst, weight} (long ids) or {@code srcName, dstName, weight}. */
  static Iterator<InternalRow> rows(Chunk c, boolean stringIds) {
    return new Iterator<>() {
      private int k;

      @Override
      public boolean hasNext() {
        return k < c.size;
      }

      @Override
      public InternalRow next() {
        if (k >= c.size) {
          throw new java.util.NoSuchElementException();
        }
        Object w = c.hasWeight[k] ? (Object) c.weight[k] : null;
        InternalRow r = stringIds
            ? new GenericInternalRow(new Object[] {UTF8String.fromString(c.srcName[k]),
                UTF8String.fromString(c.dstName[k]), w})
            : new GenericInternalRow(new Object[] {c.src[k], c.dst[k], w});
        k++;
        return r;
      }
    };
  }

  private static void line(Chunk c, String file, String value, Rules rules, Pattern sep) {
    c.lines++;
    String raw = value.startsWith("\uFEFF") ? value.substring(1) : value;
    if (raw.endsWith("\r")) {
      raw = raw.substring(0, raw.length() - 1);
    }
    String t = trimSpaces(raw);
    if (t.isEmpty()) {
      c.blanks++;
      return;
    }
    if (t.startsWith("#") || t.startsWith("%")) {
      c.comments++;
      return;
    }
    if (!rules.headers().isEmpty() && rules.headers().contains(raw)) {
      c.headers++;
      return;
    }
    String[] fields = split(t, rules.separatorRegex(), sep);
    String reason = null;
    String s = fields.length >= 1 ? unquote(fields[0]) : null;
    String d = fields.length >= 2 ? unquote(fields[1]) : null;
    String ws = fields.length >= 3 ? unquote(fields[2]) : null;
    long src = 0;
    long dst = 0;
    if (fields.length < 2) {
      reason = TOO_FEW;
    } else if (fields.length > 3) {
      reason = TOO_MANY;
    } else if (rules.stringIds()) {
      reason = s.isEmpty() ? "empty src id" : d.isEmpty() ? "empty dst id" : null;
    } else {
      reason = idReason(s, "src");
      if (reason == null) {
        reason = idReason(d, "dst");
      }
      if (reason == null) {
        src = Long.parseLong(s);
        dst = Long.parseLong(d);
      }
    }
    Double w = ws == null ? null : toDouble(ws);
    if (reason == null && ws != null) {
      if (w == null) {
        reason = "non-numeric weight";
      } else if (w.isNaN() || w.isInfinite()) {
        reason = "non-finite weight";
      } else if (!rules.allowNegativeWeights() && w < 0) {
        reason = "negative weight";
      }
    }
    if (reason != null) {
      c.bad.merge(reason, 1L, Long::sum);
      if (c.samples.size() < SAMPLES) {
        c.samples.add(new Bad(file, raw, reason));
      }
      return;
    }
    c.dataRows++;
    boolean loop = rules.stringIds() ? s.equals(d) : src == dst;
    if (loop) {
      c.loops++;
    }
    if (w != null) {
      c.weightedRows++;
    } else if (c.firstUnweighted == null) {
      c.firstUnweighted = new Bad(file, raw, "missing weight (other lines have a third column)");
    }
    c.add(src, dst, w == null ? 0.0 : w, w != null, s, d);
  }

  /**
   * {@code sep.split(t, -1)}, by hand for the SNAP ({@code [ \t]+}) and TSV ({@code \t}) separators: the same fields
   * (a leading separator gives a leading empty field, trailing empty fields are kept) without a regex engine.
   */
  static String[] split(String t, String regex, Pattern sep) {
    boolean runs = "[ \t]+".equals(regex);
    if (!runs && !"\t".equals(regex)) {
      return sep.split(t, -1);
    }
    List<String> out = new ArrayList<>(4);
    int start = 0;
    int i = 0;
    int n = t.length();
    while (i < n) {
      char c = t.charAt(i);
      if (c == '\t' || (runs && c == ' ')) {
        out.add(t.substring(start, i));
        i++;
        while (runs && i < n && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
          i++;
        }
        start = i;
      } else {
        i++;
      }
    }
    out.add(t.substring(start));
    return out.toArray(new String[0]);
  }

  /** Spark's trim: spaces (U+0020) only. */
  private static String trimSpaces(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && s.charAt(a) == ' ') {
      a++;
    }
    while (b > a && s.charAt(b - 1) == ' ') {
      b--;
    }
    return s.substring(a, b);
  }

  private static String unquote(String f) {
    String u = f.startsWith("\"") ? f.substring(1) : f;
    return u.endsWith("\"") ? u.substring(0, u.length() - 1) : u;
  }

  private static String idReason(String s, String which) {
    if (!isInteger(s)) {
      return "non-integer " + which + " id";
    }
    try {
      Long.parseLong(s);
      return null;
    } catch (NumberFormatException e) {
      return which + " id out of the long range";
    }
  }

  /** Whether {@code s} matches {@code ^[+-]?[0-9]+$} (ASCII digits). */
  static boolean isInteger(String s) {
    int i = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
    if (i == s.length()) {
      return false;
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** A string cast to double as Spark casts it (null when it is no number). */
  static Double toDouble(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      String v = s.trim().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
        case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
        case "nan" -> Double.NaN;
        default -> null;
      };
    }
  }
}
