package dev.grasp.sampling.baseline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

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
 * Forest fire sampling (FF of Leskovec &amp; Faloutsos, KDD 2006, with the burning process of Leskovec, Kleinberg &amp;
 * Faloutsos, KDD 2005): a fire starts at a random vertex; every vertex v that catches fire draws x and y,
 * geometrically distributed with means p_f/(1 − p_f) and p_b/(1 − p_b), p_b = p_f·{@code backwardRatio}, and sets
 * fire to x of its out-neighbours and y of its in-neighbours not yet burned, chosen uniformly (in order of the hash
 * h(seed, v, w)); the fire spreads round by round. When it dies out it is re-ignited at fresh random unburned
 * vertices, 2^k of them at the k-th re-ignition (capped at the vertices still missing), so that sink-heavy or
 * edgeless graphs need O(log target) re-ignitions rather than O(target). The sample is the subgraph induced by the
 * first {@code target} burned vertices, ranked by (round, hash) — exact size.
 *
 * <p>Defaults: p_f = 0.7, backward ratio 0.32 (p_b = 0.224), as in the KDD 2006 study. Draws are functions of
 * (seed, vertex) and (seed, v, w): independent of the partitioning. Each round is one join of the frontier with the
 * edges per direction, one anti-join with the burned set and a per-vertex {@code slice} of the sorted candidates:
 * O(edges of the frontier) shuffled per round. Each round's newly burned vertices are materialised (a reliable
 * checkpoint on a cluster, a local one in local mode: {@link LineageCutter#cutNow}); the union of all rounds is cut
 * every {@code checkpointInterval} rounds.
 */
public final class ForestFireSampler extends BaseSampler<ForestFireSampler> {

  private static final Logger LOG = LoggerFactory.getLogger(ForestFireSampler.class);
  private static final long SALT_ORDER = 4L;
  private static final long SALT_RANK = 5L;
  private static final long SALT_X = 6L;
  private static final long SALT_Y = 7L;
  private static final long SALT_OUT = 8L;
  private static final long SALT_IN = 9L;
  private static final int MAX_BURN_PER_VERTEX = 1 << 20;

  private final DoubleParam forwardProbability;
  private final DoubleParam backwardRatio;
  private final IntParam maxIter;
  private final IntParam checkpointInterval;

  public ForestFireSampler() {
    this(Identifiable$.MODULE$.randomUID("forestFireSampler"));
  }

  public ForestFireSampler(String uid) {
    super(uid);
    forwardProbability = new DoubleParam(this, "forwardProbability",
        "forward burning probability p_f, in [0, 1)", ParamValidators.<Object>inRange(0.0, 1.0, true, false));
    backwardRatio = new DoubleParam(this, "backwardRatio",
        "backward burning ratio r_b (p_b = p_f * r_b), in [0, 1]", ParamValidators.<Object>inRange(0.0, 1.0, true, true));
    maxIter = new IntParam(this, "maxIter", "maximum number of burning rounds (>= 1)", ParamValidators.<Object>gtEq(1));
    checkpointInterval = new IntParam(this, "checkpointInterval",
        "cut the lineage every this many rounds (>= 1)", ParamValidators.<Object>gtEq(1));
    setDefault(forwardProbability, 0.7);
    setDefault(backwardRatio, 0.32);
    setDefault(maxIter, 10_000);
    setDefault(checkpointInterval, 10);
  }

  public DoubleParam forwardProbability() {
    return forwardProbability;
  }

  public DoubleParam backwardRatio() {
    return backwardRatio;
  }

  public IntParam maxIter() {
    return maxIter;
  }

  public IntParam checkpointInterval() {
    return checkpointInterval;
  }

  public double getForwardProbability() {
    return (Double) getOrDefault(forwardProbability);
  }

  public double getBackwardRatio() {
    return (Double) getOrDefault(backwardRatio);
  }

  public int getMaxIter() {
    return (Integer) getOrDefault(maxIter);
  }

  public int getCheckpointInterval() {
    return (Integer) getOrDefault(checkpointInterval);
  }

  public ForestFireSampler setForwardProbability(double value) {
    if (!(value >= 0.0 && value < 1.0)) {
      throw new IllegalArgumentException("`forwardProbability` must be in [0, 1), got " + value);
    }
    set(forwardProbability, value);
    return this;
  }

  public ForestFireSampler setBackwardRatio(double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException("`backwardRatio` must be in [0, 1], got " + value);
    }
    set(backwardRatio, value);
    return this;
  }

  public ForestFireSampler setMaxIter(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("`maxIter` must be >= 1, got " + value);
    }
    set(maxIter, value);
    return this;
  }

  public ForestFireSampler setCheckpointInterval(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("`checkpointInterval` must be >= 1, got " + value);
    }
    set(checkpointInterval, value);
    return this;
  }

  /** A geometric draw with P(X ≥ k) = p^k (mean p / (1 − p)) from the uniform column {@code u} in [0, 1). */
  static Column geometric(Column u, double p) {
    if (p <= 0.0) {
      return lit(0);
    }
    return least(floor(log(lit(1.0).minus(u)).divide(Math.log(p))), lit((double) MAX_BURN_PER_VERTEX)).cast("int");
  }

  @Override
  protected Graph sample(Graph g, long n, long target) {
    SparkSession spark = g.vertices().sparkSession();
    long seed = getSeed();
    double pf = getForwardProbability();
    double pb = pf * getBackwardRatio();
    LineageCutter cutter = new LineageCutter(spark, getCheckpointInterval());

    Dataset<Row> order = DenseIndex.of(keyedVertices(g, SALT_ORDER), "idx", col("u"), col(Graph.ID))
        .select(Graph.ID, "idx");
    int parts = Math.max(1, spark.sessionState().conf().numShufflePartitions());
    Dataset<Row> edges = g.edges().select(Graph.SRC, Graph.DST)
        .filter(col(Graph.SRC).notEqual(col(Graph.DST)))
        .distinct();
    // Partitioned once by each endpoint, so that a round only shuffles its frontier.
    Dataset<Row> edgesBySrc = edges.repartition(parts, col(Graph.SRC)).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> edgesByDst = edges.repartition(parts, col(Graph.DST)).persist(StorageLevel.MEMORY_AND_DISK());

    Dataset<Row> burned = materialise(ignite(order, null, 1, 0));
    Dataset<Row> frontier = burned;
    long count = 1;
    long lastAdded = 1;
    int ignitions = 1;
    int round = 0;
    while (count < target && round < getMaxIter()) {
      round++;
      Dataset<Row> fresh;
      if (lastAdded == 0) {
        long k = Math.min(target - count, 1L << Math.min(ignitions, 30));
        spark.sparkContext().setJobDescription("grasp: forest fire round " + round + " (re-ignite " + k + ")");
        fresh = ignite(order, burned, k, round);
        ignitions++;
      } else {
        spark.sparkContext().setJobDescription("grasp: forest fire round " + round);
        Dataset<Row> fire = frontier.select(col(Graph.ID),
            geometric(Seeds.uniform(seed, col(Graph.ID), lit(SALT_X)), pf).as("x"),
            geometric(Seeds.uniform(seed, col(Graph.ID), lit(SALT_Y)), pb).as("y"));
        fresh = spread(fire, edgesBySrc, edgesByDst, burned, seed)
            .select(col(Graph.ID), lit((long) round).as("round"),
                Seeds.uniform(seed, col(Graph.ID), lit(SALT_RANK)).as("h"));
      }
      // Each round's delta is materialised with its lineage cut: it is read by the next round twice (frontier and
      // burned set), so an uncut plan would grow exponentially with the rounds.
      fresh = materialise(fresh);
      lastAdded = fresh.count();
      count += lastAdded;
      frontier = fresh;
      burned = cutter.maybeCut(burned.union(fresh), round);
      LOG.info("forest fire round {}: {} newly burned, {} of {} ({} ignitions)", round, lastAdded, count, target,
          ignitions);
    }
    if (count < target) {
      LOG.warn("forest fire stopped after maxIter = {} rounds with {} of {} vertices; filling the rest with random "
          + "unburned vertices", getMaxIter(), count, target);
      burned = burned.union(ignite(order, burned, target - count, round + 1));
    }
    Dataset<Row> ranked = DenseIndex.of(burned, "_rank", col("round"), col("h"), col(Graph.ID));
    Graph out = induced(g, materialise(ranked.filter(col("_rank").lt(target)).select(Graph.ID)));
    edgesBySrc.unpersist(false);
    edgesByDst.unpersist(false);
    return out;
  }

  /** The first {@code k} not yet burned vertices of the random order, as burned rows of {@code round}. */
  private Dataset<Row> ignite(Dataset<Row> order, Dataset<Row> burned, long k, int round) {
    Dataset<Row> candidates = burned == null ? order
        : order.join(burned.select(col(Graph.ID).as("_b")), col(Graph.ID).equalTo(col("_b")), "left_anti");
    Dataset<Row> first = k <= (1 << 20)
        ? candidates.orderBy(col("idx")).limit((int) k)
        : DenseIndex.of(candidates, "_r", col("idx")).filter(col("_r").lt(k)).drop("_r");
    return first.select(col(Graph.ID), lit((long) round).as("round"),
        Seeds.uniform(getSeed(), col(Graph.ID), lit(SALT_RANK)).as("h"));
  }

  /**
   * Vertices set on fire: each burning vertex takes the first x of its unburned out-neighbours and the first y of its
   * unburned in-neighbours, each list in hash order. Output: {@code id} (distinct).
   */
  private static Dataset<Row> spread(Dataset<Row> fire, Dataset<Row> edgesBySrc, Dataset<Row> edgesByDst,
      Dataset<Row> burned, long seed) {
    Dataset<Row> forward = fire.filter(col("x").gt(0))
        .join(edgesBySrc, col(Graph.ID).equalTo(col(Graph.SRC)))
        .select(col(Graph.SRC).as("_from"), col(Graph.DST).as("_to"), col("x").as("_k"), lit(SALT_OUT).as("_dir"));
    Dataset<Row> backward = fire.filter(col("y").gt(0))
        .join(edgesByDst, col(Graph.ID).equalTo(col(Graph.DST)))
        .select(col(Graph.DST).as("_from"), col(Graph.SRC).as("_to"), col("y").as("_k"), lit(SALT_IN).as("_dir"));
    return forward.union(backward)
        .join(burned.select(col(Graph.ID).as("_b")), col("_to").equalTo(col("_b")), "left_anti")
        .groupBy("_from", "_dir", "_k")
        .agg(sort_array(collect_list(struct(
            Seeds.hash(seed, col("_from"), col("_to"), col("_dir")).as("h"), col("_to").as("v")))).as("_c"))
        .select(explode(slice(col("_c"), lit(1), col("_k"))).as("_e"))
        .select(col("_e.v").as(Graph.ID))
        .distinct();
  }
}
