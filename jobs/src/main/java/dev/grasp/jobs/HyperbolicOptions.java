package dev.grasp.jobs;

import dev.grasp.embedding.hyperbolic.HyperbolicRescaler;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The hyperbolic rescaler's settings shared by {@code grasp rescale} and {@code grasp evaluate link-prediction
 * --score poincare}; help and defaults come from {@link HyperbolicRescaler}'s params (StageParams). The mode and the
 * seed are the commands' own options (link-prediction names them {@code --rescale-mode} and seeds with its split).
 */
public final class HyperbolicOptions {

  @Option(names = "--curvature", descriptionKey = "hyperbolic.curvature")
  double curvature;

  @Option(names = "--block-size", descriptionKey = "hyperbolic.blockSize")
  int blockSize;

  @Option(names = "--block-type", descriptionKey = "hyperbolic.blockType")
  String blockType;

  @Option(names = "--input-scale", descriptionKey = "hyperbolic.inputScale")
  double inputScale;

  @Option(names = "--input-norm", descriptionKey = "hyperbolic.inputNorm")
  String inputNorm;

  @Option(names = "--target-radius", descriptionKey = "hyperbolic.targetRadius")
  double targetRadius;

  @Option(names = "--radius-penalty", descriptionKey = "hyperbolic.radiusPenalty")
  double radiusPenalty;

  @Option(names = "--max-iter", descriptionKey = "hyperbolic.maxIter")
  int maxIter;

  @Option(names = "--step-size", descriptionKey = "hyperbolic.stepSize")
  double stepSize;

  @Option(names = "--negative-samples", descriptionKey = "hyperbolic.negativeSamples")
  int negativeSamples;

  @Option(names = "--max-training-edges", descriptionKey = "hyperbolic.maxTrainingEdges")
  long maxTrainingEdges;

  /** The estimator for these options (output columns h and radius); its param validators name bad values. */
  HyperbolicRescaler stage(String mode, long seed) {
    return new HyperbolicRescaler().setCurvature(curvature).setBlockSize(blockSize).setBlockType(blockType)
        .setInputScale(inputScale).setInputNorm(inputNorm).setMode(mode).setTargetRadius(targetRadius)
        .setRadiusPenalty(radiusPenalty).setMaxIter(maxIter).setStepSize(stepSize).setNegativeSamples(negativeSamples)
        .setSeed(seed).setMaxTrainingEdges(maxTrainingEdges).setInputCol("embedding").setOutputCol("h")
        .setRadiusCol("radius");
  }

  /** Parameters for the run report. */
  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("curvature", curvature);
    m.put("blockSize", blockSize);
    m.put("blockType", blockType);
    m.put("inputScale", inputScale);
    m.put("inputNorm", inputNorm);
    m.put("targetRadius", targetRadius);
    m.put("radiusPenalty", radiusPenalty);
    m.put("maxIter", maxIter);
    m.put("stepSize", stepSize);
    m.put("negativeSamples", negativeSamples);
    m.put("maxTrainingEdges", maxTrainingEdges);
    return m;
  }
}
