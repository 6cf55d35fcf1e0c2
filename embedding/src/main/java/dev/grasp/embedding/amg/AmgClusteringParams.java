package dev.grasp.embedding.amg;

import dev.grasp.graph.Graph;
import java.io.Serializable;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The params {@link AmgClusteringEstimator} and {@link AmgClusteringModel} share, declared once with their docs,
 * validators and defaults (Spark ML's {@code *Params} trait pattern). Each stage creates its own instances
 * ({@link Shared#declare}); Spark ML finds them as public no-argument methods returning a {@link Param}. {@code T}
 * is the stage's own type, which the setters return.
 */
public interface AmgClusteringParams<T extends AmgClusteringParams<T>> extends Params {

  /** The shared params of one stage instance (serializable, as the stage that holds them is). */
  record Shared(IntParam k, Param<String> idCol, Param<String> predictionCol) implements Serializable {

    /** The shared params with {@code owner} as parent, their defaults ({@link AmgParams#defaults}) set on it. */
    static Shared declare(Params owner) {
      Shared s = new Shared(new IntParam(owner, "k", "number of clusters (>= 2)", ParamValidators.gtEq(2)),
          new Param<>(owner, "idCol", "vertex id column the model's transform joins on"),
          new Param<>(owner, "predictionCol", "output cluster column (int)"));
      owner.setDefault(s.k(), AmgParams.defaults(2).k());
      owner.setDefault(s.idCol(), Graph.ID);
      owner.setDefault(s.predictionCol(), "prediction");
      return s;
    }
  }

  /** This stage's instances of the shared params. */
  Shared shared();

  default IntParam k() {
    return shared().k();
  }

  default Param<String> idCol() {
    return shared().idCol();
  }

  default Param<String> predictionCol() {
    return shared().predictionCol();
  }

  default int getK() {
    return (Integer) getOrDefault(k());
  }

  default String getIdCol() {
    return getOrDefault(idCol());
  }

  default String getPredictionCol() {
    return getOrDefault(predictionCol());
  }

  @SuppressWarnings("unchecked")
  default T setIdCol(String v) {
    set(idCol(), v);
    return (T) this;
  }

  @SuppressWarnings("unchecked")
  default T setPredictionCol(String v) {
    set(predictionCol(), v);
    return (T) this;
  }
}
