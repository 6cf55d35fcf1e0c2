/**
 * H4G-style hyperbolic rescaling: Poincaré-ball operations as Catalyst column expressions ({@link
 * dev.grasp.embedding.hyperbolic.PoincareBall}) and an Estimator/Model pair that maps Euclidean embeddings into the
 * ball and learns block-diagonal Möbius scales that shrink or grow radii for link prediction ({@link
 * dev.grasp.embedding.hyperbolic.HyperbolicRescaler}).
 */
package dev.grasp.embedding.hyperbolic;
