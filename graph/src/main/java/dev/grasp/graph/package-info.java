/**
 * The graph value shared by every grasp algorithm: two DataFrames in the GraphFrames data model
 * ({@link dev.grasp.graph.Graph}). Subpackages: {@code io} (readers, writers, atomic outputs), {@code stats} (degrees,
 * DCM/JDM, components, clustering, KS distances), {@code gen} (seeded generators), {@code util} (seeded hashing,
 * lineage cutting).
 */
package dev.grasp.graph;
