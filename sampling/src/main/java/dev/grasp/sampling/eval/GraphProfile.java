package dev.grasp.sampling.eval;

import java.util.Map;
import java.util.NavigableMap;

/**
 * The statistics of one graph that a sample comparison needs, collected to the driver (each is a small
 * distinct-value table). Distributions map a value to its mass (a count, or a weight for clustering and spectra).
 *
 * @param vertices number of vertices
 * @param edges number of edges (as stored, multi-edges and loops included)
 * @param inDegrees in-degree → number of vertices
 * @param outDegrees out-degree → number of vertices
 * @param wccSizes weakly connected component size → number of components
 * @param sccSizes strongly connected component size → number of components
 * @param hops hop distance h ≥ 1 → number of (source, vertex) pairs at distance h, from the seeded BFS sources
 * @param hopSources number of BFS sources used
 * @param clusteringByDegree undirected degree d ≥ 2 → mean local clustering coefficient of the vertices of degree d
 * @param singularValues rank i (1-based) → i-th largest singular value of the 0/1 adjacency matrix
 * @param reciprocity fraction of distinct non-loop edges that are reciprocated
 * @param mutualDegrees mutual degree (reciprocated out-neighbours) → number of vertices
 * @param dcm (inDegree, outDegree) → number of vertices
 * @param jdm (srcOutDegree, dstInDegree) → number of edges
 */
public record GraphProfile(long vertices, long edges,
    NavigableMap<Double, Double> inDegrees, NavigableMap<Double, Double> outDegrees,
    NavigableMap<Double, Double> wccSizes, NavigableMap<Double, Double> sccSizes,
    NavigableMap<Double, Double> hops, int hopSources,
    NavigableMap<Double, Double> clusteringByDegree, NavigableMap<Double, Double> singularValues,
    double reciprocity, NavigableMap<Double, Double> mutualDegrees, Map<Cell, Long> dcm, Map<Cell, Long> jdm) {

  /** A cell (i, j) of a sparse count matrix. */
  public record Cell(long i, long j) {}
}
