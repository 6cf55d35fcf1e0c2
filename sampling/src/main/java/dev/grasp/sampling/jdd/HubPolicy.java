package dev.grasp.sampling.jdd;

/**
 * What to do with a degree class the sample cannot realise: a node whose out-degree exceeds the number of other
 * sample nodes that can receive an edge (or whose in-degree exceeds the number that can send one).
 */
public enum HubPolicy {
  /** Keep the nodes, lowering the offending degree to the largest realisable value (reported per class). */
  CAP,
  /** Remove the nodes from the sample (reported per class); the node count shrinks accordingly. */
  DROP,
  /** Throw, naming the classes. */
  FAIL
}
