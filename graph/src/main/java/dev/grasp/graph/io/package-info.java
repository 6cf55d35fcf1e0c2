/**
 * Input and output: {@link dev.grasp.graph.io.GraphReader} (SNAP, CSV/TSV, Parquet edge lists with policies and a
 * read report), {@link dev.grasp.graph.io.NodeTables} (labels, LINQS attributes), {@link dev.grasp.graph.io.IdMapping}
 * (string ids), {@link dev.grasp.graph.io.TableWriter} and {@link dev.grasp.graph.io.AtomicOutput} (outputs that
 * appear whole or not at all).
 */
package dev.grasp.graph.io;
