package dev.grasp.embedding.hyperbolic;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grasp.graph.io.ParamsFiles;
import dev.grasp.graph.linalg.Engine;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted hyperbolic rescaling: maps each embedding e to the Poincaré-ball point h = exp₀(M·(inputScale·e)) with M
 * the learned block-diagonal scaling, i.e. h = M ⊗ exp₀(inputScale·e) (computed in the tangent space, so points
 * that exp₀ alone would push onto the clamped boundary keep their information). With {@code inputNorm = unit}, e is
 * e/‖e‖ ({@link PoincareBall#unit}): every node starts at one radius.
 *
 * <p>Output schema: the input columns plus {@code outputCol: array<double>} (the ball point, ‖h‖ &lt; 1/√c) and
 * {@code radiusCol: double} (d(0, h)). A null embedding gives nulls; an array of another length than
 * {@link #getDimension()} fails the job. Cost: O(d) per row, no shuffle. The fitted values (dimension, scales, decoder,
 * training loss) are model data, not params: {@link #write} saves them beside the params as the metadata's
 * {@value #MODEL_DATA} field.
 */
public final class HyperbolicRescalerModel extends Model<HyperbolicRescalerModel>
    implements HyperbolicParams<HyperbolicRescalerModel>, MLWritable {

  /** The top-level field of the saved metadata JSON that holds the fitted values ({@link Fitted}). */
  static final String MODEL_DATA = "modelData";

  /**
   * What a fit learned (model data, not params): the embedding dimension, the scales, the Fermi-Dirac decoder's r and
   * t (NaN when not fitted), the objective per iteration (empty when not fitted) and the pairs the objective summed
   * over (0 and 0 when not fitted).
   */
  private record Fitted(int dimension, double[] scales, double decoderRadius, double decoderTemperature,
      double[] trainingLoss, FitPairs pairs) implements java.io.Serializable {}

  /** Edges and sampled non-edges a fit's objective summed over. */
  public record FitPairs(long edges, long nonEdges) implements java.io.Serializable {}

  private final String uid;
  private final Shared shared;
  private Fitted fitted;

  public HyperbolicRescalerModel() {
    this(Identifiable$.MODULE$.randomUID("hyperbolicRescalerModel"));
  }

  public HyperbolicRescalerModel(String uid) {
    this.uid = uid;
    shared = Shared.declare(this);
    fitted = new Fitted(0, new double[0], Double.NaN, Double.NaN, new double[0], new FitPairs(0, 0));
  }

  /** A model with the given per-block (scalar) or per-dimension (diagonal) scales; validates their count. */
  public static HyperbolicRescalerModel of(int dimension, int blockSize, String blockType, double[] scales) {
    if (dimension < 1) {
      throw new IllegalArgumentException("`dimension` must be >= 1, got " + dimension);
    }
    HyperbolicRescalerModel m = new HyperbolicRescalerModel();
    m.fitted = new Fitted(dimension, m.fitted.scales(), Double.NaN, Double.NaN, new double[0], new FitPairs(0, 0));
    m.set(m.blockSize(), blockSize);
    m.set(m.blockType(), blockType);
    m.setScales(scales);
    return m;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Shared shared() {
    return shared;
  }

  /** Sets the scales after checking their count against dimension, blockSize and blockType and that each is > 0. */
  public HyperbolicRescalerModel setScales(double[] v) {
    int d = getDimension();
    int b = getBlockSize();
    HyperbolicRescaler.requireDivides(d, b);
    int expected = HyperbolicRescaler.DIAGONAL.equals(getBlockType()) ? d : d / b;
    if (v.length != expected) {
      throw new IllegalArgumentException("`scales` must have " + expected + " entries for dimension " + d
          + ", blockSize " + b + " and blockType " + getBlockType() + ", got " + v.length);
    }
    for (double s : v) {
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new IllegalArgumentException("`scales` must be finite and > 0, got " + s);
      }
    }
    Fitted f = fitted;
    fitted = new Fitted(f.dimension(), v.clone(), f.decoderRadius(), f.decoderTemperature(), f.trainingLoss(),
        f.pairs());
    return this;
  }

  HyperbolicRescalerModel setFitted(double r, double t, double[] loss, long edges, long nonEdges) {
    Fitted f = fitted;
    fitted = new Fitted(f.dimension(), f.scales(), r, t, loss.clone(), new FitPairs(edges, nonEdges));
    return this;
  }

  /** The embedding dimension d the model maps. */
  public int getDimension() {
    return fitted.dimension();
  }

  /** The learned scales: one per block (scalar) or per dimension (diagonal). */
  public double[] getScales() {
    return fitted.scales().clone();
  }

  /** The diagonal of M, one entry per dimension. */
  public double[] diagonal() {
    double[] s = getScales();
    return HyperbolicRescaler.DIAGONAL.equals(getBlockType()) ? s : PoincareBall.expandBlocks(s, getBlockSize());
  }

  /** r of the Fermi-Dirac decoder (NaN when not fitted). */
  public double getDecoderRadius() {
    return fitted.decoderRadius();
  }

  /** t of the Fermi-Dirac decoder (NaN when not fitted). */
  public double getDecoderTemperature() {
    return fitted.decoderTemperature();
  }

  /** Edges and sampled non-edges the fit's objective summed over (0 and 0 when not fitted). */
  public FitPairs getFitPairs() {
    return fitted.pairs();
  }

  /** The training objective at each evaluated iterate (fit mode), empty otherwise. */
  public double[] getTrainingLoss() {
    return fitted.trainingLoss().clone();
  }

  /** The ball this model maps into. */
  public PoincareBall ball() {
    return new PoincareBall(getCurvature());
  }

  /** The hyperbolic point of an embedding column as an expression (no size check). */
  public Column pointExpr(Column embedding) {
    if (unitInput()) {
      return PoincareBall.letArray(this::scaledPoint, PoincareBall.unit(embedding, getDimension()));
    }
    return scaledPoint(embedding);
  }

  /** exp₀(inputScale·M·v) of an (already normalised, when asked) embedding column. */
  private Column scaledPoint(Column v) {
    double[] factor = factors();
    Column[] comps = new Column[factor.length];
    for (int i = 0; i < factor.length; i++) {
      comps[i] = v.getItem(i).multiply(factor[i]);
    }
    return ball().expMap0(comps);
  }

  /**
   * Adds the ball point and its radius. On the kernel's CPU engine ({@link Engine#of}) each partition is mapped with
   * the driver twins {@link PoincareBall#expMap0(double[])} and {@link PoincareBall#radius(double[])}, op for op the
   * Catalyst expressions, so both engines give the same bits (tested); on the Catalyst engine it is one projection of
   * built-ins, which RAPIDS runs. Null input rows give null outputs; a row of another length fails, naming the column.
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outSchema = transformSchema(dataset.schema(), true);
    if (Engine.of(dataset.sparkSession()) == Engine.CPU) {
      // the element nullability the Catalyst projection reports, so both engines give the same schema
      StructField[] f = outSchema.fields().clone();
      int out = outSchema.fieldIndex(getOutputCol());
      f[out] = new StructField(f[out].name(), DataTypes.createArrayType(DataTypes.DoubleType, true), true,
          f[out].metadata());
      return transformPartitionLocal(dataset.toDF(), new StructType(f));
    }
    int d = getDimension();
    Column in = col(getInputCol()).cast("array<double>");
    // The length check is a filter that keeps every row or fails, not a CASE branch: raise_error has type NullType,
    // and inside an array-typed CASE Spark casts it to array<double>, a cast the RAPIDS Accelerator lacks, which
    // would keep the whole projection (the Poincaré map) on the CPU (docs/gpu.md).
    Column bad = in.isNotNull().and(size(in).notEqual(d));
    Column check = when(bad, raise_error(lit("`" + getInputCol() + "` arrays must have length " + d
        + " (the fitted dimension)")).cast(DataTypes.BooleanType)).otherwise(lit(true));
    Column point = when(in.isNull(), lit(null).cast(DataTypes.createArrayType(DataTypes.DoubleType)))
        .otherwise(PoincareBall.letArray(this::pointExpr, in));
    Dataset<Row> withPoint = dataset.toDF().filter(check).withColumn(getOutputCol(), point);
    return withPoint.withColumn(getRadiusCol(), when(col(getOutputCol()).isNull(), lit(null).cast(DataTypes.DoubleType))
        .otherwise(ball().radius(col(getOutputCol()), d)));
  }

  /** Ball points and their radii, computed in the driver: {@code h[i]} and {@code radius[i]} of input row i. */
  public record Points(double[][] h, double[] radius) {}

  /**
   * {@link #transform} of embeddings held in the driver (no Spark session): the CPU engine's operations, so the same
   * bits. A vector of another length than {@link #getDimension()} fails, naming the column.
   */
  public Points transformInDriver(double[][] embeddings) {
    int d = getDimension();
    double[] factor = factors();
    PoincareBall ball = ball();
    double[][] h = new double[embeddings.length][];
    double[] radius = new double[embeddings.length];
    for (int r = 0; r < embeddings.length; r++) {
      double[] e = embeddings[r];
      if (e.length != d) {
        throw new IllegalArgumentException("`" + getInputCol() + "` arrays must have length " + d
            + " (the fitted dimension), got " + e.length);
      }
      if (unitInput()) {
        e = PoincareBall.unit(e);
      }
      double[] v = new double[d];
      for (int i = 0; i < d; i++) {
        v[i] = e[i] * factor[i];
      }
      h[r] = ball.expMap0(v);
      radius[r] = ball.radius(h[r]);
    }
    return new Points(h, radius);
  }

  /** inputScale times the diagonal of M, per dimension. */
  private double[] factors() {
    double[] m = diagonal();
    double k = getInputScale();
    double[] factor = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      factor[i] = k * m[i];
    }
    return factor;
  }

  private Dataset<Row> transformPartitionLocal(Dataset<Row> df, StructType outSchema) {
    int at = df.schema().fieldIndex(getInputCol());
    int d = getDimension();
    double[] factor = factors();
    PoincareBall ball = ball();
    String name = getInputCol();
    boolean unit = unitInput();
    return df.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> new java.util.Iterator<Row>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row r = rows.next();
        Object[] values = new Object[r.size() + 2];
        for (int c = 0; c < r.size(); c++) {
          values[c] = r.get(c);
        }
        if (!r.isNullAt(at)) {
          List<?> e = r.getList(at);
          if (e.size() != d) {
            throw new IllegalArgumentException("`" + name + "` arrays must have length " + d
                + " (the fitted dimension), got " + e.size());
          }
          double[] v = new double[d];
          for (int i = 0; i < d; i++) {
            Object x = e.get(i);
            if (x == null) {
              throw new IllegalArgumentException("`" + name + "` arrays must not hold nulls, got one at position " + i);
            }
            v[i] = ((Number) x).doubleValue();
          }
          if (unit) {
            v = PoincareBall.unit(v);
          }
          for (int i = 0; i < d; i++) {
            v[i] *= factor[i];
          }
          double[] h = ball.expMap0(v);
          values[r.size()] = h;
          values[r.size() + 1] = ball.radius(h);
        }
        return RowFactory.create(values);
      }
    }, Encoders.row(outSchema));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(schema, getInputCol(), getOutputCol(), getRadiusCol());
  }

  /** Checks the input column type and that the outputs are new; returns the schema with the two outputs added. */
  static StructType outputSchema(StructType schema, String in, String out, String radius) {
    if (!Arrays.asList(schema.fieldNames()).contains(in)) {
      throw new IllegalArgumentException("`inputCol` '" + in + "' is not a column; columns present: "
          + String.join(", ", schema.fieldNames()));
    }
    DataType t = schema.apply(in).dataType();
    boolean ok = t instanceof ArrayType at
        && (at.elementType().equals(DataTypes.DoubleType) || at.elementType().equals(DataTypes.FloatType));
    if (!ok) {
      throw new IllegalArgumentException("`inputCol` '" + in + "' must be array<double> or array<float>, got "
          + t.simpleString());
    }
    for (String o : new String[] {out, radius}) {
      if (Arrays.asList(schema.fieldNames()).contains(o)) {
        throw new IllegalArgumentException("output column '" + o + "' already exists");
      }
    }
    if (out.equals(radius)) {
      throw new IllegalArgumentException("`outputCol` and `radiusCol` must differ, got '" + out + "' for both");
    }
    return schema.add(new StructField(out, DataTypes.createArrayType(DataTypes.DoubleType, false), true,
        org.apache.spark.sql.types.Metadata.empty()))
        .add(new StructField(radius, DataTypes.DoubleType, true, org.apache.spark.sql.types.Metadata.empty()));
  }

  @Override
  public HyperbolicRescalerModel copy(ParamMap extra) {
    HyperbolicRescalerModel m = copyValues(new HyperbolicRescalerModel(uid), extra);
    m.fitted = fitted;
    return m.setParent(parent());
  }

  // ---- persistence: the params as DefaultParamsWriter writes them, the fitted values beside them ---------------------

  /** Saves the params and, under {@value #MODEL_DATA}, the fitted values (Spark's {@code save}/{@code load} layout). */
  @Override
  public MLWriter write() {
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        HyperbolicRescalerModel.this.save(sc().hadoopConfiguration(), path);
      }
    };
  }

  /** {@link #write} without a Spark session; {@code path} must not exist. */
  public void save(Configuration conf, String path) {
    ObjectNode extra = JSON.createObjectNode();
    ObjectNode data = extra.putObject(MODEL_DATA);
    Fitted f = fitted;
    data.put("dimension", f.dimension());
    putDoubles(data.putArray("scales"), f.scales());
    putDouble(data, "decoderRadius", f.decoderRadius());
    putDouble(data, "decoderTemperature", f.decoderTemperature());
    putDoubles(data.putArray("trainingLoss"), f.trainingLoss());
    data.put("fitEdges", f.pairs().edges());
    data.put("fitNonEdges", f.pairs().nonEdges());
    ParamsFiles.save(conf, this, path, extra);
  }

  public static MLReader<HyperbolicRescalerModel> read() {
    return new MLReader<>() {
      @Override
      public HyperbolicRescalerModel load(String path) {
        return HyperbolicRescalerModel.load(sparkSession().sparkContext().hadoopConfiguration(), path, "path");
      }
    };
  }

  public static HyperbolicRescalerModel load(String path) {
    return read().load(path);
  }

  /**
   * The model saved at {@code path} (by {@link #write} or {@link #save(Configuration, String)}), without a Spark
   * session; errors name {@code option} and the path. A model saved with its fitted values as params (the layout
   * before {@value #MODEL_DATA}) loads too.
   */
  public static HyperbolicRescalerModel load(Configuration conf, String path, String option) {
    JsonNode root = ParamsFiles.readMetadata(conf, path, option, HyperbolicRescalerModel.class);
    JsonNode data = root.path(MODEL_DATA);
    if (data.isMissingNode() && root.path("paramMap") instanceof ObjectNode params) {
      // the older layout: the fitted values are moved out of the (freshly read) paramMap
      ObjectNode moved = JSON.createObjectNode();
      for (String f : FITTED_FIELDS) {
        if (params.has(f)) {
          moved.set(f, params.remove(f));
        }
      }
      data = moved;
    }
    HyperbolicRescalerModel m = ParamsFiles.fromMetadata(root, path, option, HyperbolicRescalerModel.class,
        HyperbolicRescalerModel::new);
    try {
      m.fitted = new Fitted(data.path("dimension").asInt(0), doubles(data.path("scales")),
          number(data.path("decoderRadius")), number(data.path("decoderTemperature")),
          doubles(data.path("trainingLoss")), new FitPairs(data.path("fitEdges").asLong(0),
              data.path("fitNonEdges").asLong(0)));
      if (m.getDimension() < 1) {
        throw new IllegalArgumentException("no dimension");
      }
      m.setScales(m.getScales());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("`" + option + "` " + path + " is not a fitted rescaling: " + e.getMessage());
    }
    return m;
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FITTED_FIELDS = List.of("dimension", "scales", "decoderRadius",
      "decoderTemperature", "trainingLoss", "fitEdges", "fitNonEdges");

  /** A double as JSON: a number, or the strings NaN / Infinity / -Infinity (as Spark's DoubleParam writes them). */
  private static void putDouble(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) {
      o.put(name, v);
    } else {
      o.put(name, Double.toString(v));
    }
  }

  private static void putDoubles(ArrayNode a, double[] v) {
    for (double x : v) {
      if (Double.isFinite(x)) {
        a.add(x);
      } else {
        a.add(Double.toString(x));
      }
    }
  }

  private static double number(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return Double.NaN;
    }
    return n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText());
  }

  private static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(a.get(i));
    }
    return out;
  }
}
