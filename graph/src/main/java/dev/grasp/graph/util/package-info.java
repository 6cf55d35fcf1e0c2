/** Utilities every algorithm shares: seeded hashing randomness ({@link dev.grasp.graph.util.Seeds}) and lineage
 * cutting for iterative stages ({@link dev.grasp.graph.util.LineageCutter}). */
package dev.grasp.graph.util;
