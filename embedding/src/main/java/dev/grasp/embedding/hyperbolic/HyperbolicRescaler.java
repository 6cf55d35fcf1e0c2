package dev.grasp.embedding.hyperbolic;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.Graph;
import dev.grasp.graph.linalg.Engine;
import dev.grasp.graph.linalg.WideSum;
import dev.grasp.graph.util.DriverLocal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns a block-diagonal Möbius scaling M of Euclidean embeddings mapped into the Poincaré ball (H4G-style radius
 * rescaling): h = M ⊗ exp₀(inputScale·e).
 *
 * <p>The input of {@link #fit} is the <b>embeddings</b> DataFrame ({@code idCol: long}, {@code inputCol:
 * array<double|float>}, e.g. FastRP's output), so that the fitted model transforms the same table in a Pipeline. The
 * training edges ({@code src, dst}) are given with {@link #setTrainingEdges} (a DataFrame, so not a param: a saved
 * unfitted estimator keeps its params but not its edges). Modes:
 * <ul>
 *   <li>{@code target-radius}: one global scale s, found by Newton's method on the piecewise-linear mean radius, so
 *       that the mean of d(0, h) over all nodes equals {@code targetRadius} (no edges needed);</li>
 *   <li>{@code fit}: starting from that global scale, Adam on the log-scales θ (one per block, or per dimension for
 *       {@code blockType = diagonal}) and on the Fermi-Dirac decoder's r and log t, minimising mean edge loss + mean
 *       sampled non-edge loss + radiusPenalty·mean squared radius (see {@link RescalerObjective}); the iterate with
 *       the lowest objective among those evaluated is kept;</li>
 *   <li>{@code identity}: M = I (the unscaled map, a baseline).</li>
 * </ul>
 * A single fitted global scale is {@code mode = fit} with {@code blockSize = d}.
 *
 * <p>Output: {@link HyperbolicRescalerModel}. Complexity: target-radius O(|V|·d) per Newton step (a few steps);
 * fit O(|E|·(1 + negativeSamples)·d) once to build the pair table (|E| capped at about maxTrainingEdges by a seeded
 * hash sample of the edges; negatives still avoid every training edge), then O(pairs·K) per iteration, one aggregation each
 * (the lineage does not grow, so there is nothing to checkpoint). Deterministic for a seed: negatives are a hash of
 * (seed, edge, k) and sums are exact decimals. References: H4G (arXiv 2510.12094, abstract only: learnable
 * block-diagonal scaling by Möbius matrix multiplication shrinks over-abstracted radii); Chami et al., HGCN,
 * NeurIPS 2019 (Fermi-Dirac decoder); Kingma &amp; Ba, Adam, ICLR 2015.
 */
public final class HyperbolicRescaler extends Estimator<HyperbolicRescalerModel>
    implements HyperbolicParams<HyperbolicRescaler>, MLWritable {

  public static final String SCALAR = "scalar";
  public static final String DIAGONAL = "diagonal";
  /** {@code inputNorm}: the embeddings as they are. */
  public static final String NORM_NONE = "none";
  /** {@code inputNorm}: each embedding divided by its Euclidean norm before the map. */
  public static final String NORM_UNIT = "unit";
  public static final String FIT = "fit";
  public static final String TARGET_RADIUS = "target-radius";
  public static final String IDENTITY = "identity";

  private static final Logger LOG = LoggerFactory.getLogger(HyperbolicRescaler.class);
  private static final double MAX_LOG_SCALE = 50;

  private final String uid;
  private final Shared shared;
  private Dataset<Row> trainingEdges;
  public final Param<String> idCol;
  public final Param<String> mode;
  public final DoubleParam targetRadius;
  public final DoubleParam radiusPenalty;
  public final IntParam maxIter;
  public final DoubleParam stepSize;
  public final IntParam negativeSamples;
  public final LongParam maxTrainingEdges;
  public final LongParam seed;

  public HyperbolicRescaler() {
    this(Identifiable$.MODULE$.randomUID("hyperbolicRescaler"));
  }

  public HyperbolicRescaler(String uid) {
    this.uid = uid;
    shared = Shared.declare(this);
    idCol = new Param<>(this, "idCol", "node id column of the embeddings (long), matched to the edges' src/dst");
    mode = new Param<>(this, "mode",
        "fit (learn the scales on link prediction), target-radius (one closed-form global scale) or identity (M = I)",
        ParamValidators.inArray(new String[] {FIT, TARGET_RADIUS, IDENTITY}));
    targetRadius = new DoubleParam(this, "targetRadius",
        "mean hyperbolic radius of target-radius mode, also fit's starting point (> 0, below the clamped maximum)",
        ParamValidators.gt(0.0));
    radiusPenalty = new DoubleParam(this, "radiusPenalty", "weight λ of the mean squared radius in fit's objective "
        + "(>= 0)", ParamValidators.gtEq(0.0));
    maxIter = new IntParam(this, "maxIter", "Adam iterations of fit mode (>= 0)", ParamValidators.gtEq(0));
    stepSize = new DoubleParam(this, "stepSize", "Adam learning rate (> 0)", ParamValidators.gt(0.0));
    negativeSamples = new IntParam(this, "negativeSamples", "sampled non-edges per training edge (>= 1)",
        ParamValidators.gtEq(1));
    maxTrainingEdges = new LongParam(this, "maxTrainingEdges", "fit on about this many distinct training edges, a "
        + "seeded hash sample when there are more (0 = all; >= 0)", ParamValidators.gtEq(0));
    seed = new LongParam(this, "seed", "seed of the non-edge sampling and of the training-edge sample");
    setDefault(idCol, Graph.ID);
    setDefault(mode, FIT);
    setDefault(targetRadius, 2.0);
    setDefault(radiusPenalty, 0.01);
    setDefault(maxIter, 50);
    setDefault(stepSize, 0.05);
    setDefault(negativeSamples, 5);
    setDefault(maxTrainingEdges, 1_000_000L);
    setDefault(seed, 42L);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Shared shared() {
    return shared;
  }

  // ---- params as methods: Spark ML discovers params by reflection over public no-arg methods ----------------------

  public Param<String> idCol() {
    return idCol;
  }

  public Param<String> mode() {
    return mode;
  }

  public DoubleParam targetRadius() {
    return targetRadius;
  }

  public DoubleParam radiusPenalty() {
    return radiusPenalty;
  }

  public IntParam maxIter() {
    return maxIter;
  }

  public DoubleParam stepSize() {
    return stepSize;
  }

  public IntParam negativeSamples() {
    return negativeSamples;
  }

  public LongParam maxTrainingEdges() {
    return maxTrainingEdges;
  }

  public LongParam seed() {
    return seed;
  }

  // ---- setters ------------------------------------------------------------------------------------------------------

  public HyperbolicRescaler setIdCol(String v) {
    set(idCol, v);
    return this;
  }

  public HyperbolicRescaler setBlockSize(int v) {
    set(blockSize(), v);
    return this;
  }

  public HyperbolicRescaler setBlockType(String v) {
    set(blockType(), lower("blockType", v, SCALAR, DIAGONAL));
    return this;
  }

  public HyperbolicRescaler setMode(String v) {
    set(mode, lower("mode", v, FIT, TARGET_RADIUS, IDENTITY));
    return this;
  }

  /** {@code v} in lower case; a null names the param and its values (the validator then checks the value). */
  private static String lower(String param, String v, String... values) {
    if (v == null) {
      throw new IllegalArgumentException("`" + param + "` must be one of " + String.join(", ", values) + "; got null");
    }
    return v.toLowerCase(Locale.ROOT);
  }

  public HyperbolicRescaler setTargetRadius(double v) {
    set(targetRadius, v);
    return this;
  }

  public HyperbolicRescaler setRadiusPenalty(double v) {
    set(radiusPenalty, v);
    return this;
  }

  public HyperbolicRescaler setMaxIter(int v) {
    set(maxIter, v);
    return this;
  }

  public HyperbolicRescaler setStepSize(double v) {
    set(stepSize, v);
    return this;
  }

  public HyperbolicRescaler setNegativeSamples(int v) {
    set(negativeSamples, v);
    return this;
  }

  public HyperbolicRescaler setMaxTrainingEdges(long v) {
    set(maxTrainingEdges, v);
    return this;
  }

  public HyperbolicRescaler setSeed(long v) {
    set(seed, v);
    return this;
  }

  /** The training edges ({@code src, dst}, ids as in {@code idCol}) used by {@code mode = fit}. */
  public HyperbolicRescaler setTrainingEdges(Dataset<Row> edges) {
    if (edges != null) {
      List<String> cols = Arrays.asList(edges.columns());
      if (!cols.contains(Graph.SRC) || !cols.contains(Graph.DST)) {
        throw new IllegalArgumentException("`trainingEdges` must have columns src and dst; columns present: "
            + String.join(", ", edges.columns()));
      }
    }
    this.trainingEdges = edges;
    return this;
  }

  public Dataset<Row> getTrainingEdges() {
    return trainingEdges;
  }

  // ---- getters ------------------------------------------------------------------------------------------------------

  public String getIdCol() {
    return getOrDefault(idCol);
  }

  public String getMode() {
    return getOrDefault(mode);
  }

  public double getTargetRadius() {
    return (Double) getOrDefault(targetRadius);
  }

  public double getRadiusPenalty() {
    return (Double) getOrDefault(radiusPenalty);
  }

  public int getMaxIter() {
    return (Integer) getOrDefault(maxIter);
  }

  public double getStepSize() {
    return (Double) getOrDefault(stepSize);
  }

  public int getNegativeSamples() {
    return (Integer) getOrDefault(negativeSamples);
  }

  public long getMaxTrainingEdges() {
    return (Long) getOrDefault(maxTrainingEdges);
  }

  public long getSeed() {
    return (Long) getOrDefault(seed);
  }

  // ---- fitting ------------------------------------------------------------------------------------------------------

  @Override
  public HyperbolicRescalerModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    if (!Arrays.asList(dataset.columns()).contains(getIdCol())) {
      throw new IllegalArgumentException("`idCol` '" + getIdCol() + "' is not a column; columns present: "
          + String.join(", ", dataset.columns()));
    }
    String m = getMode();
    if (FIT.equals(m) && trainingEdges == null) {
      throw new IllegalArgumentException("`trainingEdges` must be set when `mode` is fit, got none");
    }
    var sc = dataset.sparkSession().sparkContext();
    Engine engine = Engine.of(dataset.sparkSession());
    long driverBytes = DriverLocal.maxBytes(dataset.sparkSession());
    PoincareBall ball = new PoincareBall(getCurvature());
    double k = getInputScale();
    Dataset<Row> emb = dataset.select(col(getIdCol()).cast("long").as(Graph.ID),
        col(getInputCol()).cast("array<double>").as("e")).where(col("e").isNotNull());
    sc.setJobDescription("hyperbolic rescaler: dimension check");
    Row dims = emb.agg(min(size(col("e"))), max(size(col("e"))), count(lit(1))).first();
    if (dims.getLong(2) == 0) {
      throw new IllegalArgumentException("the embeddings DataFrame must have at least one non-null `inputCol` row, "
          + "got none");
    }
    int d = dims.getInt(0);
    if (d != dims.getInt(1)) {
      throw new IllegalArgumentException("`inputCol` arrays must all have the same length, got lengths from " + d
          + " to " + dims.getInt(1));
    }
    if (unitInput()) {
      emb = emb.select(col(Graph.ID), PoincareBall.unit(col("e"), d).as("e"));
    }
    HyperbolicRescalerModel model = unfitted(d);
    if (IDENTITY.equals(m)) {
      return model;
    }
    long count = dims.getLong(2);
    DriverInput local = engine == Engine.CPU
        ? DriverInput.collect(emb, count, d, k, FIT.equals(m) ? trainingEdges : null, driverBytes) : null;
    if (local != null) {
      return fitLocal(model, local, sc);
    }
    double s0 = startScale(emb, count, d, ball);
    int blocks = model.getScales().length;
    if (TARGET_RADIUS.equals(m)) {
      return model.setScales(filled(blocks, s0));
    }
    sc.setJobDescription("hyperbolic rescaler: pair table");
    Dataset<Row> scaledEmb = emb.select(col(Graph.ID), org.apache.spark.sql.functions.transform(col("e"),
        x -> x.multiply(k)).as("v"));
    RescalerObjective obj = RescalerObjective.build(scaledEmb, trainingEdges, blockOf(model), blocks, ball,
        getRadiusPenalty(), getNegativeSamples(), getSeed(), getMaxTrainingEdges(), engine, driverBytes);
    try {
      return fitScales(obj, model, blocks, s0, sc);
    } finally {
      obj.unpersist();
    }
  }

  /**
   * {@link #fit} on embeddings and training edges held in the driver, with no Spark session: {@code vectors[i]} is the
   * embedding of {@code ids[i]} (ids distinct, any order); {@code src}, {@code dst} the training edges (needed for
   * {@code mode = fit}, ignored otherwise). The same checks, start scale, pair draws, sums and Adam steps as the
   * driver path of {@link #fit} on the CPU engine, so both give the same model (HyperbolicRescalerTest).
   */
  public HyperbolicRescalerModel fitInDriver(long[] ids, double[][] vectors, long[] src, long[] dst) {
    String m = getMode();
    if (ids.length == 0) {
      throw new IllegalArgumentException("the embeddings must have at least one non-null `inputCol` row, got none");
    }
    int d = vectors[0].length;
    for (double[] v : vectors) {
      if (v.length != d) {
        throw new IllegalArgumentException("`inputCol` arrays must all have the same length, got lengths "
            + Math.min(d, v.length) + " and " + Math.max(d, v.length));
      }
    }
    if (FIT.equals(m) && src == null) {
      throw new IllegalArgumentException("`trainingEdges` must be set when `mode` is fit, got none");
    }
    HyperbolicRescalerModel model = unfitted(d);
    if (IDENTITY.equals(m)) {
      return model;
    }
    double[][] in = vectors;
    if (unitInput()) {
      in = new double[vectors.length][];
      for (int i = 0; i < vectors.length; i++) {
        in[i] = PoincareBall.unit(vectors[i]);
      }
    }
    DriverInput local = DriverInput.of(ids, in, getInputScale(), FIT.equals(m) ? src : null,
        FIT.equals(m) ? dst : null);
    if (local == null) {
      throw new IllegalArgumentException("the embeddings' ids must be distinct, got a repeated id");
    }
    return fitLocal(model, local, null);
  }

  /** An identity model of dimension d with this estimator's params; checks that the block size divides d. */
  private HyperbolicRescalerModel unfitted(int d) {
    int b = getBlockSize();
    requireDivides(d, b);
    int blocks = DIAGONAL.equals(getBlockType()) ? d : d / b;
    HyperbolicRescalerModel model = HyperbolicRescalerModel.of(d, b, getBlockType(), filled(blocks, 1.0));
    copyValues(model, ParamMap.empty());
    model.setParent(this);
    return model;
  }

  /** Block index of every dimension. */
  private int[] blockOf(HyperbolicRescalerModel model) {
    int d = model.getDimension();
    boolean diagonal = DIAGONAL.equals(getBlockType());
    int[] blockOf = new int[d];
    for (int i = 0; i < d; i++) {
      blockOf[i] = diagonal ? i : i / getBlockSize();
    }
    return blockOf;
  }

  /** Target-radius or fit mode on inputs in the driver; {@code sc} (may be null) only labels the jobs. */
  private HyperbolicRescalerModel fitLocal(HyperbolicRescalerModel model, DriverInput local,
      org.apache.spark.SparkContext sc) {
    PoincareBall ball = new PoincareBall(getCurvature());
    double s0 = targetRadiusScale(null, local.norms(), local.ids().length, ball, getTargetRadius());
    int blocks = model.getScales().length;
    if (TARGET_RADIUS.equals(getMode())) {
      return model.setScales(filled(blocks, s0));
    }
    RescalerObjective obj = RescalerObjective.buildInDriver(local.ids(), local.vectors(), local.src(), local.dst(),
        blockOf(model), blocks, ball, getRadiusPenalty(), getNegativeSamples(), getSeed(), getMaxTrainingEdges());
    try {
      return fitScales(obj, model, blocks, s0, sc);
    } finally {
      obj.unpersist();
    }
  }

  /** The target-radius scale from a cached column of the norms. */
  private double startScale(Dataset<Row> emb, long count, int d, PoincareBall ball) {
    Column[] comps = new Column[d];
    for (int i = 0; i < d; i++) {
      comps[i] = col("e").getItem(i).multiply(getInputScale());
    }
    Dataset<Row> norms = emb.select(PoincareBall.norm(comps).as("n")).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return targetRadiusScale(norms, null, count, ball, getTargetRadius());
    } finally {
      norms.unpersist();
    }
  }

  private HyperbolicRescalerModel fitScales(RescalerObjective obj, HyperbolicRescalerModel model, int blocks,
      double s0, org.apache.spark.SparkContext sc) {
    int n = blocks + 2;
    double[] theta = new double[n];
    Arrays.fill(theta, 0, blocks, Math.log(s0));
    describe(sc, "hyperbolic rescaler: decoder initialisation");
    double[] md = obj.meanSquaredDistances(Arrays.copyOf(theta, blocks));
    // r between the two mean squared distances, t a quarter of their gap: a calibrated but unbiased start.
    theta[blocks] = (md[0] + md[1]) / 2;
    theta[blocks + 1] = Math.log(Math.max(Math.abs(md[1] - md[0]) / 4, 1e-3));
    LOG.info("hyperbolic rescaler: {} edges, {} non-edges, {} blocks, start scale {}, mean d² edges {} non-edges {}, "
        + "engine {}", obj.positives(), obj.negatives(), blocks, s0, md[0], md[1], obj.placement());
    double[] mom = new double[n];
    double[] vel = new double[n];
    double beta1 = 0.9;
    double beta2 = 0.999;
    double lr = getStepSize();
    double[] best = theta.clone();
    double bestLoss = Double.POSITIVE_INFINITY;
    List<Double> history = new ArrayList<>();
    for (int it = 1; it <= getMaxIter(); it++) {
      describe(sc, "hyperbolic rescaler: iteration " + it);
      RescalerObjective.Value v = obj.evaluate(Arrays.copyOf(theta, blocks), theta[blocks], theta[blocks + 1]);
      history.add(v.loss());
      double gnorm = 0;
      for (double g : v.gradient()) {
        gnorm += g * g;
      }
      LOG.info("hyperbolic rescaler iteration {}: loss {} |grad| {}", it, v.loss(), Math.sqrt(gnorm));
      if (v.loss() < bestLoss) {
        bestLoss = v.loss();
        best = theta.clone();
      }
      // Adam (Kingma & Ba 2015), bias-corrected.
      for (int i = 0; i < n; i++) {
        double g = v.gradient()[i];
        mom[i] = beta1 * mom[i] + (1 - beta1) * g;
        vel[i] = beta2 * vel[i] + (1 - beta2) * g * g;
        double mHat = mom[i] / (1 - Math.pow(beta1, it));
        double vHat = vel[i] / (1 - Math.pow(beta2, it));
        theta[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
      }
      for (int i = 0; i < blocks; i++) {
        theta[i] = Math.max(-MAX_LOG_SCALE, Math.min(MAX_LOG_SCALE, theta[i]));
      }
    }
    describe(sc, null);
    double[] s = new double[blocks];
    for (int i = 0; i < blocks; i++) {
      s[i] = Math.exp(best[i]);
    }
    double[] loss = history.stream().mapToDouble(Double::doubleValue).toArray();
    return model.setScales(s).setFitted(best[blocks], Math.exp(best[blocks + 1]), loss, obj.positives(),
        obj.negatives());
  }

  /**
   * The global scale s with mean over nodes of 2·min(√c·s·n, artanh(1 − ε))/√c = target (n = ‖inputScale·e‖): the
   * mean radius is concave and piecewise linear in s, so Newton's method from s₀ = target/(2·mean n) (a lower bound)
   * increases monotonically to the root. The sums are {@link WideSum}s over the norms in the driver ({@code local},
   * when not null) or over the column {@code n} of {@code norms}, one aggregation a step; both give the same bits.
   */
  static double targetRadiusScale(Dataset<Row> norms, double[] local, long count, PoincareBall ball, double target) {
    double sc = ball.sqrtC();
    double cap = PoincareBall.MAX_TANGENT;
    if (!(target < ball.maxRadius())) {
      throw new IllegalArgumentException("`targetRadius` must be below the largest radius " + ball.maxRadius()
          + " of the clamped ball of curvature " + ball.curvature() + ", got " + target);
    }
    double meanN;
    if (local != null) {
      WideSum.Acc acc = new WideSum.Acc();
      for (double n : local) {
        acc.add(n);
      }
      meanN = acc.value("the sum of the embedding norms") / count;
    } else {
      Column[] total = WideSum.sum(col("n"));
      meanN = WideSum.value(norms.agg(total[0], total[1], total[2]).first(), 0, "the sum of the embedding norms")
          / count;
    }
    if (!(meanN > 0)) {
      throw new IllegalArgumentException("`inputCol` embeddings must not all be zero vectors for `mode` "
          + "target-radius or fit, got mean norm " + meanN);
    }
    double s = target / (2 * meanN);
    for (int it = 0; it < 100; it++) {
      double[] sums = local != null ? radiusSums(local, s, sc, cap) : radiusSums(norms, s, sc, cap);
      double mean = sums[0] / count;
      double slope = sums[1] / count;
      if (Math.abs(target - mean) <= 1e-12 * target || !(slope > 0)) {
        break;
      }
      s += (target - mean) / slope;
    }
    return s;
  }

  /** Σ radius and Σ ∂radius/∂s at scale s, in one aggregation. */
  private static double[] radiusSums(Dataset<Row> norms, double s, double sc, double cap) {
    Column free = col("n").multiply(sc * s).lt(cap);
    Column[] radius = WideSum.sum(when(free, col("n").multiply(2 * s)).otherwise(lit(2 * cap / sc)));
    Column[] slope = WideSum.sum(when(free, col("n").multiply(2.0)).otherwise(lit(0.0)));
    Row r = norms.agg(radius[0], radius[1], radius[2], slope[0], slope[1], slope[2]).first();
    return new double[] {WideSum.value(r, 0, "the sum of the radii"), WideSum.value(r, 3, "the sum of the slopes")};
  }

  /** The driver twin of {@link #radiusSums(Dataset, double, double, double)}. */
  private static double[] radiusSums(double[] norms, double s, double sc, double cap) {
    WideSum.Acc radius = new WideSum.Acc();
    WideSum.Acc slope = new WideSum.Acc();
    for (double n : norms) {
      boolean free = n * (sc * s) < cap;
      radius.add(free ? n * (2 * s) : 2 * cap / sc);
      slope.add(free ? n * 2.0 : 0.0);
    }
    return new double[] {radius.value("the sum of the radii"), slope.value("the sum of the slopes")};
  }

  static void requireDivides(int d, int b) {
    if (b < 1 || d % b != 0) {
      throw new IllegalArgumentException("`blockSize` must divide the embedding dimension d = " + d + ", got blockSize = "
          + b);
    }
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }

  private static void describe(org.apache.spark.SparkContext sc, String what) {
    if (sc != null) {
      sc.setJobDescription(what);
    }
  }

  @Override
  public org.apache.spark.sql.types.StructType transformSchema(org.apache.spark.sql.types.StructType schema) {
    return HyperbolicRescalerModel.outputSchema(schema, getInputCol(), getOutputCol(), getRadiusCol());
  }

  @Override
  public HyperbolicRescaler copy(ParamMap extra) {
    HyperbolicRescaler c = defaultCopy(extra);
    c.trainingEdges = trainingEdges;
    return c;
  }

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  public static MLReader<HyperbolicRescaler> read() {
    return new DefaultParamsReader<>();
  }

  public static HyperbolicRescaler load(String path) {
    return read().load(path);
  }
}
