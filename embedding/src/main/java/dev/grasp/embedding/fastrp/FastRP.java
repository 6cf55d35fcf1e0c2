package dev.grasp.embedding.fastrp;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_repeat;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.DriverCopy;
import dev.grasp.graph.Graph;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import dev.grasp.graph.io.DriverTables;
import dev.grasp.graph.linalg.Engine;
import dev.grasp.graph.linalg.FixedPoint;
import dev.grasp.graph.linalg.SparseOperator;
import dev.grasp.graph.util.DriverLocal;
import dev.grasp.graph.util.LineageCutter;
import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FastRP node embeddings by very sparse random projection and propagation along the row-normalised transition matrix.
 *
 * <p>With S the (oriented, optionally weighted) adjacency, deg its row sums, A = D⁻¹S, L = diag(deg^β) and R the very
 * sparse random matrix (entries ±√(s/d) with probability 1/(2s) each): N₁ = A·L·R, N_i = A·N_{i−1} (propagated
 * unnormalised, as the reference code), E = Σ α_i · rowL2(N_i) + nodeSelfInfluence · rowL2(R), then optionally
 * column standardisation. Row i of R is a pure function of (seed, id): Seeds.uniform(seed, 0, id, j) decides entry j;
 * with node features, the last ⌊d·propertyRatio⌋ dimensions of R's row are Σ_f x_f·P_f where P_f[j] is drawn the
 * same way from Seeds.uniform(seed, 1, f, j).
 *
 * <p>As a Pipeline stage the input of {@link #transform} is an <b>edges</b> DataFrame ({@code src, dst[, weightCol]});
 * the node set is the edge endpoints. {@link #embed(Graph)} takes a full graph (isolated vertices, feature columns
 * on the vertices). Output: {@code id: long, <outputCol>: array<double>} (a Spark ML vector when
 * {@code outputType = vector}), one row per vertex; the result is cached (unpersist it when done). Isolated nodes
 * (and nodes with no out-neighbour under the orientation) get the zero vector unless {@code nodeSelfInfluence > 0}.
 * Degree-0 nodes use the factor 1 instead of 0^β. Edge endpoints outside the vertex set contribute nothing.
 *
 * <p>Determinism: the random vectors are a pure function of (seed, id), and every sum over edges or vertices is a
 * fixed-point sum ({@link FixedPoint}: terms scaled to {@code long}s at a scale from a bound that is itself a pure
 * function of the data), so the output is the same bits for any partitioning and shuffle order.
 *
 * <p>Complexity: q = |iterationWeights| rounds, each one join of the edges with the d-dimensional vectors and one
 * aggregation, plus one pass over the vectors for the round's max |x|: O(q·(|E|·d + |V|·d)) work, 2 shuffles per
 * round. Reference: Chen et al., "Fast and Accurate Network
 * Embeddings via Very Sparse Random Projection", CIKM 2019 (code: GTmac/FastRP); parameters as Neo4j GDS FastRP.
 */
public final class FastRP extends Transformer implements DefaultParamsWritable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FastRP.class);

  public static final String NATURAL = "NATURAL";
  public static final String REVERSE = "REVERSE";
  public static final String UNDIRECTED = "UNDIRECTED";
  /** Sparsity value selecting s = √|V| as in the paper and the reference code. */
  public static final String SQRT_N = "sqrtN";
  /** Propagation by d sum columns in one aggregation (fastest measured; RAPIDS-eligible). */
  public static final String COLUMNS = "columns";
  /** Propagation by posexplode, groupBy(node, position), collect_list + sort_array (RAPIDS-eligible). */
  public static final String EXPLODE = "explode";
  public static final String ARRAY = "array";
  public static final String VECTOR = "vector";

  /** Hash domains keep node vectors and feature vectors independent for the same seed. */
  static final long NODE_DOMAIN = 0L;
  static final long FEATURE_DOMAIN = 1L;

  private static final String I = "i";
  private static final String J = "j";
  private static final String P = "p";
  private static final String X = "x";
  private static final String NORM = "norm";
  private static final String ACC = "acc";

  private final String uid;

  public final IntParam dimension;
  public final DoubleArrayParam iterationWeights;
  public final DoubleParam normalizationStrength;
  public final DoubleParam nodeSelfInfluence;
  public final Param<String> sparsity;
  public final Param<String> orientation;
  public final Param<String> weightCol;
  public final StringArrayParam featureCols;
  public final DoubleParam propertyRatio;
  public final BooleanParam standardize;
  public final LongParam seed;
  public final Param<String> outputCol;
  public final Param<String> outputType;
  public final Param<String> propagation;
  public final IntParam checkpointInterval;

  public FastRP() {
    this(Identifiable$.MODULE$.randomUID("fastrp"));
  }

  public FastRP(String uid) {
    this.uid = uid;
    dimension = new IntParam(this, "dimension",
        "embedding dimension d (>= 1)", ParamValidators.gtEq(1));
    iterationWeights = new DoubleArrayParam(this, "iterationWeights",
        "weights α_1..α_q of the propagated matrices N_1..N_q; its length is the number of propagation steps q (>= 1)");
    normalizationStrength = new DoubleParam(this, "normalizationStrength",
        "β in L = diag(deg^β) applied to the random vectors (finite; typically in [-1, 0])");
    nodeSelfInfluence = new DoubleParam(this, "nodeSelfInfluence",
        "weight of the L2-normalised initial random vector added to the embedding (>= 0)", ParamValidators.gtEq(0));
    sparsity = new Param<>(this, "sparsity",
        "s of the very sparse projection: a number >= 1 (entries ±sqrt(s/d) with probability 1/(2s)), or 'sqrtN' "
        + "for s = sqrt(|V|)");
    orientation = new Param<>(this, "orientation",
        "NATURAL (a node aggregates its out-neighbours), REVERSE (in-neighbours) or UNDIRECTED (S = A + Aᵀ)",
        ParamValidators.inArray(new String[] {NATURAL, REVERSE, UNDIRECTED}));
    weightCol = new Param<>(this, "weightCol",
        "edge weight column (non-negative); unset means every edge weighs 1");
    featureCols = new StringArrayParam(this, "featureCols",
        "vertex feature columns (numeric or array of numeric) projected into the last ⌊d·propertyRatio⌋ dimensions");
    propertyRatio = new DoubleParam(this, "propertyRatio",
        "share of the dimensions taken by the feature projection, in [0, 1]", ParamValidators.inRange(0.0, 1.0));
    standardize = new BooleanParam(this, "standardize",
        "standardise each output column to zero mean and unit (population) variance, as the reference code");
    seed = new LongParam(this, "seed", "random seed; node vectors are a function of (seed, id)");
    outputCol = new Param<>(this, "outputCol", "output embedding column");
    outputType = new Param<>(this, "outputType",
        "array (array<double>) or vector (Spark ML vector, converted at the end)",
        ParamValidators.inArray(new String[] {ARRAY, VECTOR}));
    propagation = new Param<>(this, "propagation",
        "columns (d sum columns in one aggregation) or explode (posexplode + groupBy(node, position))",
        ParamValidators.inArray(new String[] {COLUMNS, EXPLODE}));
    checkpointInterval = new IntParam(this, "checkpointInterval",
        "cut the lineage every this many rounds (<= 0: never)");
    setDefault(dimension, 128);
    setDefault(iterationWeights, new double[] {0.0, 0.0, 1.0, 1.0});
    setDefault(normalizationStrength, -0.5);
    setDefault(nodeSelfInfluence, 0.0);
    setDefault(sparsity, "3");
    setDefault(orientation, UNDIRECTED);
    setDefault(featureCols, new String[0]);
    setDefault(propertyRatio, 0.0);
    setDefault(standardize, false);
    setDefault(seed, 42L);
    setDefault(outputCol, "embedding");
    setDefault(outputType, ARRAY);
    setDefault(propagation, COLUMNS);
    setDefault(checkpointInterval, 4);
  }

  @Override
  public String uid() {
    return uid;
  }

  // ---- params as methods: Spark ML discovers params by reflection over public no-arg methods ----------------------

  public IntParam dimension() {
    return dimension;
  }

  public DoubleArrayParam iterationWeights() {
    return iterationWeights;
  }

  public DoubleParam normalizationStrength() {
    return normalizationStrength;
  }

  public DoubleParam nodeSelfInfluence() {
    return nodeSelfInfluence;
  }

  public Param<String> sparsity() {
    return sparsity;
  }

  public Param<String> orientation() {
    return orientation;
  }

  public Param<String> weightCol() {
    return weightCol;
  }

  public StringArrayParam featureCols() {
    return featureCols;
  }

  public DoubleParam propertyRatio() {
    return propertyRatio;
  }

  public BooleanParam standardize() {
    return standardize;
  }

  public LongParam seed() {
    return seed;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public Param<String> outputType() {
    return outputType;
  }

  public Param<String> propagation() {
    return propagation;
  }

  public IntParam checkpointInterval() {
    return checkpointInterval;
  }

  // ---- setters ----------------------------------------------------------------------------------------------------

  public FastRP setDimension(int v) {
    return (FastRP) set(dimension, v);
  }

  public FastRP setIterationWeights(double... v) {
    return (FastRP) set(iterationWeights, v);
  }

  public FastRP setNormalizationStrength(double v) {
    return (FastRP) set(normalizationStrength, v);
  }

  public FastRP setNodeSelfInfluence(double v) {
    return (FastRP) set(nodeSelfInfluence, v);
  }

  public FastRP setSparsity(double v) {
    if (!(v >= 1.0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("`sparsity` must be a finite number >= 1 or 'sqrtN', got " + v);
    }
    return (FastRP) set(sparsity, Double.toString(v));
  }

  /** {@code "sqrtN"} or a number {@code >= 1}. */
  public FastRP setSparsity(String v) {
    parseSparsity(v, 1);
    return (FastRP) set(sparsity, v);
  }

  public FastRP setOrientation(String v) {
    return (FastRP) set(orientation, v == null ? null : v.toUpperCase(Locale.ROOT));
  }

  public FastRP setWeightCol(String v) {
    return (FastRP) set(weightCol, v);
  }

  public FastRP setFeatureCols(String... v) {
    return (FastRP) set(featureCols, v);
  }

  public FastRP setPropertyRatio(double v) {
    return (FastRP) set(propertyRatio, v);
  }

  public FastRP setStandardize(boolean v) {
    return (FastRP) set(standardize, v);
  }

  public FastRP setSeed(long v) {
    return (FastRP) set(seed, v);
  }

  public FastRP setOutputCol(String v) {
    return (FastRP) set(outputCol, v);
  }

  public FastRP setOutputType(String v) {
    return (FastRP) set(outputType, v);
  }

  public FastRP setPropagation(String v) {
    return (FastRP) set(propagation, v);
  }

  public FastRP setCheckpointInterval(int v) {
    return (FastRP) set(checkpointInterval, v);
  }

  // ---- getters ----------------------------------------------------------------------------------------------------

  public int getDimension() {
    return (Integer) $(dimension);
  }

  public double[] getIterationWeights() {
    return $(iterationWeights).clone();
  }

  public double getNormalizationStrength() {
    return (Double) $(normalizationStrength);
  }

  public double getNodeSelfInfluence() {
    return (Double) $(nodeSelfInfluence);
  }

  public String getSparsity() {
    return $(sparsity);
  }

  public String getOrientation() {
    return $(orientation);
  }

  public String[] getFeatureCols() {
    return $(featureCols).clone();
  }

  public double getPropertyRatio() {
    return (Double) $(propertyRatio);
  }

  public boolean getStandardize() {
    return (Boolean) $(standardize);
  }

  public long getSeed() {
    return (Long) $(seed);
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public String getOutputType() {
    return $(outputType);
  }

  public String getPropagation() {
    return $(propagation);
  }

  public int getCheckpointInterval() {
    return (Integer) $(checkpointInterval);
  }

  /** The weight column, or {@code null} when unset (unweighted). */
  public String getWeightCol() {
    return isDefined(weightCol) ? $(weightCol) : null;
  }

  /** Number of dimensions fed by the feature projection: ⌊d·propertyRatio⌋. */
  public int propertyDimension() {
    return (int) Math.floor(getDimension() * getPropertyRatio());
  }

  // ---- persistence ------------------------------------------------------------------------------------------------

  public static MLReader<FastRP> read() {
    return new DefaultParamsReader<>();
  }

  public static FastRP load(String path) {
    return read().load(path);
  }

  @Override
  public FastRP copy(ParamMap extra) {
    return (FastRP) defaultCopy(extra);
  }

  // ---- schema -----------------------------------------------------------------------------------------------------

  @Override
  public StructType transformSchema(StructType schema) {
    List<String> cols = Arrays.asList(schema.fieldNames());
    for (String c : new String[] {Graph.SRC, Graph.DST}) {
      if (!cols.contains(c)) {
        throw new IllegalArgumentException("FastRP input edges must have a column `" + c + "`; found " + cols);
      }
    }
    String w = getWeightCol();
    if (w != null) {
      if (!cols.contains(w)) {
        throw new IllegalArgumentException("`weightCol` names a missing column: `" + w + "`; found " + cols);
      }
      if (!(schema.apply(w).dataType() instanceof NumericType)) {
        throw new IllegalArgumentException("`weightCol` must be numeric, got " + schema.apply(w).dataType());
      }
    }
    return outputSchema();
  }

  /** {@code id: long, <outputCol>: array<double> | vector}. */
  public StructType outputSchema() {
    DataType t = VECTOR.equals(getOutputType()) ? SQLDataTypes.VectorType()
        : DataTypes.createArrayType(DataTypes.DoubleType, false);
    return new StructType().add(Graph.ID, DataTypes.LongType, true).add(getOutputCol(), t, true);
  }

  /** Embeds the graph whose edges are {@code edges} (node set = endpoints); features need {@link #embed(Graph)}. */
  @Override
  public Dataset<Row> transform(Dataset<?> edges) {
    transformSchema(edges.schema());
    if (getFeatureCols().length > 0) {
      throw new IllegalArgumentException("`featureCols` live on vertices: call embed(Graph) instead of transform, got "
          + Arrays.toString(getFeatureCols()));
    }
    return embed(Graph.fromEdges(edges.toDF()));
  }

  // ---- algorithm --------------------------------------------------------------------------------------------------

  /** Validated values of the params, checked before any job runs. */
  record Settings(int d, double[] alpha, double beta, double selfInfluence, String sparsity, String orientation,
      String weightCol, String[] features, int propertyDim, boolean standardize, long seed, String propagation,
      int checkpointInterval) {
  }

  Settings settings() {
    double[] alpha = getIterationWeights();
    if (alpha.length == 0) {
      throw new IllegalArgumentException("`iterationWeights` must have at least one weight, got []");
    }
    for (double a : alpha) {
      if (!Double.isFinite(a)) {
        throw new IllegalArgumentException("`iterationWeights` must be finite, got " + Arrays.toString(alpha));
      }
    }
    double beta = getNormalizationStrength();
    if (!Double.isFinite(beta)) {
      throw new IllegalArgumentException("`normalizationStrength` must be finite, got " + beta);
    }
    parseSparsity(getSparsity(), 1);
    int d = getDimension();
    int pd = propertyDimension();
    String[] features = getFeatureCols();
    if (getPropertyRatio() > 0 && features.length == 0) {
      throw new IllegalArgumentException("`propertyRatio` must be 0 without `featureCols`, got " + getPropertyRatio());
    }
    if (features.length > 0 && pd == 0) {
      throw new IllegalArgumentException("`propertyRatio` must give at least one feature dimension "
          + "(⌊dimension·propertyRatio⌋ >= 1) when `featureCols` is set, got " + getPropertyRatio());
    }
    return new Settings(d, alpha, beta, getNodeSelfInfluence(), getSparsity(), getOrientation(), getWeightCol(),
        features, pd, getStandardize(), getSeed(), getPropagation(), getCheckpointInterval());
  }

  static double parseSparsity(String v, long n) {
    if (SQRT_N.equals(v)) {
      return Math.max(1.0, Math.sqrt(n));
    }
    double s;
    try {
      s = Double.parseDouble(v);
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException("`sparsity` must be a number >= 1 or 'sqrtN', got " + v);
    }
    if (!(s >= 1.0) || Double.isInfinite(s)) {
      throw new IllegalArgumentException("`sparsity` must be a number >= 1 or 'sqrtN', got " + v);
    }
    return s;
  }

  /**
   * One entry of a very sparse random vector as a column: +a when Seeds.uniform(seed, domain, key, j) < 1/(2s), −a
   * when below 1/s, else 0.
   */
  static Column randomEntry(long seed, long domain, Column key, int j, double s, double a) {
    return randomEntry(seed, domain, key, lit((long) j), s, a);
  }

  /** {@link #randomEntry(long, long, Column, int, double, double)} with the position as a (long) column. */
  static Column randomEntry(long seed, long domain, Column key, Column j, double s, double a) {
    Column u = Seeds.uniform(seed, lit(domain), key, j);
    return when(u.lt(1.0 / (2.0 * s)), a).when(u.lt(1.0 / s), -a).otherwise(0.0);
  }

  /** Embeds {@code g}: one row per vertex, schema {@link #outputSchema()}; the result is cached. */
  public Dataset<Row> embed(Graph g) {
    // Spark turns whole-stage code generation off for plans of more than spark.sql.codegen.maxFields (default 100)
    // fields, and a propagation round aggregates d sums: at d = 128 the aggregation ran row by row, about 2x slower
    // (measured, benchmarks/fastrp). Raise the limit while the rounds are planned and run, then restore it.
    SparkSession spark = g.edges().sparkSession();
    String key = "spark.sql.codegen.maxFields";
    scala.Option<String> before = spark.conf().getOption(key);
    int needed = 2 * getDimension() + 64;
    boolean raise = Integer.parseInt(before.isDefined() ? before.get() : "100") < needed;
    if (raise) {
      spark.conf().set(key, needed);
    }
    try {
      return embedRounds(g);
    } finally {
      if (raise) {
        if (before.isDefined()) {
          spark.conf().set(key, before.get());
        } else {
          spark.conf().unset(key);
        }
      }
    }
  }

  /**
   * The phases of an embedding: the driver run when the graph fits, else the Spark stages (input, transition
   * matrix, initial vectors, propagation rounds, standardisation).
   */
  private Dataset<Row> embedRounds(Graph g) {
    Settings st = settings();
    requireFeatureColumns(g.vertices().schema(), st);
    transformSchema(g.edges().schema());
    SparkSession spark = g.edges().sparkSession();
    String desc = spark.sparkContext().getLocalProperty("spark.job.description");
    try {
      Dataset<Row> local = embedInDriver(g, st);
      if (local != null) {
        return local;
      }
      // The rounds below re-plan these inputs many times; start them from files, not from the input's lineage.
      spark.sparkContext().setJobDescription("FastRP: input");
      List<Column> vcols = new ArrayList<>();
      vcols.add(col(Graph.ID));
      for (String f : st.features()) {
        vcols.add(col(f));
      }
      Dataset<Row> vertices = LineageCutter.materialize(g.vertices().select(vcols.toArray(new Column[0])),
          "fastrp-vertices");
      Column w = st.weightCol() == null ? lit(1.0) : col(st.weightCol()).cast(DataTypes.DoubleType);
      Dataset<Row> e = LineageCutter.materialize(
          g.edges().select(col(Graph.SRC).as(I), col(Graph.DST).as(J), w.as("w")), "fastrp-edges");
      long n = SQRT_N.equals(st.sparsity()) ? vertices.count() : 1;
      double s = parseSparsity(st.sparsity(), n);

      spark.sparkContext().setJobDescription("FastRP: transition matrix");
      boolean cpu = Engine.of(spark) == Engine.CPU;
      // the materialised tables count from their file footers; entries are at most the oriented edges
      SparseOperator.Sizing sizing = new SparseOperator.Sizing(
          e.count() * (UNDIRECTED.equals(st.orientation()) ? 2 : 1), vertices.count(), st.d());
      Transition t = transition(e, st, sizing);
      Dataset<Row> init = initialVectors(vertices, t.deg(), st, s, cpu);
      Dataset<Row> acc = propagateEmbeddings(spark, init, t.op(), st, cpu);
      t.op().unpersist();
      t.deg().unpersist(false);

      Dataset<Row> emb = acc;
      if (st.standardize()) {
        spark.sparkContext().setJobDescription("FastRP: column standardisation");
        double[][] ms = standardization(acc, st.d());
        Column meanArr = lit(ms[0]);
        Column scaleArr = lit(ms[1]);
        Column z = functions.transform(col(ACC), (v, j) -> v.minus(meanArr.apply(j)).divide(scaleArr.apply(j)));
        emb = cpu ? NodeSteps.standardize(acc, ms[0], ms[1], acc.select(col(Graph.ID), z.as(ACC)).schema())
            : acc.select(col(Graph.ID), z.as(ACC));
      }
      Column out = col(ACC);
      if (VECTOR.equals(getOutputType())) {
        out = org.apache.spark.ml.functions.array_to_vector(out);
      }
      return emb.select(col(Graph.ID), out.as(getOutputCol()));
    } finally {
      spark.sparkContext().setJobDescription(desc);
    }
  }

  private static void requireFeatureColumns(StructType vs, Settings st) {
    for (String f : st.features()) {
      if (!Arrays.asList(vs.fieldNames()).contains(f)) {
        throw new IllegalArgumentException("`featureCols` names a missing vertex column: `" + f + "`; found "
            + Arrays.toString(vs.fieldNames()));
      }
      DataType t = vs.apply(f).dataType();
      boolean ok = t instanceof NumericType
          || (t instanceof ArrayType at && at.elementType() instanceof NumericType);
      if (!ok) {
        throw new IllegalArgumentException("`featureCols` column `" + f + "` must be numeric or array of numeric, got "
            + t.simpleString());
      }
    }
  }

  /**
   * The whole embedding in the driver ({@link LocalFastRP}, the same bits) when the graph's working set fits the
   * driver-local threshold; null otherwise.
   */
  private Dataset<Row> embedInDriver(Graph g, Settings st) {
    SparkSession spark = g.edges().sparkSession();
    long driverBytes = DriverLocal.maxBytes(spark);
    if (driverBytes <= 0) {
      return null;
    }
    spark.sparkContext().setJobDescription("FastRP: collect a small graph");
    long t0 = System.nanoTime();
    LocalFastRP local = LocalFastRP.collect(g, st, driverBytes);
    long t1 = System.nanoTime();
    double[][] emb = local == null ? null : local.run();
    if (emb == null) {
      return null;
    }
    LOG.info("FastRP: {} vertices embedded in the driver (collect {} s, embed {} s)", emb.length,
        String.format("%.2f", (t1 - t0) / 1e9), String.format("%.2f", (System.nanoTime() - t1) / 1e9));
    Dataset<Row> out = local.toDataFrame(spark, emb, getOutputCol());
    if (VECTOR.equals(getOutputType())) {
      out = out.select(col(Graph.ID),
          org.apache.spark.ml.functions.array_to_vector(col(getOutputCol())).as(getOutputCol()));
    }
    return out.persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * The embedding of a graph held in the driver ({@link LocalFastRP}: the bits {@link #transform} gives for the same
   * graph), without Spark: row v is the vector of {@code g.ids()[v]}. Null when the working set exceeds
   * {@code maxBytes} ({@link DriverLocal}), or the params need what the arrays lack (vertex features, a weight column
   * other than {@code weight}); the caller then embeds with {@link #embed}.
   */
  public double[][] embedInDriver(DriverCopy g, long maxBytes) {
    Settings st = settings();
    if (st.features().length > 0 || (st.weightCol() != null
        && (!Graph.WEIGHT.equals(st.weightCol()) || g.weight() == null))) {
      return null;
    }
    LocalFastRP local = LocalFastRP.fromCopy(g, st, maxBytes);
    long t0 = System.nanoTime();
    double[][] emb = local == null ? null : local.run();
    if (emb != null) {
      LOG.info("FastRP: {} vertices embedded in the driver in {} s", emb.length,
          String.format("%.2f", (System.nanoTime() - t0) / 1e9));
    }
    return emb;
  }

  /**
   * An embedding held in the driver as the rows {@link #transform} gives ({@code id: long, <outputCol>:
   * array<double>}), in id order, for {@link dev.grasp.graph.io.DriverTables}.
   */
  public static DriverTables.Rows driverRows(long[] ids, double[][] emb, String outputCol) {
    StructType schema = new StructType().add(Graph.ID, DataTypes.LongType, true)
        .add(outputCol, DataTypes.createArrayType(DataTypes.DoubleType, false), true);
    return new DriverTables.Rows(schema, ids.length,
        v -> new GenericInternalRow(new Object[] {ids[v], UnsafeArrayData.fromPrimitiveArray(emb[v])}));
  }

  /** The kernel operator of the transition matrix and the cached degrees {@code i, deg, cnt, wmax}. */
  private record Transition(SparseOperator op, Dataset<Row> deg) {}

  /**
   * Oriented, merged transition entries p = S_ij / deg_i (node i aggregates the vectors of its neighbours j) as a
   * kernel operator. Weighted sums are fixed-point (FixedPoint), so they do not depend on the shuffle order; with unit
   * weights the double sums are small integers, exact in any order.
   */
  private static Transition transition(Dataset<Row> edges, Settings st, SparseOperator.Sizing sizing) {
    Dataset<Row> e = edges;
    switch (st.orientation()) {
      case NATURAL -> { }
      case REVERSE -> e = e.select(col(J).as(I), col(I).as(J), col("w"));
      default -> e = e.unionByName(e.select(col(J).as(I), col(I).as(J), col("w")));
    }
    Dataset<Row> merged;
    Column degSum;
    int ws = 0;
    if (st.weightCol() == null) {
      merged = e.groupBy(I, J).agg(sum("w").as("w"));
      degSum = sum("w");
    } else {
      // every merged weight and every degree is a sum of at most (largest row of e) terms of magnitude <= max |w|
      Row wb = e.groupBy(I).agg(count(lit(1)).as("c"), max(abs(col("w"))).as("m"))
          .agg(max(col("c")), max(col("m"))).first();
      ws = wb.isNullAt(0) ? 0 : FixedPoint.scaleFor((double) wb.getLong(0) * wb.getDouble(1));
      merged = e.groupBy(I, J).agg(FixedPoint.sum(col("w"), ws).as("w"))
          .select(col(I), col(J), FixedPoint.value(col("w"), ws).as("w"));
      degSum = FixedPoint.sum(col("w"), ws);
    }
    merged = merged.filter(col("w").notEqual(0.0));
    Dataset<Row> deg = merged.groupBy(I)
        .agg(degSum.as("deg"), count(lit(1)).as("cnt"), max(abs(col("w"))).as("wmax"));
    if (st.weightCol() != null) {
      deg = deg.select(col(I), FixedPoint.value(col("deg"), ws).as("deg"), col("cnt"), col("wmax"));
    }
    deg = deg.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> trans = merged.join(deg.select(col(I), col("deg")), I)
        .select(col(I).as(SparseOperator.I), col(J).as(SparseOperator.J), col("w").divide(col("deg")).as(P));
    SparkSession spark = edges.sparkSession();
    SparseOperator op = SparseOperator.of(trans, Engine.of(spark),
        EXPLODE.equals(st.propagation()) ? SparseOperator.Shape.EXPLODE : SparseOperator.Shape.COLUMNS, sizing);
    if (!Double.isFinite(op.rowBound())) {
      throw new IllegalArgumentException("`weightCol` " + st.weightCol() + ": edge weights must be finite and "
          + "non-negative; some vertex's weights sum to 0 or are not finite (row bound " + op.rowBound() + ")");
    }
    return new Transition(op, deg);
  }

  /**
   * Initial vectors {@code id, r, l}: R (a pure function of (seed, id), feature projections appended) and the degree
   * factor l = deg^β. Per-element work is written as transform(…) lambdas rather than d unrolled expressions: the
   * generated code stays small (unrolled, d = 256 overflows whole-stage codegen's method size and falls back after a
   * costly try).
   */
  private static Dataset<Row> initialVectors(Dataset<Row> vertices, Dataset<Row> deg, Settings st, double s,
      boolean cpu) {
    int d = st.d();
    int pd = st.propertyDim();
    int sd = d - pd;
    double a = Math.sqrt(s / d);
    Dataset<Row> nodes = vertices.select(col(Graph.ID));
    Dataset<Row> featPart = pd == 0 ? null : featureProjection(vertices, st, s, a);
    Column structural = sd == 0 ? null : functions.transform(
        sequence(lit(0L), lit((long) sd - 1)), j -> randomEntry(st.seed(), NODE_DOMAIN, col(Graph.ID), j, s, a));
    Column r;
    if (pd == 0) {
      r = structural;
    } else {
      Column zeros = array_repeat(lit(0.0), pd);
      r = sd == 0 ? coalesce(col("fp"), zeros) : concat(structural, coalesce(col("fp"), zeros));
      nodes = nodes.join(featPart, Graph.ID, "left");
    }
    Dataset<Row> withDeg = nodes.join(deg.select(col(I).as(Graph.ID), col("deg")), Graph.ID, "left");
    Column degFactor = when(col("deg").isNull().or(col("deg").equalTo(0.0)), lit(1.0))
        .otherwise(pow(col("deg"), st.beta()));
    Dataset<Row> init = withDeg.select(col(Graph.ID), r.as("r"), degFactor.as("l"));
    if (cpu) {
      init = NodeSteps.initial(withDeg, st, s, pd > 0, init.schema());
    }
    return init.persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * The propagation rounds: x0 = L·R, x_k = T·x_{k−1} through the kernel, and the accumulator
   * {@code id, acc} = self-influence · R/|R| + Σ_k α_k · x_k/|x_k| (cached; {@code init} is released).
   */
  private static Dataset<Row> propagateEmbeddings(SparkSession spark, Dataset<Row> init, SparseOperator op,
      Settings st, boolean cpu) {
    int d = st.d();
    Column rNorm = col("rn");
    double self = st.selfInfluence();
    Column base = self > 0
        ? functions.transform(col("r"), v -> when(rNorm.gt(0), v.multiply(self).divide(rNorm)).otherwise(0.0))
        : array_repeat(lit(0.0), d);
    // the norm is its own column so that the d entries do not each repeat a d-term expression
    Dataset<Row> withNorm = init.withColumn("rn", sqrt(sumOfSquares(col("r"), d)));
    Dataset<Row> acc = withNorm.select(col(Graph.ID), base.as(ACC));
    Dataset<Row> x = init.select(col(Graph.ID), functions.transform(col("r"), v -> v.multiply(col("l"))).as(X));
    if (cpu) {
      acc = NodeSteps.startAccumulator(withNorm.select(col(Graph.ID), col("r"), col("rn")), self, d, acc.schema());
      x = NodeSteps.scaled(init, x.schema());
    }
    acc = acc.persist(StorageLevel.MEMORY_AND_DISK());

    LineageCutter cutter = new LineageCutter(spark, st.checkpointInterval());
    int q = st.alpha().length;
    Dataset<Row> prevX = null;
    for (int k = 1; k <= q; k++) {
      spark.sparkContext().setJobDescription("FastRP: propagation " + k + "/" + q);
      Dataset<Row> nextCached = op.times(x, d).persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> next = cutter.maybeCut(nextCached, k);
      double alphaK = st.alpha()[k - 1];
      Dataset<Row> newAcc = acc;
      if (alphaK != 0.0) {
        Column upd = functions.transform(col(ACC), (v, j) -> v.plus(coalesce(
            when(col(NORM).gt(0), col(X).apply(j).multiply(alphaK).divide(col(NORM))), lit(0.0))));
        Dataset<Row> joined = acc.join(next, Graph.ID, "left");
        Dataset<Row> updated = joined.select(col(Graph.ID), upd.as(ACC));
        if (cpu) {
          updated = NodeSteps.accumulate(joined.select(col(Graph.ID), col(ACC), col(X), col(NORM)), alphaK,
              updated.schema());
        }
        Dataset<Row> accCached = updated.persist(StorageLevel.MEMORY_AND_DISK());
        newAcc = cutter.maybeCut(accCached, k);
        if (newAcc != accCached) {
          accCached.unpersist(false);
        }
      }
      Row stats = next.agg(count(lit(1)), avg(col(NORM))).first();
      if (next != nextCached) {
        nextCached.unpersist(false);
      }
      if (newAcc != acc) {
        newAcc.count();
        acc.unpersist(false);
        acc = newAcc;
      }
      LOG.info("FastRP round {}/{}: {} rows with a propagated vector, mean row norm before normalisation {}",
          k, q, stats.getLong(0), stats.isNullAt(1) ? 0.0 : stats.getDouble(1));
      if (prevX != null) {
        prevX.unpersist(false);
      }
      if (k == 1) {
        init.unpersist(false);
      }
      prevX = next;
      x = next.select(col(Graph.ID), col(X));
    }
    if (prevX != null) {
      prevX.unpersist(false);
    }
    return acc;
  }

  /**
   * Mean and scale (population deviation, 1 for a constant column) of each accumulator column, {@code {means,
   * scales}}, from fixed-point sums (FixedPoint), so they do not depend on the partitioning: one pass for the bounds
   * (row count, max |value|), one for Σ v, one for Σ (v − mean)².
   */
  private static double[][] standardization(Dataset<Row> acc, int d) {
    Column[] maxes = new Column[d + 1];
    maxes[0] = count(lit(1));
    for (int j = 0; j < d; j++) {
      maxes[j + 1] = max(abs(col(ACC).getItem(j)));
    }
    Row mx = acc.agg(maxes[0], Arrays.copyOfRange(maxes, 1, maxes.length)).first();
    long rows = mx.getLong(0);
    double[] means = new double[d];
    double[] scales = new double[d];
    if (rows > 0) {
      int[] sc = new int[d];
      Column[] sums = new Column[d];
      for (int j = 0; j < d; j++) {
        double mj = mx.isNullAt(j + 1) ? 0.0 : mx.getDouble(j + 1);
        sc[j] = FixedPoint.scaleFor(rows * mj);
        sums[j] = FixedPoint.value(FixedPoint.sum(col(ACC).getItem(j), sc[j]), sc[j]);
      }
      Row m = acc.agg(sums[0], Arrays.copyOfRange(sums, 1, d)).first();
      for (int j = 0; j < d; j++) {
        means[j] = m.isNullAt(j) ? 0.0 : m.getDouble(j) / rows;
        double mj = mx.isNullAt(j + 1) ? 0.0 : mx.getDouble(j + 1);
        double spread = mj + Math.abs(means[j]);
        sc[j] = FixedPoint.scaleFor(rows * spread * spread);
        Column dev = col(ACC).getItem(j).minus(means[j]);
        sums[j] = FixedPoint.value(FixedPoint.sum(dev.multiply(dev), sc[j]), sc[j]);
      }
      Row v = acc.agg(sums[0], Arrays.copyOfRange(sums, 1, d)).first();
      for (int j = 0; j < d; j++) {
        double sdv = v.isNullAt(j) ? 0.0 : Math.sqrt(v.getDouble(j) / rows);
        // a constant column is only centred, as sklearn's scale does
        scales[j] = sdv > 0 ? sdv : 1.0;
      }
    }
    return new double[][] {means, scales};
  }

  /** {@code id, fp}: Σ_f x_f·P_f over the non-zero features of each vertex, P_f[j] from (seed, 1, f, j). */
  private static Dataset<Row> featureProjection(Dataset<Row> vertices, Settings st, double s, double a) {
    List<Column> parts = new ArrayList<>();
    StructType vs = vertices.schema();
    for (String f : st.features()) {
      if (vs.apply(f).dataType() instanceof ArrayType) {
        parts.add(col(f).cast(DataTypes.createArrayType(DataTypes.DoubleType)));
      } else {
        parts.add(array(col(f).cast(DataTypes.DoubleType)));
      }
    }
    Column all = parts.size() == 1 ? parts.get(0) : concat(parts.toArray(new Column[0]));
    Dataset<Row> entries = vertices.select(col(Graph.ID), posexplode(all).as(new String[] {"f", "fx"}))
        .filter(col("fx").isNotNull().and(col("fx").notEqual(0.0)));
    int pd = st.propertyDim();
    // a vertex's sum has at most (its non-zero features) terms, each at most max |x_f| · a in magnitude
    Row fb = entries.groupBy(Graph.ID).agg(count(lit(1)).as("c"), max(abs(col("fx"))).as("m"))
        .agg(max(col("c")), max(col("m"))).first();
    int scale = fb.isNullAt(0) ? 0 : FixedPoint.scaleFor((double) fb.getLong(0) * fb.getDouble(1) * a);
    Column[] sums = new Column[pd];
    for (int j = 0; j < pd; j++) {
      sums[j] = FixedPoint.sum(col("fx").multiply(randomEntry(st.seed(), FEATURE_DOMAIN,
          col("f").cast(DataTypes.LongType), j, s, a)), scale).as("f" + j);
    }
    Column[] cs = new Column[pd];
    for (int j = 0; j < pd; j++) {
      cs[j] = FixedPoint.value(col("f" + j), scale);
    }
    return entries.groupBy(Graph.ID).agg(sums[0], Arrays.copyOfRange(sums, 1, pd))
        .select(col(Graph.ID), array(cs).as("fp"));
  }

  private static Column sumOfSquares(Column arr, int d) {
    Column sq = lit(0.0);
    for (int j = 0; j < d; j++) {
      sq = sq.plus(arr.getItem(j).multiply(arr.getItem(j)));
    }
    return sq;
  }

  /**
   * Bytes of cached data at the peak of a run (first round): the transition table (|E| rows, twice for UNDIRECTED,
   * 40 bytes each) plus four vector tables of |V| rows (initial, propagated, two accumulators) of 8·d + 48 bytes
   * each. Shuffle files are not counted.
   */
  public static long estimateBytes(long nodes, long edges, FastRP params) {
    if (nodes < 0 || edges < 0) {
      throw new IllegalArgumentException("`nodes` and `edges` must be >= 0, got " + nodes + ", " + edges);
    }
    long d = params.getDimension();
    long transRows = UNDIRECTED.equals(params.getOrientation()) ? 2 * edges : edges;
    return transRows * 40L + 4L * nodes * (8L * d + 48L);
  }
}
