package dev.grasp.sampling.jdd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;

/**
 * The run report of one JDM/DCM sample (serialised by {@link #toJson()}).
 *
 * @param ratio the ratio used (numNodes / |V| when a node count was given)
 * @param numNodesRequested the requested node count, 0 when the ratio was given
 * @param seed the seed
 * @param hubPolicy the hub policy
 * @param marginalRounding how r·N_in and r·N_out were rounded ({@code cumulative} or {@code largestRemainder})
 * @param inputEdges edge rows of the input
 * @param selfLoopsRemoved input self-loops dropped before sampling (a simple digraph is sampled)
 * @param multiEdgesRemoved duplicate input edges dropped before sampling
 * @param numVertices |V| of the (simplified) input
 * @param numEdges |E| of the (simplified) input
 * @param sampleVertices |V'|
 * @param sampleEdges |E'|
 * @param nnzDcm non-zero DCM entries of the input
 * @param nnzJdm non-zero JDM entries of the input
 * @param nnzDcmSample non-zero DCM' entries
 * @param nnzJdmSample non-zero JDM' entries
 * @param ksIn KS distance of the in-degree distributions, sample vs input
 * @param ksOut KS distance of the out-degree distributions, sample vs input
 * @param dcmRelL1Target rel-L1 of the sample's DCM against the exact rescaled target DCM' (0 when realised exactly)
 * @param jdmRelL1Target rel-L1 of the sample's JDM against the exact rescaled target JDM' (0 when realised exactly)
 * @param dcmRelL1Original rel-L1 of the sample's DCM against s·DCM, s = |V'| / |V|
 * @param jdmRelL1Original rel-L1 of the sample's JDM against s·JDM, s = |E'| / |E|
 * @param verified whether the sample's matrices, self-loops and duplicates were recomputed from its edges
 * @param constructedEqualsTarget the recomputed DCM and JDM equal DCM' and JDM' exactly (only when verified)
 * @param sampleSelfLoops self-loops in the sample (0 expected; −1 when not verified)
 * @param sampleDuplicateEdges duplicated (src, dst) pairs in the sample (0 expected; −1 when not verified)
 * @param blocksBuilt non-empty JDM' blocks constructed
 * @param chunks parallel work units (blocks split into chunks of at most chunkSize edges)
 * @param repairs endpoint swaps and rank moves made to remove self-loops (degrees and blocks unchanged)
 * @param hubs unrealisable hub classes and what was done with them
 * @param stubMoves the ±1 stub-balancing moves between DCM' classes
 * @param dcmCellsOffByOneOrMore DCM cells whose DCM' count differs from r·count by 1 or more
 * @param marginalDeviation Σ |N'_in − LR(r·N_in)| + Σ |N'_out − LR(r·N_out)| after rounding (0 = exact marginals)
 * @param jdmCellsOffByOneOrMore JDM target cells whose JDM' count differs from r·count by 1 or more
 * @param jdmEdgesOutsideSupport JDM' edges in (k, l) cells where the input's JDM is 0
 * @param jdmUsedFullGrid whether the JDM' flow needed cells outside the input's support
 * @param secondsStats wall time of the input statistics
 * @param secondsRescale wall time of the driver-side rescaling
 * @param secondsConstruct wall time of the construction (until the sample edges are materialised)
 * @param secondsVerify wall time of the verification (0 when not verified)
 */
public record JddReport(double ratio, long numNodesRequested, long seed, String hubPolicy, String marginalRounding,
    long inputEdges,
    long selfLoopsRemoved, long multiEdgesRemoved, long numVertices, long numEdges, long sampleVertices,
    long sampleEdges, long nnzDcm, long nnzJdm, long nnzDcmSample, long nnzJdmSample, double ksIn, double ksOut,
    double dcmRelL1Target, double jdmRelL1Target, double dcmRelL1Original, double jdmRelL1Original, boolean verified,
    boolean constructedEqualsTarget, long sampleSelfLoops, long sampleDuplicateEdges, long blocksBuilt, long chunks,
    long repairs, List<HubAdjustment> hubs, List<StubMove> stubMoves, long dcmCellsOffByOneOrMore,
    long marginalDeviation, long jdmCellsOffByOneOrMore, long jdmEdgesOutsideSupport, boolean jdmUsedFullGrid,
    double secondsStats, double secondsRescale, double secondsConstruct, double secondsVerify) {

  /** The report as pretty-printed JSON. */
  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the JDD report", e);
    }
  }
}
