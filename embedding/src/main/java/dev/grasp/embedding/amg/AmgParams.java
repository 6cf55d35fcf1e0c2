package dev.grasp.embedding.amg;

/**
 * Validated parameters of {@link AmgClustering}; every rule is checked in the constructor and a violation names the
 * parameter, the rule and the value.
 *
 * @param k number of clusters, ≥ 2
 * @param maxHierarchies bootstrap hierarchies (= smooth vectors, the embedding dimension before orthonormalisation), ≥ 1
 * @param iterationsPerHierarchy composite-solver iterations run after each new hierarchy, ≥ 1
 * @param coarsestSize levels with at most this many vertices (and within the driver's entry budget, see
 *     {@code Hierarchy.fitsDriver}) are collected to the driver, ≥ 2; it changes the cost, not the result
 * @param convergenceRatio stop adding hierarchies once the composite solver's per-iteration A-norm reduction is below
 *     this, in [0, 1) (0: always build {@code maxHierarchies})
 * @param seed seed of every random choice (vectors, matching ties, k-means)
 * @param checkpointInterval cut the lineage of the distributed solver iterate every this many iterations, ≥ 0 (0 never)
 * @param attributeWeight weight of every attribute edge, ≥ 0 (0: structure only)
 * @param restarts k-means runs; the one with the highest modularity is kept, ≥ 1
 * @param matchingRounds proposal rounds of the distributed matching per level, ≥ 1
 * @param hubDegree rows with more non-zeros are joined by broadcast, ≥ 1
 * @param useEdgeWeights read input edge weights (else every edge weighs 1, as the authors do)
 * @param maxAttributeBlocks at most this many attributes get their own k-means block; with more attributes a vertex
 *     gets one block, the mean of its value vertices' coordinates, ≥ 0
 * @param kmeansMaxIter Lloyd iterations per k-means run, ≥ 1
 * @param ritzDimensions k-means sees this many Ritz vectors of smallest Ritz value (Rayleigh–Ritz of the Laplacian
 *     on the span of the smooth vectors), ≥ 0; 0 = all orthonormalised smooth vectors, as the authors do
 */
public record AmgParams(int k, int maxHierarchies, int iterationsPerHierarchy, int coarsestSize,
    double convergenceRatio, long seed, int checkpointInterval, double attributeWeight, int restarts,
    int matchingRounds, int hubDegree, boolean useEdgeWeights, int maxAttributeBlocks, int kmeansMaxIter,
    int ritzDimensions) {

  /** The defaults (see docs/amg-clustering.md for how attributeWeight was chosen). */
  public static final double DEFAULT_ATTRIBUTE_WEIGHT = 0.1;

  public AmgParams {
    atLeast("k", k, 2);
    atLeast("maxHierarchies", maxHierarchies, 1);
    atLeast("iterationsPerHierarchy", iterationsPerHierarchy, 1);
    atLeast("coarsestSize", coarsestSize, 2);
    if (!(convergenceRatio >= 0.0 && convergenceRatio < 1.0)) {
      throw new IllegalArgumentException("`convergenceRatio` must be in [0, 1), got " + convergenceRatio);
    }
    atLeast("checkpointInterval", checkpointInterval, 0);
    if (!(attributeWeight >= 0.0) || Double.isInfinite(attributeWeight)) {
      throw new IllegalArgumentException("`attributeWeight` must be finite and >= 0, got " + attributeWeight);
    }
    atLeast("restarts", restarts, 1);
    atLeast("matchingRounds", matchingRounds, 1);
    atLeast("hubDegree", hubDegree, 1);
    atLeast("maxAttributeBlocks", maxAttributeBlocks, 0);
    atLeast("kmeansMaxIter", kmeansMaxIter, 1);
    atLeast("ritzDimensions", ritzDimensions, 0);
  }

  /** Defaults for {@code k} clusters. */
  public static AmgParams defaults(int k) {
    return new AmgParams(k, 10, 5, 200_000, 0.0, 42L, 10, DEFAULT_ATTRIBUTE_WEIGHT, 10, 4, 1000, false, 16, 50, k);
  }

  private static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException("`" + name + "` must be >= " + min + ", got " + value);
    }
  }

  public AmgParams withK(int v) {
    return new AmgParams(v, maxHierarchies, iterationsPerHierarchy, coarsestSize, convergenceRatio, seed,
        checkpointInterval, attributeWeight, restarts, matchingRounds, hubDegree, useEdgeWeights, maxAttributeBlocks,
        kmeansMaxIter, ritzDimensions);
  }

  public AmgParams withMaxHierarchies(int v) {
    return new AmgParams(k, v, iterationsPerHierarchy, coarsestSize, convergenceRatio, seed, checkpointInterval,
        attributeWeight, restarts, matchingRounds, hubDegree, useEdgeWeights, maxAttributeBlocks, kmeansMaxIter,
        ritzDimensions);
  }

  public AmgParams withIterationsPerHierarchy(int v) {
    return new AmgParams(k, maxHierarchies, v, coarsestSize, convergenceRatio, seed, checkpointInterval,
        attributeWeight, restarts, matchingRounds, hubDegree, useEdgeWeights, maxAttributeBlocks, kmeansMaxIter,
        ritzDimensions);
  }

  public AmgParams withCoarsestSize(int v) {
    return new AmgParams(k, maxHierarchies, iterationsPerHierarchy, v, convergenceRatio, seed, checkpointInterval,
        attributeWeight, restarts, matchingRounds, hubDegree, useEdgeWeights, maxAttributeBlocks, kmeansMaxIter,
        ritzDimensions);
  }

  public AmgParams withConvergenceRatio(double v) {
    return new AmgParams(k, maxHierarchies, iterationsPerHierarchy, coarsestSize, v, seed, checkpointInterval,
        attributeWeight, restarts, matchingRounds, hubDegree, useEdgeWeights, maxAttributeBlocks, kmeansMaxIter,
        ritzDimensions);
  }

  public AmgParams withSeed(long v) {
    return new AmgParams(k, maxHierarchies, iterationsPerHierarchy, coarsestSize, convergenceRatio, v,
        checkpointInterval, attributeWeight, restarts, matchingRounds, hubDegree, useEdgeWeights, maxAttributeBlocks,
        kmeansMaxIter, ritzDimensions);
  }

  public AmgParams withCheckpointInterval(int v) {
    return new AmgParams(k, maxHierarchies, iterationsPerHierarchy, coarsestSize, convergenceRatio, seed, v,
        attributeWeight, restarts, matchingRounds, hubDegree, useEdgeWeights, maxAttributeBlocks, kmeansMaxIter,
        ritzDimensions);
  }

  public AmgParams withAttributeWeight(double v) {
    return new AmgParams(k, maxHierarchies, iterationsPerHierarchy, coarsestSize, convergenceRatio, seed,
        checkpointInterval, v, restarts, matchingRounds, hubDegree, useEdgeWeights, maxAttributeBlocks, kmeansMaxIter,
        ritzDimensions);
  }

  public AmgParams withRestarts(int v) {
    return new AmgParams(k, maxHierarchies, iterationsPerHierarchy, coarsestSize, convergenceRatio, seed,
        checkpointInterval, attributeWeight, v, matchingRounds, hubDegree, useEdgeWeights, maxAttributeBlocks,
        kmeansMaxIter, ritzDimensions);
  }

  public AmgParams withMatchingRounds(int v) {
    return new AmgParams(k, maxHierarchies, iterationsPerHierarchy, coarsestSize, convergenceRatio, seed,
        checkpointInterval, attributeWeight, restarts, v, hubDegree, useEdgeWeights, maxAttributeBlocks, kmeansMaxIter,
        ritzDimensions);
  }

  public AmgParams withHubDegree(int v) {
    return new AmgParams(k, maxHierarchies, iterationsPerHierarchy, coarsestSize, convergenceRatio, seed,
        checkpointInterval, attributeWeight, restarts, matchingRounds, v, useEdgeWeights, maxAttributeBlocks,
        kmeansMaxIter, ritzDimensions);
  }

  public AmgParams withUseEdgeWeights(boolean v) {
    return new AmgParams(k, maxHierarchies, iterationsPerHierarchy, coarsestSize, convergenceRatio, seed,
        checkpointInterval, attributeWeight, restarts, matchingRounds, hubDegree, v, maxAttributeBlocks, kmeansMaxIter,
        ritzDimensions);
  }

  public AmgParams withMaxAttributeBlocks(int v) {
    return new AmgParams(k, maxHierarchies, iterationsPerHierarchy, coarsestSize, convergenceRatio, seed,
        checkpointInterval, attributeWeight, restarts, matchingRounds, hubDegree, useEdgeWeights, v, kmeansMaxIter,
        ritzDimensions);
  }

  public AmgParams withKmeansMaxIter(int v) {
    return new AmgParams(k, maxHierarchies, iterationsPerHierarchy, coarsestSize, convergenceRatio, seed,
        checkpointInterval, attributeWeight, restarts, matchingRounds, hubDegree, useEdgeWeights, maxAttributeBlocks,
        v, ritzDimensions);
  }

  public AmgParams withRitzDimensions(int v) {
    return new AmgParams(k, maxHierarchies, iterationsPerHierarchy, coarsestSize, convergenceRatio, seed,
        checkpointInterval, attributeWeight, restarts, matchingRounds, hubDegree, useEdgeWeights, maxAttributeBlocks,
        kmeansMaxIter, v);
  }
}
