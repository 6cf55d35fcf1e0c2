package dev.grasp.embedding.amg;

import static org.apache.spark.sql.functions.col;

import dev.grasp.graph.Graph;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Bootstrap-AMG clustering as a Spark ML {@link Estimator}: {@link #fit} clusters the graph given by an edge table
 * ({@code srcCol}, {@code dstCol}, optional {@code weightCol}; read as undirected) with {@link AmgClustering} on its
 * structure, and returns an {@link AmgClusteringModel} that holds the vertices' clusters. The clustering is
 * transductive: the model labels the vertices it was fitted on (attributed clustering: {@link AmgClustering#run(Graph,
 * Dataset)}).
 *
 * <p>Output of the fitted model's transform: the input rows plus {@code predictionCol int}. Cost: that of
 * {@link AmgClustering}.
 *
 * <p>Reference: D'Ambra, Vassilevski, Cutillo, "Extending Bootstrap AMG for clustering of attributed graphs",
 * Appl. Math. Comput. 447 (2023), arXiv:2109.09367.
 */
public final class AmgClusteringEstimator extends Estimator<AmgClusteringModel>
    implements AmgClusteringParams<AmgClusteringEstimator>, MLWritable {

  private final String uid;
  private final Shared shared;
  public final IntParam maxHierarchies;
  public final IntParam iterationsPerHierarchy;
  public final IntParam coarsestSize;
  public final DoubleParam convergenceRatio;
  public final LongParam seed;
  public final IntParam checkpointInterval;
  public final IntParam restarts;
  public final Param<String> srcCol;
  public final Param<String> dstCol;
  public final Param<String> weightCol;

  public AmgClusteringEstimator() {
    this(Identifiable.randomUID("amgClustering"));
  }

  public AmgClusteringEstimator(String uid) {
    this.uid = uid;
    shared = Shared.declare(this);
    maxHierarchies = new IntParam(this, "maxHierarchies", "bootstrap hierarchies = smooth vectors (>= 1)",
        ParamValidators.gtEq(1));
    iterationsPerHierarchy = new IntParam(this, "iterationsPerHierarchy",
        "composite-solver iterations after each new hierarchy (>= 1)", ParamValidators.gtEq(1));
    coarsestSize = new IntParam(this, "coarsestSize",
        "levels with at most this many vertices (and within the driver's entry budget, a quarter of its heap) are "
        + "solved in the driver: faster, the same result up to rounding (>= 2)",
        ParamValidators.gtEq(2));
    convergenceRatio = new DoubleParam(this, "convergenceRatio",
        "stop adding hierarchies below this composite convergence rate, in [0, 1)",
        ParamValidators.inRange(0.0, 1.0, true, false));
    seed = new LongParam(this, "seed", "seed of every random choice");
    checkpointInterval = new IntParam(this, "checkpointInterval",
        "cut the solver iterate's lineage every this many iterations (>= 0, 0 never)", ParamValidators.gtEq(0));
    restarts = new IntParam(this, "restarts", "k-means runs; the one of highest modularity is kept (>= 1)",
        ParamValidators.gtEq(1));
    srcCol = new Param<>(this, "srcCol", "edge source id column");
    dstCol = new Param<>(this, "dstCol", "edge destination id column");
    weightCol = new Param<>(this, "weightCol", "edge weight column; empty = every edge weighs 1");
    AmgParams d = AmgParams.defaults(2);
    setDefault(maxHierarchies, d.maxHierarchies());
    setDefault(iterationsPerHierarchy, d.iterationsPerHierarchy());
    setDefault(coarsestSize, d.coarsestSize());
    setDefault(convergenceRatio, d.convergenceRatio());
    setDefault(seed, d.seed());
    setDefault(checkpointInterval, d.checkpointInterval());
    setDefault(restarts, d.restarts());
    setDefault(srcCol, Graph.SRC);
    setDefault(dstCol, Graph.DST);
    setDefault(weightCol, "");
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Shared shared() {
    return shared;
  }

  // Spark ML finds params through public no-argument methods returning a Param (Params.params), not fields.

  public IntParam maxHierarchies() {
    return maxHierarchies;
  }

  public IntParam iterationsPerHierarchy() {
    return iterationsPerHierarchy;
  }

  public IntParam coarsestSize() {
    return coarsestSize;
  }

  public DoubleParam convergenceRatio() {
    return convergenceRatio;
  }

  public LongParam seed() {
    return seed;
  }

  public IntParam checkpointInterval() {
    return checkpointInterval;
  }

  public IntParam restarts() {
    return restarts;
  }

  public Param<String> srcCol() {
    return srcCol;
  }

  public Param<String> dstCol() {
    return dstCol;
  }

  public Param<String> weightCol() {
    return weightCol;
  }

  public AmgClusteringEstimator setK(int v) {
    set(k(), v);
    return this;
  }

  public AmgClusteringEstimator setMaxHierarchies(int v) {
    set(maxHierarchies, v);
    return this;
  }

  public AmgClusteringEstimator setIterationsPerHierarchy(int v) {
    set(iterationsPerHierarchy, v);
    return this;
  }

  public AmgClusteringEstimator setCoarsestSize(int v) {
    set(coarsestSize, v);
    return this;
  }

  public AmgClusteringEstimator setConvergenceRatio(double v) {
    set(convergenceRatio, v);
    return this;
  }

  public AmgClusteringEstimator setSeed(long v) {
    set(seed, v);
    return this;
  }

  public AmgClusteringEstimator setCheckpointInterval(int v) {
    set(checkpointInterval, v);
    return this;
  }

  public AmgClusteringEstimator setRestarts(int v) {
    set(restarts, v);
    return this;
  }

  public AmgClusteringEstimator setSrcCol(String v) {
    set(srcCol, v);
    return this;
  }

  public AmgClusteringEstimator setDstCol(String v) {
    set(dstCol, v);
    return this;
  }

  public AmgClusteringEstimator setWeightCol(String v) {
    set(weightCol, v);
    return this;
  }

  public int getMaxHierarchies() {
    return (Integer) $(maxHierarchies);
  }

  public long getSeed() {
    return (Long) $(seed);
  }

  /** The validated parameters record the library runs with. */
  public AmgParams amgParams() {
    return AmgParams.defaults(getK()).withMaxHierarchies(getMaxHierarchies())
        .withIterationsPerHierarchy((Integer) $(iterationsPerHierarchy)).withCoarsestSize((Integer) $(coarsestSize))
        .withConvergenceRatio((Double) $(convergenceRatio)).withSeed(getSeed())
        .withCheckpointInterval((Integer) $(checkpointInterval)).withRestarts((Integer) $(restarts))
        .withAttributeWeight(0.0).withUseEdgeWeights(!$(weightCol).isEmpty());
  }

  @Override
  public AmgClusteringModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    List<Column> cols = new java.util.ArrayList<>(List.of(col($(srcCol)).as(Graph.SRC), col($(dstCol)).as(Graph.DST)));
    if (!$(weightCol).isEmpty()) {
      cols.add(col($(weightCol)).as(Graph.WEIGHT));
    }
    Dataset<Row> edges = dataset.select(cols.toArray(new Column[0]));
    AmgClustering.Result r = AmgClustering.with(amgParams()).run(Graph.fromEdges(edges));
    AmgClusteringModel m = new AmgClusteringModel(uid, r.assignments())
        .setIdCol($(idCol())).setPredictionCol($(predictionCol())).setModularity(r.modularity());
    return copyValues(m, extractParamMap()).setParent(this);
  }

  /** Checks the edge columns; the fitted model's output schema is decided by the table it transforms. */
  @Override
  public StructType transformSchema(StructType schema) {
    List<String> have = Arrays.asList(schema.fieldNames());
    for (Param<String> p : List.of(srcCol, dstCol)) {
      if (!have.contains($(p))) {
        throw new IllegalArgumentException("`" + p.name() + "` column '" + $(p) + "' not found; columns: " + have);
      }
    }
    if (!$(weightCol).isEmpty() && !have.contains($(weightCol))) {
      throw new IllegalArgumentException("`weightCol` column '" + $(weightCol) + "' not found; columns: " + have);
    }
    return schema;
  }

  @Override
  public AmgClusteringEstimator copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  public static MLReader<AmgClusteringEstimator> read() {
    return new DefaultParamsReader<>();
  }

  public static AmgClusteringEstimator load(String path) {
    return read().load(path);
  }
}
