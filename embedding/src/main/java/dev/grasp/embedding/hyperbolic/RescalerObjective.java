package dev.grasp.embedding.hyperbolic;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.cosh;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.sinh;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.Graph;
import dev.grasp.graph.linalg.Engine;
import dev.grasp.graph.linalg.WideSum;
import dev.grasp.graph.util.DriverLocal;
import dev.grasp.graph.util.PackedPairs;
import dev.grasp.graph.util.DenseIndex;
import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The training objective of {@link HyperbolicRescaler} in fit mode and its analytic gradient over a table of node
 * pairs built once, evaluated by one of the kernel's two engines ({@link Engine}): CPU ({@link PairLoss} on primitive
 * chunks, in the driver when the pairs fit {@link DriverLocal}'s threshold) or Catalyst (one DataFrame aggregation a
 * call, the shape RAPIDS runs).
 *
 * <p>A node's hyperbolic point is h = exp₀(u) with u = S·v, v = inputScale·e and S = diag(exp θ) (θ_p the log-scale of
 * parameter block p). Its radius is d(0, h) = 2‖u‖, and with A = 2√c‖u_i‖, B = 2√c‖u_j‖ (each capped at 2·artanh(1 − ε))
 * and γ = cos∠(u_i, u_j) the hyperbolic law of cosines gives cosh(√c·d) = cosh(A − B) + sinh A sinh B (1 − γ) — the
 * same d as {@link PoincareBall#distance} on the mapped points, but differentiable in closed form. Per pair,
 * loss = w·softplus(y·(d² − r)/t) + λ'·(A² + B²)/(2c) (Fermi–Dirac decoder of HGCN, y = +1 for an edge, −1 for a
 * sampled non-edge; w = 1 for edges and |E|/|N| for non-edges so both sets weigh the same; λ' = λ·|E|/(|E| + |N|)),
 * summed and divided by |E|: mean edge loss + mean non-edge loss + λ·mean over pairs of (ρ_i² + ρ_j²)/2.
 *
 * <p>Since the loss depends on u_i, u_j only through P = ‖u_i‖², Q = ‖u_j‖², R = ⟨u_i, u_j⟩, and ∂P/∂θ_p = 2·P_p
 * (P_p the block-p part of P; same for Q, R), ∂loss/∂θ_p = α·P_p + β·Q_p + κ·R_p with three per-pair scalars; the
 * per-block sums P⁰_p, Q⁰_p, R⁰_p of the unscaled vectors are precomputed once (P_p = e^{2θ_p} P⁰_p).
 *
 * <p>Sums are {@link WideSum}s (two-limb fixed point, 2^-47 per term), so the result does not depend on the engine,
 * the partitioning or the summation order. Cost per evaluation: O(|pairs|·K) for K parameter blocks; driver work, or
 * one shuffle-free Spark job. Reference: Chami et al., "Hyperbolic Graph Convolutional Neural Networks", NeurIPS 2019 (decoder).
 */
final class RescalerObjective {

  static final String Y = "y";
  static final String P0 = "p0";
  static final String Q0 = "q0";
  static final String R0 = "r0";
  /** Rows of two longs per sort task in the anti-join against the edges. */
  private static final long ROWS_PER_PARTITION = 2_000_000L;
  /** Estimated bytes per sort task in the joins that attach the vectors to the pairs. */
  private static final long BYTES_PER_PARTITION = 64L << 20;
  private static final long MAX_PARTITIONS = 100_000L;

  private final Dataset<Row> pairs;
  private final Engine engine;
  /** The CPU engine's pair chunks: collected to the driver when they fit, else a cached RDD. */
  private final List<PairLoss.Chunk> localChunks;
  private final JavaRDD<PairLoss.Chunk> chunks;
  private final PoincareBall ball;
  private final int blocks;
  private final double radiusPenalty;
  private final long positives;
  private final long negatives;

  /** One evaluation: the objective and its gradient in (θ_1..θ_K, r, log t). */
  record Value(double loss, double[] gradient) {}

  private RescalerObjective(Dataset<Row> pairs, Engine engine, List<PairLoss.Chunk> localChunks,
      JavaRDD<PairLoss.Chunk> chunks, PoincareBall ball, int blocks, double radiusPenalty, long positives,
      long negatives) {
    this.pairs = pairs;
    this.engine = engine;
    this.localChunks = localChunks;
    this.chunks = chunks;
    this.ball = ball;
    this.blocks = blocks;
    this.radiusPenalty = radiusPenalty;
    this.positives = positives;
    this.negatives = negatives;
  }

  /**
   * Builds and caches the pair table: the distinct undirected training edges (self-loops dropped) and, per edge and
   * k &lt; negativeSamples, the node of index ⌊uniform(seed, a, b, k)·n⌋ (nodes indexed by id order) paired with a,
   * kept if it is neither a nor a neighbour of a. With more than {@code maxTrainingEdges} (&gt; 0) distinct edges, an
   * edge (a, b) is used as a positive only when uniform(seed, a, b) &lt; maxTrainingEdges / |edges| (about
   * maxTrainingEdges positives, the same for any partitioning); negatives still avoid every edge.
   *
   * @param embeddings {@code id: long, v: array<double>} (already multiplied by inputScale), all of length d
   * @param edges {@code src, dst}
   * @param blockOf parameter block of each dimension (length d, values in [0, blocks))
   */
  static RescalerObjective build(Dataset<Row> embeddings, Dataset<Row> edges, int[] blockOf, int blocks,
      PoincareBall ball, double radiusPenalty, int negativeSamples, long seed, long maxTrainingEdges) {
    SparkSession spark = embeddings.sparkSession();
    return build(embeddings, edges, blockOf, blocks, ball, radiusPenalty, negativeSamples, seed, maxTrainingEdges,
        Engine.of(spark), DriverLocal.maxBytes(spark));
  }

  /**
   * {@link #build} with the engine and the driver-local threshold given: with the CPU engine the pair table is read
   * into primitive chunks, collected to the driver when its estimated (8 + 24·blocks) bytes a pair fit in
   * {@code driverBytes} (every iteration is then driver work, no Spark job), else cached as an RDD (one job an
   * iteration); the Catalyst engine aggregates the cached table. All three give the same bits.
   */
  static RescalerObjective build(Dataset<Row> embeddings, Dataset<Row> edges, int[] blockOf, int blocks,
      PoincareBall ball, double radiusPenalty, int negativeSamples, long seed, long maxTrainingEdges, Engine engine,
      long driverBytes) {
    Dataset<Row> ids = embeddings.select(col(Graph.ID));
    Column a = least(col(Graph.SRC), col(Graph.DST)).cast("long");
    Column b = greatest(col(Graph.SRC), col(Graph.DST)).cast("long");
    Dataset<Row> all = edges.select(a.as("a"), b.as("b")).where(col("a").notEqual(col("b"))).distinct()
        .join(ids.withColumnRenamed(Graph.ID, "a"), "a").join(ids.withColumnRenamed(Graph.ID, "b"), "b")
        .select(col("a"), col("b")).persist(StorageLevel.MEMORY_AND_DISK());
    long m = all.count();
    Dataset<Row> pos = maxTrainingEdges > 0 && m > maxTrainingEdges
        ? all.where(Seeds.uniform(seed, col("a"), col("b")).lt((double) maxTrainingEdges / m)) : all;
    int defaultParts = Math.max(1, embeddings.sparkSession().sessionState().conf().numShufflePartitions());
    long expectedPositives = Math.min(m, maxTrainingEdges > 0 ? maxTrainingEdges : m);
    Dataset<Row> neg = negatives(all, pos, ids, m, expectedPositives, negativeSamples, seed, defaultParts);
    long expectedPairs = expectedPositives * (1L + negativeSamples);
    int pairParts = partitions(defaultParts, expectedPairs * (48L + 8L * blockOf.length), BYTES_PER_PARTITION);
    Dataset<Row> table = pairTable(pos, neg, embeddings, blockOf, blocks, pairParts)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Row counts = table.agg(sum(when(col(Y).gt(0), 1L).otherwise(0L)), sum(when(col(Y).lt(0), 1L).otherwise(0L)))
        .first();
    all.unpersist();
    long np = counts.isNullAt(0) ? 0 : counts.getLong(0);
    long nn = counts.isNullAt(1) ? 0 : counts.getLong(1);
    if (np == 0 || nn == 0) {
      table.unpersist();
      throw new IllegalArgumentException("`trainingEdges` must give at least one edge between embedded nodes and one "
          + "sampled non-edge, got " + np + " edges and " + nn + " non-edges");
    }
    if (engine == Engine.CATALYST) {
      return new RescalerObjective(table, engine, null, null, ball, blocks, radiusPenalty, np, nn);
    }
    // The CPU engine reads the table once into primitive chunks, then drops it.
    JavaRDD<PairLoss.Chunk> chunkRdd = table.select(col(Y), col(P0), col(Q0), col(R0)).javaRDD()
        .mapPartitions(rows -> List.of(PairLoss.Chunk.of(rows, blocks)).iterator());
    long bytes = (np + nn) * (8L + 24L * blocks);
    if (bytes <= driverBytes) {
      List<PairLoss.Chunk> local = chunkRdd.collect();
      table.unpersist();
      return new RescalerObjective(table, engine, local, null, ball, blocks, radiusPenalty, np, nn);
    }
    chunkRdd = chunkRdd.persist(StorageLevel.MEMORY_AND_DISK());
    chunkRdd.count();
    table.unpersist();
    return new RescalerObjective(table, engine, null, chunkRdd, ball, blocks, radiusPenalty, np, nn);
  }

  /**
   * {@code negativeSamples} hashed non-edges {@code a, b} per positive pair: a uniform node c by a hash of (a, b, k)
   * through a dense 0..n−1 index in id order (range-partitioned, not a single-partition window, so the pick does not
   * depend on the partitioning), dropping c = a and every c adjacent to a in {@code all}.
   */
  private static Dataset<Row> negatives(Dataset<Row> all, Dataset<Row> pos, Dataset<Row> ids, long m,
      long expectedPositives, int negativeSamples, long seed, int defaultParts) {
    Dataset<Row> index = DenseIndex.of(ids, "idx", col(Graph.ID));
    long n = index.count();
    Column[] ks = new Column[negativeSamples];
    for (int k = 0; k < negativeSamples; k++) {
      ks[k] = lit((long) k);
    }
    // Partition counts sized by the data, not by spark.sql.shuffle.partitions or by adaptive execution (which coalesces
    // by compressed shuffle bytes, several times smaller than the rows a sort holds in memory): the candidate join and
    // the anti-join sort millions of rows, and the pair joins carry one or two d-dimensional vectors per pair. Explicit
    // repartition(n, key) is not coalesced. On the 16M-edge R-MAT in a 1 GiB heap (benchmarks/memory/run.sh,
    // rescale-fit) the fit ran out of memory first in a sort's spill merge of the pair joins (8 partitions of an
    // estimated ~800 MB each), then in the candidate join, coalesced to 3 sort tasks of ~2.5M rows.
    int edgeParts = partitions(defaultParts, 2 * m, ROWS_PER_PARTITION);
    int candParts = partitions(defaultParts, expectedPositives * negativeSamples, ROWS_PER_PARTITION / 2);
    Dataset<Row> cand = pos.select(col("a"), col("b"), explode(array(ks)).as("k"))
        .select(col("a"), floor(Seeds.uniform(seed, col("a"), col("b"), col("k")).multiply((double) n))
            .cast("long").as("idx"))
        .repartition(candParts, col("idx"))
        .join(index, "idx")
        .select(col("a"), col(Graph.ID).as("c"))
        .where(col("a").notEqual(col("c")));
    Dataset<Row> undirected = all.select(col("a").as("x"), col("b").as("w"))
        .union(all.select(col("b").as("x"), col("a").as("w")));
    return cand.repartition(edgeParts, col("a"), col("c"))
        .join(undirected.repartition(edgeParts, col("x"), col("w")),
            col("a").equalTo(col("x")).and(col("c").equalTo(col("w"))), "left_anti")
        .select(col("a"), col("c").as("b"));
  }

  /** Labelled pairs ({@code y} = +1 edge, −1 non-edge) with their per-block sums Σ v², Σ w², Σ v·w. */
  private static Dataset<Row> pairTable(Dataset<Row> pos, Dataset<Row> neg, Dataset<Row> embeddings, int[] blockOf,
      int blocks, int pairParts) {
    Dataset<Row> labelled = pos.withColumn(Y, lit(1.0)).union(neg.withColumn(Y, lit(-1.0)));
    Dataset<Row> ea = embeddings.select(col(Graph.ID).as("a"), col("v").as("va"));
    Dataset<Row> eb = embeddings.select(col(Graph.ID).as("b"), col("v").as("vb"));
    Dataset<Row> joined = labelled.repartition(pairParts, col("a")).join(ea, "a")
        .repartition(pairParts, col("b")).join(eb, "b");
    Column[] p0 = new Column[blocks];
    Column[] q0 = new Column[blocks];
    Column[] r0 = new Column[blocks];
    for (int p = 0; p < blocks; p++) {
      p0[p] = lit(0.0);
      q0[p] = lit(0.0);
      r0[p] = lit(0.0);
    }
    for (int i = 0; i < blockOf.length; i++) {
      Column vi = col("va").getItem(i);
      Column wi = col("vb").getItem(i);
      int p = blockOf[i];
      p0[p] = p0[p].plus(vi.multiply(vi));
      q0[p] = q0[p].plus(wi.multiply(wi));
      r0[p] = r0[p].plus(vi.multiply(wi));
    }
    return joined.select(col(Y), array(p0).as(P0), array(q0).as(Q0), array(r0).as(R0));
  }

  /**
   * The driver twin of {@link #build} for the CPU engine when the embeddings and edges were collected: the same
   * pairs (distinct undirected edges between embedded nodes, the same hash sample of positives and hashed negatives
   * against every edge) and the same per-block sums in the same order, so the objective has the same bits as from the
   * Spark-built table. O(|E| log |E| + pairs·d), no Spark job.
   *
   * @param ids the embedded node ids, ascending and distinct
   * @param vectors the node vectors, already multiplied by inputScale, in the order of {@code ids}
   * @param src the edges' sources, with {@code dst} their targets (any ids; pairs with a node outside {@code ids} are
   *     dropped, as by the Spark build's joins)
   */
  static RescalerObjective buildInDriver(long[] ids, double[][] vectors, long[] src, long[] dst, int[] blockOf,
      int blocks, PoincareBall ball, double radiusPenalty, int negativeSamples, long seed, long maxTrainingEdges) {
    long[] edges = distinctPairs(ids, src, dst);
    int n = ids.length;
    long m = edges.length;
    double keep = maxTrainingEdges > 0 && m > maxTrainingEdges ? (double) maxTrainingEdges / m : 2.0;
    long[] pairA = new long[edges.length * (1 + negativeSamples)];
    long[] pairB = new long[pairA.length];
    boolean[] positive = new boolean[pairA.length];
    int count = 0;
    long np = 0;
    for (long e : edges) {
      int ia = (int) (e >>> 32);
      int ib = (int) e;
      long a = ids[ia];
      long b = ids[ib];
      if (keep <= 1.0 && !(Seeds.uniform(seed, a, b) < keep)) {
        continue;
      }
      pairA[count] = ia;
      pairB[count] = ib;
      positive[count++] = true;
      np++;
      for (long k = 0; k < negativeSamples; k++) {
        int ic = (int) (long) Math.floor(Seeds.uniform(seed, a, b, k) * (double) n);
        if (ic != ia && Arrays.binarySearch(edges, PackedPairs.pack(Math.min(ia, ic), Math.max(ia, ic))) < 0) {
          pairA[count] = ia;
          pairB[count] = ic;
          positive[count++] = false;
        }
      }
    }
    long nn = count - np;
    if (np == 0 || nn == 0) {
      throw new IllegalArgumentException("`trainingEdges` must give at least one edge between embedded nodes and one "
          + "sampled non-edge, got " + np + " edges and " + nn + " non-edges");
    }
    double[] y = new double[count];
    double[] p0 = new double[count * blocks];
    double[] q0 = new double[count * blocks];
    double[] r0 = new double[count * blocks];
    for (int t = 0; t < count; t++) {
      y[t] = positive[t] ? 1.0 : -1.0;
      double[] va = vectors[(int) pairA[t]];
      double[] vb = vectors[(int) pairB[t]];
      int at = t * blocks;
      for (int i = 0; i < blockOf.length; i++) {
        int p = at + blockOf[i];
        p0[p] = p0[p] + va[i] * va[i];
        q0[p] = q0[p] + vb[i] * vb[i];
        r0[p] = r0[p] + va[i] * vb[i];
      }
    }
    List<PairLoss.Chunk> chunk = List.of(new PairLoss.Chunk(y, p0, q0, r0));
    return new RescalerObjective(null, Engine.CPU, chunk, null, ball, blocks, radiusPenalty, np, nn);
  }

  /**
   * The distinct undirected edges between nodes of {@code ids} (self-loops dropped) as sorted packed pairs of
   * positions (lower · 2^32 + higher).
   */
  private static long[] distinctPairs(long[] ids, long[] src, long[] dst) {
    long[] packed = new long[src.length];
    int k = 0;
    for (int e = 0; e < src.length; e++) {
      int i = Arrays.binarySearch(ids, src[e]);
      int j = Arrays.binarySearch(ids, dst[e]);
      if (i >= 0 && j >= 0 && i != j) {
        packed[k++] = PackedPairs.pack(Math.min(i, j), Math.max(i, j));
      }
    }
    return PackedPairs.sortedDistinct(packed, k);
  }

  /** ⌈amount / perPartition⌉ partitions, at least {@code min}, at most {@link #MAX_PARTITIONS}. */
  private static int partitions(int min, long amount, long perPartition) {
    return (int) Math.max(min, Math.min(MAX_PARTITIONS, (amount + perPartition - 1) / perPartition));
  }

  long positives() {
    return positives;
  }

  long negatives() {
    return negatives;
  }

  void unpersist() {
    if (pairs != null) {
      pairs.unpersist();
    }
    if (chunks != null) {
      chunks.unpersist();
    }
  }

  /** The engine evaluating the objective, and for the CPU engine whether its pairs were collected to the driver. */
  String placement() {
    return engine == Engine.CATALYST ? "catalyst" : localChunks != null ? "cpu, driver" : "cpu, distributed";
  }

  /** Mean squared distance of the edge pairs and of the non-edge pairs at the given log-scales. */
  double[] meanSquaredDistances(double[] logScales) {
    double[] s2 = squaredScales(logScales);
    double[] sum = new double[2];
    if (engine == Engine.CATALYST) {
      Dataset<Row> t = terms(s2, 0.0, 1.0);
      List<Column> aggs = new ArrayList<>(sumOf(when(col(Y).gt(0), col("d2")).otherwise(0.0)));
      aggs.addAll(sumOf(when(col(Y).lt(0), col("d2")).otherwise(0.0)));
      Row row = agg(t, aggs);
      sum[0] = WideSum.value(row, 0, "the edges' squared distances");
      sum[1] = WideSum.value(row, 3, "the non-edges' squared distances");
    } else {
      PairLoss f = pairLoss(s2, 0.0, 1.0);
      WideSum.Acc[] acc = cpuSums(2, (chunk, a) -> {
        f.accumulateDistances(chunk, a);
        return 0L;
      }).sums;
      sum[0] = acc[0].value("the edges' squared distances");
      sum[1] = acc[1].value("the non-edges' squared distances");
    }
    return new double[] {sum[0] / positives, sum[1] / negatives};
  }

  /** The objective and its gradient at θ = (logScales, r, logT). */
  Value evaluate(double[] logScales, double r, double logT) {
    double[] s2 = squaredScales(logScales);
    double tt = Math.exp(logT);
    double[] total = new double[blocks + 3];
    long bad;
    if (engine == Engine.CATALYST) {
      Dataset<Row> t = terms(s2, r, tt);
      List<Column> aggs = new ArrayList<>(sumOf(col("loss")));
      for (int p = 0; p < blocks; p++) {
        aggs.addAll(sumOf(col("alpha").multiply(col(P0).getItem(p))
            .plus(col("beta").multiply(col(Q0).getItem(p)))
            .plus(col("kappa").multiply(col(R0).getItem(p))).multiply(col("s2_" + p))));
      }
      aggs.addAll(sumOf(col("gradR")));
      aggs.addAll(sumOf(col("gradLogT")));
      aggs.add(sum(when(isnan(col("loss")), 1L).otherwise(0L)));
      Row row = agg(t, aggs);
      int last = 3 * total.length;
      bad = row.isNullAt(last) ? 0 : row.getLong(last);
      if (bad == 0) {
        for (int i = 0; i < total.length; i++) {
          total[i] = WideSum.value(row, 3 * i, SUM_NAMES[Math.min(i, 1)] + " (term " + i + ")");
        }
      }
    } else {
      PairLoss f = pairLoss(s2, r, tt);
      CpuSums s = cpuSums(total.length, f::accumulate);
      bad = s.count;
      if (bad == 0) {
        for (int i = 0; i < total.length; i++) {
          total[i] = s.sums[i].value(SUM_NAMES[Math.min(i, 1)] + " (term " + i + ")");
        }
      }
    }
    if (bad > 0) {
      throw new IllegalStateException("the rescaling objective is NaN on " + bad + " pairs (non-finite embeddings?)");
    }
    double[] g = new double[blocks + 2];
    for (int i = 0; i < g.length; i++) {
      g[i] = total[1 + i] / positives;
    }
    return new Value(total[0] / positives, g);
  }

  private static final String[] SUM_NAMES = {"the rescaling objective", "its gradient"};

  private double[] squaredScales(double[] logScales) {
    double[] s2 = new double[blocks];
    for (int p = 0; p < blocks; p++) {
      s2[p] = Math.exp(2 * logScales[p]);
    }
    return s2;
  }

  private PairLoss pairLoss(double[] s2, double r, double tt) {
    return new PairLoss(ball, blocks, negWeight(), radiusWeight(), s2, r, tt);
  }

  private double negWeight() {
    return (double) positives / negatives;
  }

  private double radiusWeight() {
    return radiusPenalty * positives / (positives + negatives);
  }

  /** Partition-local sums over the pair chunks: in the driver when they were collected, else one Spark job. */
  private CpuSums cpuSums(int n, ChunkSum f) {
    if (localChunks != null) {
      CpuSums out = new CpuSums(n);
      for (PairLoss.Chunk c : localChunks) {
        out.count += f.apply(c, out.sums);
      }
      return out;
    }
    return chunks.map(c -> {
      CpuSums out = new CpuSums(n);
      out.count += f.apply(c, out.sums);
      return out;
    }).reduce(CpuSums::merge);
  }

  /** One chunk's contribution to the sums; returns a count (the NaN losses). */
  @FunctionalInterface
  private interface ChunkSum extends java.io.Serializable {
    long apply(PairLoss.Chunk chunk, WideSum.Acc[] sums);
  }

  /** Exact partial sums and a count, merged across partitions. */
  private static final class CpuSums implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final WideSum.Acc[] sums;
    long count;

    CpuSums(int n) {
      sums = new WideSum.Acc[n];
      for (int i = 0; i < n; i++) {
        sums[i] = new WideSum.Acc();
      }
    }

    CpuSums merge(CpuSums o) {
      for (int i = 0; i < sums.length; i++) {
        sums[i].merge(o.sums[i]);
      }
      count += o.count;
      return this;
    }
  }

  private static List<Column> sumOf(Column x) {
    return Arrays.asList(WideSum.sum(x));
  }

  private static Row agg(Dataset<Row> t, List<Column> aggs) {
    return t.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
  }

  /** Adds columns to {@code df}; each stage names its results so that later stages reference, not copy, them. */
  private static Dataset<Row> stage(Dataset<Row> df, Object... nameExprPairs) {
    Column[] cols = new Column[nameExprPairs.length / 2 + 1];
    cols[0] = col("*");
    for (int i = 0; i < nameExprPairs.length; i += 2) {
      cols[1 + i / 2] = ((Column) nameExprPairs[i + 1]).as((String) nameExprPairs[i]);
    }
    return df.select(cols);
  }

  /**
   * The pair table with the per-pair loss, d², the scalars α, β, κ and ∂/∂r, ∂/∂log t, built in named stages: a
   * single nested expression would repeat shared subexpressions (D, A, B, …) exponentially often.
   */
  private Dataset<Row> terms(double[] scales2, double r, double temperature) {
    return lossAndGradients(distances(withParameters(scales2, r, temperature)));
  }

  /**
   * The pairs with the scaled squared norms pp, qq and inner product rr. The parameters enter as a broadcast
   * one-row table, not as literals: the generated code is then the same at every iteration and Spark's code cache
   * skips the recompilation.
   */
  private Dataset<Row> withParameters(double[] scales2, double r, double temperature) {
    StructType schema = new StructType();
    Object[] values = new Object[blocks + 2];
    for (int p = 0; p < blocks; p++) {
      schema = schema.add("s2_" + p, DataTypes.DoubleType, false);
      values[p] = scales2[p];
    }
    schema = schema.add("theta_r", DataTypes.DoubleType, false).add("theta_t", DataTypes.DoubleType, false);
    values[blocks] = r;
    values[blocks + 1] = temperature;
    Dataset<Row> params = pairs.sparkSession().createDataFrame(List.of(RowFactory.create(values)), schema);
    Column pp = lit(0.0);
    Column qq = lit(0.0);
    Column rr = lit(0.0);
    for (int p = 0; p < blocks; p++) {
      Column s2 = col("s2_" + p);
      pp = pp.plus(col(P0).getItem(p).multiply(s2));
      qq = qq.plus(col(Q0).getItem(p).multiply(s2));
      rr = rr.plus(col(R0).getItem(p).multiply(s2));
    }
    return stage(pairs.crossJoin(broadcast(params)), "pp", pp, "qq", qq, "rr", rr);
  }

  /** The Poincaré distance d of each pair through G − 1 = cosh d − 1, with the hyperbolic functions it reuses. */
  private Dataset<Row> distances(Dataset<Row> in) {
    double sc = ball.sqrtC();
    double cap = PoincareBall.MAX_TANGENT;
    Dataset<Row> t = stage(in, "ni", sqrt(col("pp")), "nj", sqrt(col("qq")));
    Column both = col("ni").gt(0).and(col("nj").gt(0));
    t = stage(t, "both", both,
        "gamma", least(greatest(when(both, col("rr").divide(col("ni").multiply(col("nj")))).otherwise(lit(1.0)),
            lit(-1.0)), lit(1.0)),
        "aa", least(col("ni").multiply(sc), lit(cap)).multiply(2.0),
        "bb", least(col("nj").multiply(sc), lit(cap)).multiply(2.0));
    t = stage(t, "sa", sinh(col("aa")), "sb", sinh(col("bb")), "ca", cosh(col("aa")), "cb", cosh(col("bb")),
        "sab", sinh(col("aa").minus(col("bb"))), "half", sinh(col("aa").minus(col("bb")).multiply(0.5)),
        "omg", lit(1.0).minus(col("gamma")));
    // G − 1 with cosh(A − B) − 1 = 2 sinh²((A − B)/2): no cancellation for nearby points.
    t = stage(t, "gm1", col("half").multiply(col("half")).multiply(2.0)
        .plus(col("sa").multiply(col("sb")).multiply(col("omg"))));
    t = stage(t, "sinhD", sqrt(col("gm1").multiply(col("gm1").plus(2.0))));
    return stage(t, "dd", log1p(col("gm1").plus(col("sinhD"))));
  }

  /** The Fermi–Dirac link loss with the radius penalty, and its derivatives by the chain rule. */
  private Dataset<Row> lossAndGradients(Dataset<Row> in) {
    double c = ball.curvature();
    double sc = ball.sqrtC();
    double cap = PoincareBall.MAX_TANGENT;
    Dataset<Row> t = in;
    Column tt = col("theta_t");
    double negWeight = negWeight();
    double radW = radiusWeight();
    Column dd = col("dd");
    // d(D²)/dG = 2D/sinh D, → 2 as D → 0
    t = stage(t, "d2", dd.multiply(dd).divide(c),
        "dD2dG", when(dd.lt(1e-4), lit(2.0).minus(dd.multiply(dd).divide(3.0)))
            .otherwise(dd.multiply(2.0).divide(col("sinhD"))),
        "w", when(col(Y).gt(0), lit(1.0)).otherwise(lit(negWeight)));
    t = stage(t, "z", col("d2").minus(col("theta_r")).divide(tt));
    t = stage(t, "yz", col(Y).multiply(col("z")));
    Column yz = col("yz");
    t = stage(t, "softplus", greatest(yz, lit(0.0)).plus(log1p(exp(abs(yz).multiply(-1.0)))),
        "sigma", when(yz.geq(0), lit(1.0).divide(lit(1.0).plus(exp(yz.multiply(-1.0)))))
            .otherwise(exp(yz).divide(lit(1.0).plus(exp(yz)))));
    t = stage(t, "lz", col(Y).multiply(col("sigma")).multiply(col("w")),
        "loss", col("w").multiply(col("softplus")).plus(col("aa").multiply(col("aa"))
            .plus(col("bb").multiply(col("bb"))).multiply(radW / (2 * c))));
    t = stage(t, "gD2", col("lz").divide(tt));
    t = stage(t, "common", col("gD2").multiply(col("dD2dG")).divide(c));
    Column common = col("common");
    t = stage(t,
        "fA", common.multiply(col("sab").plus(col("ca").multiply(col("sb")).multiply(col("omg"))))
            .plus(col("aa").multiply(radW / c)),
        "fB", common.multiply(col("sab").multiply(-1.0).plus(col("sa").multiply(col("cb")).multiply(col("omg"))))
            .plus(col("bb").multiply(radW / c)),
        "fG", common.multiply(col("sa").multiply(col("sb"))).multiply(-1.0));
    Column freeI = col("ni").gt(0).and(col("ni").multiply(sc).lt(cap));
    Column freeJ = col("nj").gt(0).and(col("nj").multiply(sc).lt(cap));
    Column bothC = col("both");
    t = stage(t,
        "alpha", when(freeI, col("fA").multiply(2 * sc).divide(col("ni"))).otherwise(lit(0.0))
            .minus(when(bothC, col("fG").multiply(col("gamma")).divide(col("pp"))).otherwise(lit(0.0))),
        "beta", when(freeJ, col("fB").multiply(2 * sc).divide(col("nj"))).otherwise(lit(0.0))
            .minus(when(bothC, col("fG").multiply(col("gamma")).divide(col("qq"))).otherwise(lit(0.0))),
        "kappa", when(bothC, col("fG").multiply(2.0).divide(col("ni").multiply(col("nj")))).otherwise(lit(0.0)),
        "gradR", col("gD2").multiply(-1.0),
        "gradLogT", col("lz").multiply(col("z")).multiply(-1.0));
    return t;
  }

  private static Column abs(Column x) {
    return org.apache.spark.sql.functions.abs(x);
  }

  /**
   * Driver twin of one pair's loss, computed through {@link PoincareBall#expMap0} and {@link PoincareBall#distance}
   * rather than the law of cosines: a check of the derivation.
   */
  static double pairLoss(PoincareBall ball, double[] ui, double[] uj, double y, double r, double logT, double weight,
      double radiusWeight) {
    double[] hi = ball.expMap0(ui);
    double[] hj = ball.expMap0(uj);
    double d = ball.distance(hi, hj);
    double z = y * (d * d - r) / Math.exp(logT);
    double softplus = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    double ri = ball.radius(hi);
    double rj = ball.radius(hj);
    return weight * softplus + radiusWeight * (ri * ri + rj * rj) / 2;
  }
}
