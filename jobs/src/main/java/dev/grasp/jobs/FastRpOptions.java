package dev.grasp.jobs;

import dev.grasp.embedding.fastrp.FastRP;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** FastRP settings shared by {@code grasp embed} and {@code grasp evaluate link-prediction}. */
public final class FastRpOptions {

  // Help and defaults come from FastRP's params (StageParams: descriptionKey "fastrp.<param>").
  @Option(names = "--dim", descriptionKey = "fastrp.dimension")
  int dim;

  @Option(names = "--weights", descriptionKey = "fastrp.iterationWeights")
  String weights;

  @Option(names = "--beta", descriptionKey = "fastrp.normalizationStrength")
  double beta;

  @Option(names = "--self-influence", descriptionKey = "fastrp.nodeSelfInfluence")
  double selfInfluence;

  @Option(names = "--sparsity", descriptionKey = "fastrp.sparsity")
  String sparsity;

  @Option(names = "--orientation", descriptionKey = "fastrp.orientation")
  String orientation;

  @Option(names = "--weighted", description = "Use the edge column `weight`.")
  boolean weighted;

  @Option(names = "--standardize", description = "Standardise output columns (as the reference code).")
  boolean standardize;

  @Option(names = "--property-ratio", descriptionKey = "fastrp.propertyRatio")
  double propertyRatio;

  @Option(names = "--propagation", descriptionKey = "fastrp.propagation")
  String propagation;

  @Option(names = "--seed", descriptionKey = "fastrp.seed")
  long seed;

  /** The configured stage; throws IllegalArgumentException naming the option on bad values. */
  public FastRP stage(boolean withFeatures) {
    if (dim < 1) {
      throw new IllegalArgumentException("`--dim` must be >= 1, got " + dim);
    }
    double[] alpha;
    try {
      alpha = Arrays.stream(weights.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("`--weights` must be comma-separated numbers, got '" + weights + "'");
    }
    FastRP f;
    try {
      f = new FastRP().setDimension(dim).setIterationWeights(alpha).setNormalizationStrength(beta)
          .setNodeSelfInfluence(selfInfluence).setSparsity(sparsity).setOrientation(orientation)
          .setStandardize(standardize).setPropagation(propagation).setSeed(seed);
      if (weighted) {
        f.setWeightCol("weight");
      }
      if (withFeatures) {
        f.setFeatureCols("features").setPropertyRatio(propertyRatio);
      } else if (propertyRatio != 0) {
        throw new IllegalArgumentException("`--property-ratio` needs `--attributes`, got " + propertyRatio);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().startsWith("requirement failed")
          ? "FastRP option out of range: " + e.getMessage() : e.getMessage(), e);
    }
    return f;
  }

  /** Parameters for the run report. */
  public java.util.Map<String, Object> describe() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("dim", dim);
    m.put("weights", weights);
    m.put("beta", beta);
    m.put("selfInfluence", selfInfluence);
    m.put("sparsity", sparsity);
    m.put("orientation", orientation);
    m.put("weighted", weighted);
    m.put("standardize", standardize);
    m.put("propertyRatio", propertyRatio);
    m.put("propagation", propagation);
    m.put("seed", seed);
    return m;
  }
}
