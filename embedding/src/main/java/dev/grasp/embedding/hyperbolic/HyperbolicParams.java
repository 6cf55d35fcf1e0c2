package dev.grasp.embedding.hyperbolic;

import java.io.Serializable;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The params {@link HyperbolicRescaler} and {@link HyperbolicRescalerModel} share, declared once with their docs,
 * validators and defaults (Spark ML's {@code *Params} trait pattern): columns, the ball's curvature and the block
 * structure of the scaling. Each stage creates its own instances ({@link Shared#declare}) and exposes them through
 * {@link #shared()}; Spark ML finds them as public no-argument methods returning a {@link Param}. {@code T} is the
 * stage's own type, which the setters return.
 */
public interface HyperbolicParams<T extends HyperbolicParams<T>> extends Params {

  /** The shared params of one stage instance (serializable, as the stage that holds them is). */
  record Shared(Param<String> inputCol, Param<String> outputCol, Param<String> radiusCol, DoubleParam curvature,
      IntParam blockSize, Param<String> blockType, DoubleParam inputScale, Param<String> inputNorm)
      implements Serializable {

    /** The shared params with {@code owner} as parent, their defaults set on it. */
    static Shared declare(Params owner) {
      Shared s = new Shared(
          new Param<>(owner, "inputCol", "input embedding column (array<double> or array<float>)"),
          new Param<>(owner, "outputCol", "output column: the point in the Poincaré ball (array<double>)"),
          new Param<>(owner, "radiusCol", "output column: the hyperbolic radius d(0, h) (double)"),
          new DoubleParam(owner, "curvature", "c of the ball of curvature -c (> 0)", ParamValidators.gt(0.0)),
          new IntParam(owner, "blockSize", "size b of the diagonal blocks of M; must divide d (>= 1)",
              ParamValidators.gtEq(1)),
          new Param<>(owner, "blockType", "scalar (block k is s_k·I_b) or diagonal (each dimension its own scale)",
              ParamValidators.inArray(new String[] {HyperbolicRescaler.SCALAR, HyperbolicRescaler.DIAGONAL})),
          new DoubleParam(owner, "inputScale", "factor applied to the embedding before exp₀ (> 0)",
              ParamValidators.gt(0.0)),
          new Param<>(owner, "inputNorm", "none (the embedding as it is) or unit (each embedding divided by its "
              + "Euclidean norm first, so every node starts at the same radius and only directions differ; a zero "
              + "vector stays at the origin)",
              ParamValidators.inArray(new String[] {HyperbolicRescaler.NORM_NONE, HyperbolicRescaler.NORM_UNIT})));
      owner.setDefault(s.inputCol(), "embedding");
      owner.setDefault(s.outputCol(), "hyperbolic");
      owner.setDefault(s.radiusCol(), "radius");
      owner.setDefault(s.curvature(), 1.0);
      owner.setDefault(s.blockSize(), 8);
      owner.setDefault(s.blockType(), HyperbolicRescaler.SCALAR);
      owner.setDefault(s.inputScale(), 1.0);
      owner.setDefault(s.inputNorm(), HyperbolicRescaler.NORM_NONE);
      return s;
    }
  }

  /** This stage's instances of the shared params. */
  Shared shared();

  default Param<String> inputCol() {
    return shared().inputCol();
  }

  default Param<String> outputCol() {
    return shared().outputCol();
  }

  default Param<String> radiusCol() {
    return shared().radiusCol();
  }

  default DoubleParam curvature() {
    return shared().curvature();
  }

  default IntParam blockSize() {
    return shared().blockSize();
  }

  default Param<String> blockType() {
    return shared().blockType();
  }

  default DoubleParam inputScale() {
    return shared().inputScale();
  }

  default Param<String> inputNorm() {
    return shared().inputNorm();
  }

  default String getInputCol() {
    return getOrDefault(inputCol());
  }

  default String getOutputCol() {
    return getOrDefault(outputCol());
  }

  default String getRadiusCol() {
    return getOrDefault(radiusCol());
  }

  default double getCurvature() {
    return (Double) getOrDefault(curvature());
  }

  default int getBlockSize() {
    return (Integer) getOrDefault(blockSize());
  }

  default String getBlockType() {
    return getOrDefault(blockType());
  }

  default double getInputScale() {
    return (Double) getOrDefault(inputScale());
  }

  default String getInputNorm() {
    return getOrDefault(inputNorm());
  }

  /** Whether each embedding is divided by its norm before the map ({@code inputNorm = unit}). */
  default boolean unitInput() {
    return HyperbolicRescaler.NORM_UNIT.equals(getInputNorm());
  }

  @SuppressWarnings("unchecked")
  default T setInputCol(String v) {
    set(inputCol(), v);
    return (T) this;
  }

  @SuppressWarnings("unchecked")
  default T setOutputCol(String v) {
    set(outputCol(), v);
    return (T) this;
  }

  @SuppressWarnings("unchecked")
  default T setRadiusCol(String v) {
    set(radiusCol(), v);
    return (T) this;
  }

  @SuppressWarnings("unchecked")
  default T setCurvature(double v) {
    set(curvature(), v);
    return (T) this;
  }

  @SuppressWarnings("unchecked")
  default T setInputScale(double v) {
    set(inputScale(), v);
    return (T) this;
  }

  @SuppressWarnings("unchecked")
  default T setInputNorm(String v) {
    set(inputNorm(), v);
    return (T) this;
  }
}
