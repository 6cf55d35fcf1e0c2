/**
 * JDM/DCM-preserving sampling of directed graphs: a sample whose degree correlation matrix (DCM) and joint degree
 * matrix (JDM) are the input's, linearly rescaled to a ratio r, built block by block on Spark.
 *
 * <p>Entry point: {@link dev.grasp.sampling.jdd.JddSampler}. Driver-side pieces: {@link
 * dev.grasp.sampling.jdd.Rescaler} (controlled rounding, stub balance, JDM by min-cost flow, C1–C3 check), {@link
 * dev.grasp.sampling.jdd.BlockDesign} (the closed-form multi-edge-free matching inside one JDM block), {@link
 * dev.grasp.sampling.jdd.Repairer} (self-loop removal that keeps every degree and block). See docs/sampling-jdd.md.
 * Reference:
 * <i>Constructing and Sampling Directed Graphs with Linearly Rescaled Degree Matrices</i> (arXiv 2507.23025, 2025);
 * Tillman, Markopoulou, Butts, Gjoka, <i>Construction of Directed 2K Graphs</i>, KDD 2017.
 */
package dev.grasp.sampling.jdd;
