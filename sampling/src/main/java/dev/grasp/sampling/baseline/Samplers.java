package dev.grasp.sampling.baseline;

import dev.grasp.sampling.jdd.JddSampler;
import java.util.List;
import java.util.Locale;

/**
 * Samplers by method name, as the {@code grasp sample --method} option spells them: {@code random-node},
 * {@code random-edge}, {@code random-walk}, {@code forest-fire} (this package, default params) and {@code jdd} (the
 * JDM/DCM-preserving sampler of {@code dev.grasp.sampling.jdd}, default params).
 */
public final class Samplers {

  /** The accepted method names. */
  public static final List<String> METHODS =
      List.of("random-node", "random-edge", "random-walk", "forest-fire", "jdd");

  private Samplers() {}

  /** A sampler for {@code method} at target vertex ratio {@code ratio} with {@code seed}. */
  public static GraphSampler create(String method, double ratio, long seed) {
    String m = method == null ? "" : method.trim().toLowerCase(Locale.ROOT);
    return switch (m) {
      case "random-node" -> new RandomNodeSampler().setRatio(ratio).setSeed(seed);
      case "random-edge" -> new RandomEdgeSampler().setRatio(ratio).setSeed(seed);
      case "random-walk" -> new RandomWalkSampler().setRatio(ratio).setSeed(seed);
      case "forest-fire" -> new ForestFireSampler().setRatio(ratio).setSeed(seed);
      case "jdd" -> {
        JddSampler jdd = new JddSampler().setRatio(ratio).setSeed(seed);
        yield g -> jdd.sample(g).graph();
      }
      default -> throw new IllegalArgumentException(
          "`method` must be one of " + String.join(", ", METHODS) + ", got '" + method + "'");
    };
  }
}
