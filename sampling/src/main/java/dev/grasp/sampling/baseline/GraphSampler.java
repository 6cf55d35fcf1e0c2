package dev.grasp.sampling.baseline;

import dev.grasp.graph.Graph;

/**
 * Anything that draws a sample graph from a graph: the baselines of this package, and any other sampler (the JDM/DCM
 * sampler fits as {@code g -> jddSampler.sample(g)} or a method reference). Vertices and edges keep the input's
 * columns.
 */
@FunctionalInterface
public interface GraphSampler {

  /** The default seed of every sampler, the baselines' and the JDM/DCM sampler's (fixed, so that runs repeat). */
  long DEFAULT_SEED = 20060820L;

  /** A sample of {@code g}. */
  Graph sample(Graph g);
}
