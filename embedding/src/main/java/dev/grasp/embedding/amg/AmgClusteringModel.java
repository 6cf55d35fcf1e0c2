package dev.grasp.embedding.amg;

import static org.apache.spark.sql.functions.col;

import dev.grasp.embedding.eval.ClusteringMetrics;
import dev.grasp.graph.Graph;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * The clusters found by {@link AmgClusteringEstimator}: {@link #transform} adds each row's cluster by its vertex id
 * (null for ids that were not vertices of the fitted graph).
 *
 * <p>Output: the input rows plus {@code predictionCol int}; {@link #assignments()}: {@code id long, cluster int}.
 * Persistence: the params as Spark ML metadata plus the assignments as Parquet under {@code data/}. Cost of
 * transform: one join with the n assignment rows.
 */
public final class AmgClusteringModel extends Model<AmgClusteringModel>
    implements AmgClusteringParams<AmgClusteringModel>, MLWritable {

  private final String uid;
  private final Shared shared;
  private final Dataset<Row> assignments;
  public final DoubleParam modularity;

  AmgClusteringModel(String uid, Dataset<Row> assignments) {
    this.uid = uid;
    shared = Shared.declare(this);
    this.assignments = assignments.select(col(Graph.ID).cast(DataTypes.LongType).as(Graph.ID),
        col(ClusteringMetrics.CLUSTER).cast(DataTypes.IntegerType).as(ClusteringMetrics.CLUSTER));
    modularity = new DoubleParam(this, "modularity", "modularity of the kept clustering on the fitted graph");
    setDefault(modularity, Double.NaN);
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

  public DoubleParam modularity() {
    return modularity;
  }

  /** The fitted clusters, {@code id long, cluster int}. */
  public Dataset<Row> assignments() {
    return assignments;
  }

  AmgClusteringModel setModularity(double v) {
    set(modularity, v);
    return this;
  }

  public double getModularity() {
    return (Double) $(modularity);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String tmp = "__amg_id";
    Dataset<Row> a = assignments.select(col(Graph.ID).as(tmp), col(ClusteringMetrics.CLUSTER).as($(predictionCol())));
    return dataset.join(a, col($(idCol())).cast(DataTypes.LongType).equalTo(a.col(tmp)), "left").drop(tmp);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    List<String> have = Arrays.asList(schema.fieldNames());
    if (!have.contains($(idCol()))) {
      throw new IllegalArgumentException("`idCol` column '" + $(idCol()) + "' not found; columns: " + have);
    }
    if (have.contains($(predictionCol()))) {
      throw new IllegalArgumentException("`predictionCol` column '" + $(predictionCol()) + "' already exists");
    }
    return schema.add($(predictionCol()), DataTypes.IntegerType, true);
  }

  @Override
  public AmgClusteringModel copy(ParamMap extra) {
    return copyValues(new AmgClusteringModel(uid, assignments), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<AmgClusteringModel> read() {
    return new Reader();
  }

  public static AmgClusteringModel load(String path) {
    return read().load(path);
  }

  private static final class Writer extends MLWriter {
    private final AmgClusteringModel model;

    Writer(AmgClusteringModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
      model.assignments.orderBy(Graph.ID).write().parquet(path + "/data");
    }
  }

  private static final class Reader extends MLReader<AmgClusteringModel> {
    @Override
    public AmgClusteringModel load(String path) {
      DefaultParamsReader.Metadata meta = DefaultParamsReader$.MODULE$.loadMetadata(path, sc(),
          AmgClusteringModel.class.getName());
      AmgClusteringModel m = new AmgClusteringModel(meta.uid(), sparkSession().read().parquet(path + "/data"));
      meta.getAndSetParams(m, Option.empty());
      return m;
    }
  }
}
