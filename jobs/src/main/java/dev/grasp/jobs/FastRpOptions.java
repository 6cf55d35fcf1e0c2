package dev.grasp.jobs;

import dev.grasp.embedding.fastrp.FastRP;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** FastRP settings shared by {@code grasp embed} and {@code grasp evaluate link-prediction}. */
public final class FastRpOptions {

  @Option(names = "--dim", defaultValue = "128", description = "Embedding dimension (default: ${DEFAULT-VALUE}).")
  int dim;

  @Option(names = "--weights", defaultValue = "0,0,1,1",
      description = "Iteration weights α, comma separated; their count is the number of propagation steps "
          + "(default: ${DEFAULT-VALUE}; the paper's BlogCatalog setting is 0,0,1,6.67).")
  String weights;

  @Option(names = "--beta", defaultValue = "-0.5", description = "Normalisation strength β (default: ${DEFAULT-VALUE}).")
  double beta;

  @Option(names = "--self-influence", defaultValue = "0",
      description = "Weight of the normalised initial vector (default: ${DEFAULT-VALUE}).")
  double selfInfluence;

  @Option(names = "--sparsity", defaultValue = "3",
      description = "s of the very sparse projection, or sqrtN (default: ${DEFAULT-VALUE}).")
  String sparsity;

  @Option(names = "--orientation", defaultValue = "UNDIRECTED",
      description = "NATURAL | REVERSE | UNDIRECTED (default: ${DEFAULT-VALUE}).")
  String orientation;

  @Option(names = "--weighted", description = "Use the edge column `weight`.")
  boolean weighted;

  @Option(names = "--standardize", description = "Standardise output columns (as the reference code).")
  boolean standardize;

  @Option(names = "--property-ratio", defaultValue = "0",
      description = "Share of dimensions from the --attributes features (default: ${DEFAULT-VALUE}).")
  double propertyRatio;

  @Option(names = "--propagation", defaultValue = "columns",
      description = "columns | explode (default: ${DEFAULT-VALUE}).")
  String propagation;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
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
