package dev.grasp.graph.linalg;

import static dev.grasp.graph.linalg.SparseOperator.I;
import static dev.grasp.graph.linalg.SparseOperator.ID;
import static dev.grasp.graph.linalg.SparseOperator.J;
import static dev.grasp.graph.linalg.SparseOperator.NORM;
import static dev.grasp.graph.linalg.SparseOperator.P;
import static dev.grasp.graph.linalg.SparseOperator.X;
import static org.apache.spark.sql.functions.col;

import dev.grasp.graph.util.PackedPairs;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The CPU engine of {@link SparseOperator}: partition-local loops over primitive arrays.
 *
 * <p>Node id k belongs to block {@link #blockOf}(k) of B. Build: the entries are bucketed by the block of i into
 * chunks of primitive arrays (one shuffle of B chunks per input partition), and each block becomes a CSR matrix over
 * its rows and the sorted distinct columns it reads ({@link Block}); a routing table lists, at the home block of each
 * j, the blocks that read it ({@link Routing}). A product sends the vectors to their home blocks, then each vector
 * once to every block that reads it (GraphX's routing idea), and each block sums its rows in {@code long}
 * fixed-point accumulators, exactly as {@link FixedPoint#sum} does, so the result is the Catalyst engine's, bit for bit.
 *
 * <p>B is the Spark property {@value #BLOCKS_CONF} when set, else max(default parallelism, partitions of the entries,
 * S), from the caller's {@link SparseOperator.Sizing}: a block holds its entries (20 bytes each) and, while it sums,
 * its distinct columns (at most min(columns, entries / B)) × width doubles of vectors; when columns × width × 8 bytes
 * exceed {@value #BLOCK_VECTOR_BYTES}, S = ⌈entries · width · 8 / {@value #BLOCK_VECTOR_BYTES}⌉ keeps a task's
 * vectors near that size (else S = 1).
 */
final class BlockProduct implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The Spark property that fixes the block count B. */
  static final String BLOCKS_CONF = "spark.grasp.kernel.blocks";
  private static final int MAX_BLOCKS = 4096;
  /** Target bytes of one block's vectors while it sums. */
  static final long BLOCK_VECTOR_BYTES = 64L << 20;

  static final StructType OUTPUT = new StructType().add(ID, DataTypes.LongType, false)
      .add(X, DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add(NORM, DataTypes.DoubleType, false);

  private final transient SparkSession spark;
  private final transient JavaRDD<Block> blocks;
  private final transient JavaRDD<Routing> routing;
  private final int count;
  private final double rowBound;

  private BlockProduct(SparkSession spark, JavaRDD<Block> blocks, JavaRDD<Routing> routing, int count,
      double rowBound) {
    this.spark = spark;
    this.blocks = blocks;
    this.routing = routing;
    this.count = count;
    this.rowBound = rowBound;
  }

  /** The block of node {@code id} among {@code count}: a mixed hash of the id (splitmix64's finaliser). */
  static int blockOf(long id, int count) {
    long z = id + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (int) Math.floorMod(z, (long) count);
  }

  static BlockProduct build(Dataset<Row> entries, SparseOperator.Sizing sizing) {
    SparkSession spark = entries.sparkSession();
    JavaRDD<InternalRow> rows = entries.select(col(I), col(J), col(P)).queryExecution().toRdd().toJavaRDD();
    int count = blockCount(spark, rows, sizing);
    JavaRDD<Block> blocks = rows
        .mapPartitionsToPair(it -> bucketEntries(it, count))
        .partitionBy(new IdentityPartitioner(count))
        .mapPartitionsWithIndex((b, it) -> List.of(Block.of(b, it)).iterator(), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<Routing> routing = blocks
        .mapPartitionsToPair(it -> routes(it.next(), count))
        .partitionBy(new IdentityPartitioner(count))
        .mapPartitions(it -> List.of(Routing.of(it)).iterator(), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    double bound = blocks.map(Block::rowBound).fold(0.0, Math::max);
    routing.count();
    return new BlockProduct(spark, blocks, routing, count, bound);
  }

  private static int blockCount(SparkSession spark, JavaRDD<InternalRow> rows, SparseOperator.Sizing sizing) {
    String fixed = spark.conf().get(BLOCKS_CONF, "");
    if (!fixed.isBlank()) {
      try {
        int b = Integer.parseInt(fixed.trim());
        if (b >= 1) {
          return b;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("`" + BLOCKS_CONF + "` must be an integer >= 1, got '" + fixed + "'");
    }
    // the input's partition count follows its size (file splits, shuffle partitions) and costs no job to read
    return (int) Math.max(1, Math.min(MAX_BLOCKS, Math.max(sizedBlocks(sizing),
        Math.max(spark.sparkContext().defaultParallelism(), rows.getNumPartitions()))));
  }

  /** S of the class comment: the blocks that keep a block's vectors near {@value #BLOCK_VECTOR_BYTES} bytes. */
  static long sizedBlocks(SparseOperator.Sizing sizing) {
    double width = sizing.width() * 8.0;
    return sizing.columns() * width <= BLOCK_VECTOR_BYTES ? 1
        : (long) Math.ceil(sizing.entries() * width / BLOCK_VECTOR_BYTES);
  }

  double rowBound() {
    return rowBound;
  }

  Dataset<Row> times(Dataset<Row> x, int d, int scale) {
    final int b = count;
    final double factor = FixedPoint.factor(scale);
    JavaRDD<InternalRow> in = x.queryExecution().toRdd().toJavaRDD();
    JavaPairRDD<Integer, Vectors> homed = in.mapPartitionsToPair(it -> bucketVectors(it, d, b))
        .partitionBy(new IdentityPartitioner(b));
    JavaPairRDD<Integer, Vectors> sent = homed
        .zipPartitions(routing, (vs, rs) -> send(vs, rs.next(), d, b))
        .mapPartitionsToPair(it -> it, false)
        .partitionBy(new IdentityPartitioner(b));
    JavaRDD<InternalRow> out = blocks.zipPartitions(sent,
        (bs, ms) -> bs.next().multiply(ms, d, factor, scale));
    return spark.internalCreateDataFrame(out.rdd(), OUTPUT, false);
  }

  void unpersist() {
    blocks.unpersist(false);
    routing.unpersist(false);
  }

  // ---- the steps of a product ---------------------------------------------------------------------------------

  private static Iterator<Tuple2<Integer, Entries>> bucketEntries(Iterator<InternalRow> it, int count) {
    Entries[] per = new Entries[count];
    while (it.hasNext()) {
      InternalRow r = it.next();
      long i = r.getLong(0);
      int k = blockOf(i, count);
      if (per[k] == null) {
        per[k] = new Entries();
      }
      per[k].add(i, r.getLong(1), r.getDouble(2));
    }
    List<Tuple2<Integer, Entries>> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      if (per[k] != null) {
        out.add(new Tuple2<>(k, per[k].trimmed()));
      }
    }
    return out.iterator();
  }

  private static Iterator<Tuple2<Integer, Ids>> routes(Block blk, int count) {
    Ids[] per = new Ids[count];
    for (long j : blk.columns) {
      int home = blockOf(j, count);
      if (per[home] == null) {
        per[home] = new Ids(blk.index);
      }
      per[home].add(j);
    }
    List<Tuple2<Integer, Ids>> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      if (per[k] != null) {
        out.add(new Tuple2<>(k, per[k].trimmed()));
      }
    }
    return out.iterator();
  }

  private static Iterator<Tuple2<Integer, Vectors>> bucketVectors(Iterator<InternalRow> it, int d, int count) {
    Vectors[] per = new Vectors[count];
    while (it.hasNext()) {
      InternalRow r = it.next();
      long id = r.getLong(0);
      double[] v = r.getArray(1).toDoubleArray();
      if (v.length != d) {
        throw new IllegalArgumentException("sparse product: vector of node " + id + " has " + v.length
            + " entries, expected d = " + d);
      }
      int k = blockOf(id, count);
      if (per[k] == null) {
        per[k] = new Vectors(d);
      }
      per[k].add(id, v, 0);
    }
    List<Tuple2<Integer, Vectors>> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      if (per[k] != null) {
        out.add(new Tuple2<>(k, per[k].trimmed()));
      }
    }
    return out.iterator();
  }

  /** At a home block: each vector once to every block whose entries read it. */
  private static Iterator<Tuple2<Integer, Vectors>> send(Iterator<Tuple2<Integer, Vectors>> vs, Routing r, int d,
      int count) {
    Vectors[] per = new Vectors[count];
    while (vs.hasNext()) {
      Vectors v = vs.next()._2();
      for (int k = 0; k < v.size; k++) {
        int pos = Arrays.binarySearch(r.ids, v.ids[k]);
        if (pos < 0) {
          continue;
        }
        for (int t = r.ptr[pos]; t < r.ptr[pos + 1]; t++) {
          int target = r.targets[t];
          if (per[target] == null) {
            per[target] = new Vectors(d);
          }
          per[target].add(v.ids[k], v.values, k * d);
        }
      }
    }
    List<Tuple2<Integer, Vectors>> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      if (per[k] != null) {
        out.add(new Tuple2<>(k, per[k].trimmed()));
      }
    }
    return out.iterator();
  }

  // ---- values ---------------------------------------------------------------------------------------------------

  /** Partition k of a pair RDD keyed by block index k. */
  static final class IdentityPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int n;

    IdentityPartitioner(int n) {
      this.n = n;
    }

    @Override
    public int numPartitions() {
      return n;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof IdentityPartitioner p && p.n == n;
    }

    @Override
    public int hashCode() {
      return n;
    }
  }

  /** A growable list of entries (i, j, p). */
  static final class Entries implements Serializable {
    private static final long serialVersionUID = 1L;
    long[] is = new long[16];
    long[] js = new long[16];
    double[] ps = new double[16];
    int size;

    void add(long i, long j, double p) {
      if (size == is.length) {
        int c = size * 2;
        is = Arrays.copyOf(is, c);
        js = Arrays.copyOf(js, c);
        ps = Arrays.copyOf(ps, c);
      }
      is[size] = i;
      js[size] = j;
      ps[size] = p;
      size++;
    }

    Entries trimmed() {
      is = Arrays.copyOf(is, size);
      js = Arrays.copyOf(js, size);
      ps = Arrays.copyOf(ps, size);
      return this;
    }
  }

  /** A growable list of ids sent by one block. */
  static final class Ids implements Serializable {
    private static final long serialVersionUID = 1L;
    final int block;
    long[] ids = new long[16];
    int size;

    Ids(int block) {
      this.block = block;
    }

    void add(long id) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
      }
      ids[size++] = id;
    }

    Ids trimmed() {
      ids = Arrays.copyOf(ids, size);
      return this;
    }
  }

  /** A growable list of (id, d values), the values row after row. */
  static final class Vectors implements Serializable {
    private static final long serialVersionUID = 1L;
    final int d;
    long[] ids = new long[16];
    double[] values;
    int size;

    Vectors(int d) {
      this.d = d;
      this.values = new double[16 * d];
    }

    void add(long id, double[] src, int from) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
        values = Arrays.copyOf(values, size * 2 * d);
      }
      ids[size] = id;
      System.arraycopy(src, from, values, size * d, d);
      size++;
    }

    Vectors trimmed() {
      ids = Arrays.copyOf(ids, size);
      values = Arrays.copyOf(values, size * d);
      return this;
    }
  }

  /** Per home block: the ids homed here that some block reads, sorted, each with the blocks that read it. */
  static final class Routing implements Serializable {
    private static final long serialVersionUID = 1L;
    long[] ids;
    int[] ptr;
    int[] targets;

    static Routing of(Iterator<Tuple2<Integer, Ids>> it) {
      List<Ids> parts = new ArrayList<>();
      int total = 0;
      while (it.hasNext()) {
        Ids p = it.next()._2();
        parts.add(p);
        total += p.size;
      }
      long[] all = new long[total];
      int o = 0;
      for (Ids p : parts) {
        System.arraycopy(p.ids, 0, all, o, p.size);
        o += p.size;
      }
      Routing r = new Routing();
      r.ids = distinctSorted(all);
      int[] cnt = new int[r.ids.length + 1];
      for (Ids p : parts) {
        for (int k = 0; k < p.size; k++) {
          cnt[Arrays.binarySearch(r.ids, p.ids[k]) + 1]++;
        }
      }
      for (int k = 0; k < r.ids.length; k++) {
        cnt[k + 1] += cnt[k];
      }
      r.ptr = cnt.clone();
      r.targets = new int[total];
      int[] fill = Arrays.copyOf(cnt, r.ids.length);
      for (Ids p : parts) {
        for (int k = 0; k < p.size; k++) {
          r.targets[fill[Arrays.binarySearch(r.ids, p.ids[k])]++] = p.block;
        }
      }
      return r;
    }
  }

  /** One row block in CSR form: rows (sorted ids), the sorted distinct columns read, entries as column indices. */
  static final class Block implements Serializable {
    private static final long serialVersionUID = 1L;
    int index;
    long[] rows;
    int[] rowPtr;
    long[] columns;
    int[] cols;
    double[] vals;

    static Block of(int index, Iterator<Tuple2<Integer, Entries>> it) {
      List<Entries> parts = new ArrayList<>();
      int total = 0;
      while (it.hasNext()) {
        Entries e = it.next()._2();
        parts.add(e);
        total += e.size;
      }
      long[] is = new long[total];
      long[] js = new long[total];
      double[] ps = new double[total];
      int o = 0;
      for (Entries e : parts) {
        System.arraycopy(e.is, 0, is, o, e.size);
        System.arraycopy(e.js, 0, js, o, e.size);
        System.arraycopy(e.ps, 0, ps, o, e.size);
        o += e.size;
      }
      Block b = new Block();
      b.index = index;
      b.rows = distinctSorted(is);
      b.columns = distinctSorted(js);
      int[] rowOf = new int[total];
      b.rowPtr = new int[b.rows.length + 1];
      for (int e = 0; e < total; e++) {
        rowOf[e] = Arrays.binarySearch(b.rows, is[e]);
        b.rowPtr[rowOf[e] + 1]++;
      }
      for (int r = 0; r < b.rows.length; r++) {
        b.rowPtr[r + 1] += b.rowPtr[r];
      }
      int[] fill = Arrays.copyOf(b.rowPtr, b.rows.length);
      b.cols = new int[total];
      b.vals = new double[total];
      for (int e = 0; e < total; e++) {
        int at = fill[rowOf[e]]++;
        b.cols[at] = Arrays.binarySearch(b.columns, js[e]);
        b.vals[at] = ps[e];
      }
      return b;
    }

    /** max over rows of (entries in the row) · max |p| in the row. */
    double rowBound() {
      double bound = 0.0;
      for (int r = 0; r < rows.length; r++) {
        double m = 0.0;
        for (int e = rowPtr[r]; e < rowPtr[r + 1]; e++) {
          m = Math.max(m, Math.abs(vals[e]));
        }
        bound = Math.max(bound, (double) (rowPtr[r + 1] - rowPtr[r]) * m);
      }
      return bound;
    }

    /** This block's rows of T·x from the vectors sent to it; rows none of whose columns has a vector are left out. */
    Iterator<InternalRow> multiply(Iterator<Tuple2<Integer, Vectors>> sent, int d, double factor, int scale) {
      double[] xl = new double[columns.length * d];
      boolean[] present = new boolean[columns.length];
      while (sent.hasNext()) {
        Vectors v = sent.next()._2();
        for (int k = 0; k < v.size; k++) {
          int c = Arrays.binarySearch(columns, v.ids[k]);
          System.arraycopy(v.values, k * d, xl, c * d, d);
          present[c] = true;
        }
      }
      return new Iterator<>() {
        private final long[] acc = new long[d];
        private int r = advance(0);

        private int advance(int from) {
          int q = from;
          while (q < rows.length && !anyPresent(q)) {
            q++;
          }
          return q;
        }

        private boolean anyPresent(int row) {
          for (int e = rowPtr[row]; e < rowPtr[row + 1]; e++) {
            if (present[cols[e]]) {
              return true;
            }
          }
          return false;
        }

        @Override
        public boolean hasNext() {
          return r < rows.length;
        }

        @Override
        public InternalRow next() {
          if (r >= rows.length) {
            throw new NoSuchElementException();
          }
          Arrays.fill(acc, 0L);
          for (int e = rowPtr[r]; e < rowPtr[r + 1]; e++) {
            int c = cols[e];
            if (!present[c]) {
              continue;
            }
            double p = vals[e];
            int base = c * d;
            for (int t = 0; t < d; t++) {
              acc[t] += FixedPoint.term(xl[base + t] * p, factor);
            }
          }
          double[] y = new double[d];
          double sq = 0.0;
          for (int t = 0; t < d; t++) {
            y[t] = FixedPoint.value(acc[t], scale);
            sq = sq + y[t] * y[t];
          }
          InternalRow row = new GenericInternalRow(new Object[] {rows[r], UnsafeArrayData.fromPrimitiveArray(y),
              Math.sqrt(sq)});
          r = advance(r + 1);
          return row;
        }
      };
    }
  }

  private static long[] distinctSorted(long[] values) {
    return PackedPairs.sortedDistinct(values.clone(), values.length);
  }
}
