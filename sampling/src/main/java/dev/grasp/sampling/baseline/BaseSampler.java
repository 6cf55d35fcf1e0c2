package dev.grasp.sampling.baseline;

import static org.apache.spark.sql.functions.col;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.LineageCutter;
import dev.grasp.graph.util.Seeds;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.JavaParams;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What every baseline sampler shares: the params {@code ratio} (target fraction of vertices, in (0, 1]) and
 * {@code seed}; the target size round(ratio·|V|) (at least 1 for a non-empty graph); the induced subgraph on a
 * vertex set. A target of |V| or more returns the input graph itself; an empty graph returns itself.
 *
 * @param <S> the concrete sampler, returned by the setters
 */
public abstract class BaseSampler<S extends BaseSampler<S>> extends JavaParams implements GraphSampler {

  private final String uid;
  private final DoubleParam ratio;
  private final LongParam seed;

  protected BaseSampler(String uid) {
    this.uid = uid;
    this.ratio = new DoubleParam(this, "ratio", "target fraction of the vertices to keep, in (0, 1]",
        ParamValidators.<Object>inRange(0.0, 1.0, false, true));
    this.seed = new LongParam(this, "seed", "seed of every random draw (hashed with vertex/edge ids)");
    setDefault(this.ratio, 0.1);
    setDefault(this.seed, DEFAULT_SEED);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Params copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public DoubleParam ratio() {
    return ratio;
  }

  public LongParam seed() {
    return seed;
  }

  public double getRatio() {
    return (Double) getOrDefault(ratio);
  }

  public long getSeed() {
    return (Long) getOrDefault(seed);
  }

  /** Sets the target fraction of vertices, in (0, 1]. */
  public S setRatio(double value) {
    if (!(value > 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException("`ratio` must be in (0, 1], got " + value);
    }
    set(ratio, value);
    return self();
  }

  public S setSeed(long value) {
    set(seed, value);
    return self();
  }

  @SuppressWarnings("unchecked")
  protected final S self() {
    return (S) this;
  }

  /** The number of vertices a sample of an {@code n}-vertex graph should have at ratio {@code r}. */
  public static long targetSize(long n, double r) {
    if (n <= 0) {
      return 0;
    }
    return Math.min(n, Math.max(1L, Math.round(r * n)));
  }

  @Override
  public final Graph sample(Graph g) {
    long n = g.vertices().count();
    long target = targetSize(n, getRatio());
    if (target >= n) {
      return g;
    }
    g.vertices().sparkSession().sparkContext().setJobDescription(
        "grasp: " + getClass().getSimpleName() + " to " + target + " of " + n + " vertices");
    return sample(g, n, target);
  }

  /** Draws a sample with {@code target} of the {@code n} (&gt; target) vertices of {@code g}. */
  protected abstract Graph sample(Graph g, long n, long target);

  /** The subgraph of {@code g} induced by the vertex ids in column {@code id} of {@code ids} (attributes kept). */
  protected static Graph induced(Graph g, Dataset<Row> ids) {
    Dataset<Row> keep = ids.select(col(Graph.ID)).distinct();
    Dataset<Row> v = vertexSubset(g, keep);
    Dataset<Row> src = keep.select(col(Graph.ID).as("_s"));
    Dataset<Row> dst = keep.select(col(Graph.ID).as("_d"));
    Dataset<Row> e = g.edges()
        .join(src, col(Graph.SRC).equalTo(col("_s")), "left_semi")
        .join(dst, col(Graph.DST).equalTo(col("_d")), "left_semi");
    return new Graph(v, e);
  }

  /** The vertex rows of {@code g} whose id is in column {@code id} of {@code ids}. */
  protected static Dataset<Row> vertexSubset(Graph g, Dataset<Row> ids) {
    Dataset<Row> keep = ids.select(col(Graph.ID).as("_k"));
    return g.vertices().join(keep, col(Graph.ID).equalTo(col("_k")), "left_semi");
  }

  /**
   * {@code df} computed once and kept with its lineage cut ({@link LineageCutter#cutNow}: a reliable checkpoint on a
   * cluster, so that a lost executor does not take earlier rounds with it; a local one in local mode). Used for small
   * per-round deltas; long-lived unions are cut with {@link LineageCutter#maybeCut}.
   */
  protected static Dataset<Row> materialise(Dataset<Row> df) {
    return LineageCutter.cutNow(df);
  }

  /** Vertex ids with a uniform key in [0, 1) from (seed, id, salt): {@code id, u}. */
  protected final Dataset<Row> keyedVertices(Graph g, long salt) {
    return g.vertices().select(col(Graph.ID))
        .withColumn("u", Seeds.uniform(getSeed(), col(Graph.ID), org.apache.spark.sql.functions.lit(salt)));
  }
}
