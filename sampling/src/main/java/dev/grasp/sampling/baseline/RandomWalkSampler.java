package dev.grasp.sampling.baseline;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.DenseIndex;
import dev.grasp.graph.util.LineageCutter;
import dev.grasp.graph.util.Seeds;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Random walk sampling with restarts and random jumps (RW/RJ of Leskovec &amp; Faloutsos, KDD 2006), run by parallel
 * walkers along out-edges; the sample is the subgraph induced by the first {@code target} vertices visited.
 *
 * <p>Walker w starts at a distinct uniformly random vertex. At step t it draws r = u(seed, w, t, 0): with probability
 * {@code restartProbability} it flies back to its start vertex, with probability {@code jumpProbability} it jumps to a
 * uniformly random vertex (index ⌊u(seed, w, t, 1)·|V|⌋ of a seeded random permutation), otherwise it follows an
 * out-edge chosen by u(seed, w, t, 2) (parallel edges weigh by multiplicity). At a sink (no out-edge) it jumps. Vertices
 * are ranked by first visit (step, walker); the first {@code target} of them are the sample, so its size is exact.
 * If {@code maxIter} steps do not visit enough vertices the rest is filled with unvisited vertices in random order
 * (logged), so the sampler always terminates.
 *
 * <p>Distributed: walkers are a DataFrame joined each step to the adjacency lists ({@code sort_array(collect_list)} of
 * out-neighbours in a dense index space). Where a walker goes never depends on what was visited, so the steps run in
 * batches: one plan chains a batch's joins, each walker row collecting the positions it reaches, and its materialised
 * result (a reliable checkpoint on a cluster, a local one in local mode: {@link LineageCutter#cutNow}) gives the
 * batch's new visits by one aggregation and one anti-join against the visited set, whose union is cut every
 * {@code checkpointInterval} batches. A batch takes the steps the missing vertices need at the last batch's rate of
 * new visits, at least twice the last batch's steps and at most {@value #MAX_BATCH}; steps after the one that reaches
 * the target only add visits ranked after it, so the sample is the one a step-by-step walk gives. Cost per batch: one
 * materialised plan of its joins (O(W) shuffled per step), one aggregation and anti-join, one count.
 */
public final class RandomWalkSampler extends BaseSampler<RandomWalkSampler> {

  private static final Logger LOG = LoggerFactory.getLogger(RandomWalkSampler.class);
  private static final long SALT_ORDER = 3L;
  /** Most walk steps in one plan (one materialised batch). */
  static final int MAX_BATCH = 32;

  private final IntParam numWalkers;
  private final DoubleParam restartProbability;
  private final DoubleParam jumpProbability;
  private final IntParam maxIter;
  private final IntParam checkpointInterval;

  public RandomWalkSampler() {
    this(Identifiable$.MODULE$.randomUID("randomWalkSampler"));
  }

  public RandomWalkSampler(String uid) {
    super(uid);
    numWalkers = new IntParam(this, "numWalkers",
        "number of parallel walkers (>= 0; 0 = ceil(sqrt(target)))", ParamValidators.<Object>gtEq(0));
    restartProbability = new DoubleParam(this, "restartProbability",
        "probability per step of flying back to the walker's start vertex, in [0, 1)",
        ParamValidators.<Object>inRange(0.0, 1.0, true, false));
    jumpProbability = new DoubleParam(this, "jumpProbability",
        "probability per step of jumping to a uniformly random vertex, in [0, 1]",
        ParamValidators.<Object>inRange(0.0, 1.0, true, true));
    maxIter = new IntParam(this, "maxIter", "maximum number of walk steps (>= 1)", ParamValidators.<Object>gtEq(1));
    checkpointInterval = new IntParam(this, "checkpointInterval",
        "cut the lineage of the visited set every this many batches of steps (>= 1)", ParamValidators.<Object>gtEq(1));
    setDefault(numWalkers, 0);
    setDefault(restartProbability, 0.15);
    setDefault(jumpProbability, 0.01);
    setDefault(maxIter, 10_000);
    setDefault(checkpointInterval, 10);
  }

  public IntParam numWalkers() {
    return numWalkers;
  }

  public DoubleParam restartProbability() {
    return restartProbability;
  }

  public DoubleParam jumpProbability() {
    return jumpProbability;
  }

  public IntParam maxIter() {
    return maxIter;
  }

  public IntParam checkpointInterval() {
    return checkpointInterval;
  }

  public int getNumWalkers() {
    return (Integer) getOrDefault(numWalkers);
  }

  public double getRestartProbability() {
    return (Double) getOrDefault(restartProbability);
  }

  public double getJumpProbability() {
    return (Double) getOrDefault(jumpProbability);
  }

  public int getMaxIter() {
    return (Integer) getOrDefault(maxIter);
  }

  public int getCheckpointInterval() {
    return (Integer) getOrDefault(checkpointInterval);
  }

  public RandomWalkSampler setNumWalkers(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("`numWalkers` must be >= 0 (0 = automatic), got " + value);
    }
    set(numWalkers, value);
    return this;
  }

  public RandomWalkSampler setRestartProbability(double value) {
    if (!(value >= 0.0 && value < 1.0)) {
      throw new IllegalArgumentException("`restartProbability` must be in [0, 1), got " + value);
    }
    set(restartProbability, value);
    return this;
  }

  public RandomWalkSampler setJumpProbability(double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException("`jumpProbability` must be in [0, 1], got " + value);
    }
    set(jumpProbability, value);
    return this;
  }

  public RandomWalkSampler setMaxIter(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("`maxIter` must be >= 1, got " + value);
    }
    set(maxIter, value);
    return this;
  }

  public RandomWalkSampler setCheckpointInterval(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("`checkpointInterval` must be >= 1, got " + value);
    }
    set(checkpointInterval, value);
    return this;
  }

  /** The number of walkers used for a given target size. */
  public int effectiveWalkers(long target) {
    long w = getNumWalkers() == 0 ? (long) Math.ceil(Math.sqrt(target)) : getNumWalkers();
    return (int) Math.max(1, Math.min(w, target));
  }

  @Override
  protected Graph sample(Graph g, long n, long target) {
    SparkSession spark = g.vertices().sparkSession();
    long seed = getSeed();
    double pr = getRestartProbability();
    double pj = getJumpProbability();
    int walkers = effectiveWalkers(target);
    int parts = Math.max(1, spark.sessionState().conf().numShufflePartitions());
    LineageCutter cutter = new LineageCutter(spark, getCheckpointInterval());

    // Dense random permutation of the vertices: start vertices are indices 0..W-1, jumps pick a uniform index.
    Dataset<Row> index = DenseIndex.of(keyedVertices(g, SALT_ORDER), "idx", col("u"), col(Graph.ID))
        .select(Graph.ID, "idx");
    Dataset<Row> adjacency = g.edges().select(Graph.SRC, Graph.DST)
        .join(index.select(col(Graph.ID).as(Graph.SRC), col("idx").as("s")), Graph.SRC)
        .join(index.select(col(Graph.ID).as(Graph.DST), col("idx").as("d")), Graph.DST)
        .groupBy("s").agg(sort_array(collect_list(col("d"))).as("nbrs"))
        .repartition(parts, col("s"))
        .persist(StorageLevel.MEMORY_AND_DISK());

    Dataset<Row> walk = materialise(spark.range(walkers)
        .select(col("id").as("w"), col("id").as("start"), col("id").as("pos")));
    Dataset<Row> visited = walk.select(col("pos").as("idx"), lit(0L).as("t"), col("w"));
    long count = walkers;
    int step = 0;
    int batch = 0;
    // New visits per step, measured on the last batch (at most one per walker), and that batch's steps.
    double rate = walkers;
    int steps = 0;
    while (count < target && step < getMaxIter()) {
      batch++;
      steps = batchSteps(target - count, rate, steps, getMaxIter() - step);
      int first = step + 1;
      spark.sparkContext().setJobDescription("grasp: random walk steps " + first + "-" + (step + steps));
      // The walkers take `steps` steps in one plan, each step one join with the adjacency; every walker row carries
      // the positions it visited in this batch.
      Dataset<Row> moved = walk.select(col("w"), col("start"), col("pos"), array().cast("array<long>").as("path"));
      for (int k = 0; k < steps; k++) {
        step++;
        Column w = col("w");
        Column t = lit((long) step);
        Column r = Seeds.uniform(seed, w, t, lit(0L));
        Column deg = when(col("nbrs").isNull(), lit(0)).otherwise(size(col("nbrs")));
        Column jumpTo = floor(Seeds.uniform(seed, w, t, lit(1L)).multiply(n)).cast("long");
        Column moveTo = element_at(col("nbrs"),
            floor(Seeds.uniform(seed, w, t, lit(2L)).multiply(deg)).cast("int").plus(1));
        Column next = when(r.lt(pr), col("start"))
            .when(r.lt(pr + pj).or(deg.equalTo(0)), jumpTo)
            .otherwise(moveTo);
        moved = moved.join(adjacency, col("pos").equalTo(col("s")), "left_outer")
            .select(w, col("start"), next.as("pos"), col("path"))
            .select(w, col("start"), col("pos"), concat(col("path"), array(col("pos"))).as("path"));
      }
      // The batch's walker rows and new visits are materialised with their lineage cut: the next batch reads both.
      moved = materialise(moved);
      Dataset<Row> visits = moved.select(col("w"), posexplode(col("path")).as(new String[] {"k", "idx"}))
          .select(col("idx"), col("k").plus((long) first).as("t"), col("w"));
      Dataset<Row> fresh = materialise(visits.groupBy("idx").agg(min(struct(col("t"), col("w"))).as("f"))
          .join(visited.select(col("idx").as("seen")), col("idx").equalTo(col("seen")), "left_anti")
          .select(col("idx"), col("f.t").as("t"), col("f.w").as("w")));
      long added = fresh.count();
      walk = moved.select("w", "start", "pos");
      count += added;
      rate = (double) added / steps;
      visited = cutter.maybeCut(visited.union(fresh), batch);
      LOG.info("random walk steps {}-{}: {} new vertices, {} of {} visited ({} walkers)", first, step, added, count,
          target, walkers);
    }
    if (count < target) {
      LOG.warn("random walk stopped after maxIter = {} steps with {} of {} vertices; filling the rest with random "
          + "unvisited vertices", getMaxIter(), count, target);
    }
    // Unvisited vertices rank after every visit, in random order: they only fill a walk cut short by maxIter.
    Dataset<Row> fill = index.select(col("idx")).join(visited.select(col("idx").as("seen")),
            col("idx").equalTo(col("seen")), "left_anti")
        .select(col("idx"), lit((long) step + 1).as("t"), col("idx").as("w"));
    Dataset<Row> order = DenseIndex.of(visited.union(count < target ? fill : fill.limit(0)), "_rank",
        col("t"), col("w"), col("idx"));
    Dataset<Row> chosen = order.filter(col("_rank").lt(target))
        .join(index, "idx")
        .select(Graph.ID);
    Graph out = induced(g, materialise(chosen));
    adjacency.unpersist(false);
    return out;
  }

  /**
   * Steps of the next batch: those the {@code missing} vertices need at {@code rate} new visits per step, at least
   * twice the last batch's {@code previous} steps (which fell short: the rate of new visits falls as the walk goes
   * on, so the batches that finish a walk grow geometrically), at most {@link #MAX_BATCH} and the {@code left} steps.
   */
  static int batchSteps(long missing, double rate, int previous, int left) {
    double need = rate > 0 ? Math.ceil(missing / rate) : MAX_BATCH;
    double steps = Math.max(need, 2.0 * previous);
    return (int) Math.max(1, Math.min(Math.min(steps, MAX_BATCH), left));
  }
}
