/**
 * Baseline directed graph samplers of Leskovec &amp; Faloutsos, "Sampling from Large Graphs" (KDD 2006): random node,
 * random edge, random walk with restarts and jumps, forest fire. Each is a {@link dev.grasp.sampling.baseline.GraphSampler}
 * with Spark ML params (target ratio of vertices, seed), seeded by (seed, id) hashing so a sample does not depend on
 * the partitioning, and built from DataFrame operations.
 */
package dev.grasp.sampling.baseline;
