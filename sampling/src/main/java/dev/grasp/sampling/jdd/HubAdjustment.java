package dev.grasp.sampling.jdd;

/**
 * One unrealisable (hub) class of the rescaled DCM and what was done with it.
 *
 * @param inDegree original in-degree of the class
 * @param outDegree original out-degree of the class
 * @param count sample nodes of the class affected
 * @param action {@code capped} or {@code dropped}
 * @param newInDegree in-degree in the sample ({@code -1} when dropped)
 * @param newOutDegree out-degree in the sample ({@code -1} when dropped)
 * @param maxInDegree largest realisable in-degree for this class in the sample
 * @param maxOutDegree largest realisable out-degree for this class in the sample
 */
public record HubAdjustment(long inDegree, long outDegree, long count, String action, long newInDegree,
    long newOutDegree, long maxInDegree, long maxOutDegree) {}
