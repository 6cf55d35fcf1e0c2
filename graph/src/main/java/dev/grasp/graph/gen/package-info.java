/** Seeded graph generators for scale tests and benchmarks: directed R-MAT and an attributed stochastic block model. */
package dev.grasp.graph.gen;
