package dev.grasp.sampling.jdd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small sparse matrix of non-negative long counts indexed by (row, column) degree values, kept in key order so every
 * driver-side pass over it is deterministic. Used for the DCM (row = in-degree, column = out-degree) and the JDM
 * (row = source out-degree k, column = target in-degree l).
 *
 * <p>Memory O(nnz); lookups O(log nnz).
 */
public final class CountMatrix {

  /** One non-zero entry. */
  public record Cell(long row, long col, long count) {}

  private final TreeMap<Long, TreeMap<Long, Long>> rows = new TreeMap<>();
  /** {@link #cells()} until the next change. */
  private List<Cell> cells;

  /** The count at (row, col), 0 when absent. */
  public long get(long row, long col) {
    TreeMap<Long, Long> r = rows.get(row);
    if (r == null) {
      return 0;
    }
    return r.getOrDefault(col, 0L);
  }

  /** Sets (row, col) to {@code count}; 0 removes the entry. */
  public void set(long row, long col, long count) {
    cells = null;
    if (count == 0) {
      TreeMap<Long, Long> r = rows.get(row);
      if (r != null) {
        r.remove(col);
        if (r.isEmpty()) {
          rows.remove(row);
        }
      }
      return;
    }
    rows.computeIfAbsent(row, x -> new TreeMap<>()).put(col, count);
  }

  /** Adds {@code delta} to (row, col). */
  public void add(long row, long col, long delta) {
    set(row, col, get(row, col) + delta);
  }

  /**
   * The key {@link #countPairs} counts for the entry (row, col): row in the high 32 bits, col in the low; both must be
   * in [0, 2^31), as the degrees of a graph held in one JVM are.
   */
  public static long pairKey(long row, long col) {
    if (row < 0 || col < 0 || row > Integer.MAX_VALUE || col > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a pair key holds values in [0, 2^31), got (" + row + ", " + col + ")");
    }
    return row << 32 | col;
  }

  /**
   * The matrix whose entry (row, col) counts how many of {@code keys[0 … n-1]} are {@link #pairKey}(row, col): one
   * sort and one pass, for matrices of many counted items (a graph's DCM and JDM). Sorts that prefix of {@code keys}.
   */
  public static CountMatrix countPairs(long[] keys, int n) {
    Arrays.sort(keys, 0, n);
    CountMatrix m = new CountMatrix();
    TreeMap<Long, Long> row = null;
    long rowKey = -1;
    for (int i = 0; i < n;) {
      int j = i + 1;
      while (j < n && keys[j] == keys[i]) {
        j++;
      }
      long r = keys[i] >>> 32;
      if (row == null || r != rowKey) {
        row = new TreeMap<>();
        m.rows.put(r, row);
        rowKey = r;
      }
      row.put(keys[i] & 0xffffffffL, (long) (j - i));
      i = j;
    }
    return m;
  }

  /** Every non-zero entry, rows ascending then columns ascending (a read-only list, kept until the next change). */
  public List<Cell> cells() {
    if (cells == null) {
      List<Cell> out = new ArrayList<>();
      for (Map.Entry<Long, TreeMap<Long, Long>> r : rows.entrySet()) {
        long row = r.getKey();
        for (Map.Entry<Long, Long> c : r.getValue().entrySet()) {
          out.add(new Cell(row, c.getKey(), c.getValue()));
        }
      }
      cells = Collections.unmodifiableList(out);
    }
    return cells;
  }

  /** Number of non-zero entries. */
  public int nnz() {
    int n = 0;
    for (TreeMap<Long, Long> r : rows.values()) {
      n += r.size();
    }
    return n;
  }

  /** Sum of all entries. */
  public long total() {
    long t = 0;
    for (TreeMap<Long, Long> r : rows.values()) {
      for (long v : r.values()) {
        t += v;
      }
    }
    return t;
  }

  /** Row sums, keyed by row, for rows with a non-zero entry. */
  public TreeMap<Long, Long> rowSums() {
    TreeMap<Long, Long> out = new TreeMap<>();
    for (Map.Entry<Long, TreeMap<Long, Long>> r : rows.entrySet()) {
      long s = 0;
      for (long v : r.getValue().values()) {
        s += v;
      }
      out.put(r.getKey(), s);
    }
    return out;
  }

  /** Column sums, keyed by column, for columns with a non-zero entry. */
  public TreeMap<Long, Long> colSums() {
    TreeMap<Long, Long> out = new TreeMap<>();
    for (TreeMap<Long, Long> r : rows.values()) {
      for (Map.Entry<Long, Long> e : r.entrySet()) {
        out.merge(e.getKey(), e.getValue(), Long::sum);
      }
    }
    return out;
  }

  /** The non-zero entries of one row, columns ascending. */
  public Map<Long, Long> row(long row) {
    TreeMap<Long, Long> r = rows.get(row);
    return r == null ? Collections.emptyMap() : Collections.unmodifiableMap(r);
  }

  /** A deep copy. */
  public CountMatrix copy() {
    CountMatrix m = new CountMatrix();
    for (Map.Entry<Long, TreeMap<Long, Long>> r : rows.entrySet()) {
      m.rows.put(r.getKey(), new TreeMap<>(r.getValue()));
    }
    return m;
  }

  /** The transpose (rows and columns swapped). */
  public CountMatrix transpose() {
    CountMatrix m = new CountMatrix();
    for (Cell c : cells()) {
      m.set(c.col(), c.row(), c.count());
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CountMatrix other && rows.equals(other.rows);
  }

  @Override
  public int hashCode() {
    return rows.hashCode();
  }

  @Override
  public String toString() {
    return cells().toString();
  }
}
