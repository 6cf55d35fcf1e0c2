package dev.grasp.sampling.jdd;

/**
 * How the rescaled degree marginals r·N_in(l) and r·N_out(k) are rounded to integers. Both keep every class within 1
 * of r·N and the total at round(r·|V|); they differ in where the rounding error accumulates.
 */
public enum MarginalRounding {
  /**
   * N'(≤ d) = round(r·N(≤ d)) for every degree d, in degree order: the sample's cumulative distribution is within
   * 0.5 node of the rescaled original's at every degree, so KS ≤ 1/|V'|. The default.
   */
  CUMULATIVE,
  /**
   * Largest-remainder (Hamilton) apportionment: floors, then one unit to each of the largest fractional parts
   * (ties by seeded hash). Its errors can pile up on one side of the distribution (the sparse tail of a heavy-tailed
   * degree sequence loses most of its fractional mass), so KS grows as r shrinks.
   */
  LARGEST_REMAINDER
}
