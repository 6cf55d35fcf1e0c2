package dev.grasp.jobs;

import dev.grasp.sampling.eval.SampleComparison;
import picocli.CommandLine.Option;

/** Settings of a sample comparison (hop-plot BFS sources and depth, number of singular values, seed). */
public final class CompareOptions {

  @Option(names = "--hop-sources", defaultValue = "64",
      description = "BFS sources of the approximate hop-plot (default: ${DEFAULT-VALUE}).")
  int hopSources;

  @Option(names = "--max-hops", defaultValue = "50", description = "BFS depth limit (default: ${DEFAULT-VALUE}).")
  int maxHops;

  @Option(names = "--singular-values", defaultValue = "20",
      description = "Number of top singular values compared (default: ${DEFAULT-VALUE}).")
  int singularValues;

  @Option(names = "--compare-seed", defaultValue = "20060820",
      description = "Seed of the BFS source choice (default: ${DEFAULT-VALUE}).")
  long compareSeed;

  /** The validated settings record. */
  public SampleComparison.Settings settings() {
    return new SampleComparison.Settings(hopSources, maxHops, singularValues, compareSeed);
  }
}
