package dev.grasp.sampling.jdd;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;

/**
 * The run report of one JDM/DCM sample, in named parts; {@link #toJson()} writes them as one flat object (the field
 * names below), so report.json keeps one level.
 *
 * @param settings what was asked for
 * @param sizes the input (after simplification) and the sample
 * @param fidelity how close the sample is to its target and to the input
 * @param reciprocity mutual pairs in the input, the aim and the sample
 * @param check what the verification recomputed from the sample's edges
 * @param construction the parallel construction's work
 * @param rescaling what the driver-side rescaling had to change
 * @param seconds wall time per phase
 */
public record JddReport(@JsonUnwrapped Settings settings, @JsonUnwrapped Sizes sizes, @JsonUnwrapped Fidelity fidelity,
    @JsonUnwrapped Reciprocity reciprocity, @JsonUnwrapped Check check, @JsonUnwrapped Construction construction,
    @JsonUnwrapped Rescaling rescaling, @JsonUnwrapped Seconds seconds) {

  /**
   * @param ratio the ratio used (numNodes / |V| when a node count was given)
   * @param numNodesRequested the requested node count, 0 when the ratio was given
   * @param seed the seed
   * @param hubPolicy the hub policy
   * @param marginalRounding how r·N_in and r·N_out were rounded ({@code cumulative} or {@code largestRemainder})
   */
  public record Settings(double ratio, long numNodesRequested, long seed, String hubPolicy, String marginalRounding) {}

  /**
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
   */
  public record Sizes(long inputEdges, long selfLoopsRemoved, long multiEdgesRemoved, long numVertices,
      long numEdges, long sampleVertices, long sampleEdges, long nnzDcm, long nnzJdm, long nnzDcmSample,
      long nnzJdmSample) {}

  /**
   * @param ksIn KS distance of the in-degree distributions, sample vs input
   * @param ksOut KS distance of the out-degree distributions, sample vs input
   * @param dcmRelL1Target rel-L1 of the sample's DCM against the exact rescaled target DCM' (0 when realised exactly)
   * @param jdmRelL1Target rel-L1 of the sample's JDM against the exact rescaled target JDM' (0 when realised exactly)
   * @param dcmRelL1Original rel-L1 of the sample's DCM against s·DCM, s = |V'| / |V|
   * @param jdmRelL1Original rel-L1 of the sample's JDM against s·JDM, s = |E'| / |E|
   */
  public record Fidelity(double ksIn, double ksOut, double dcmRelL1Target, double jdmRelL1Target,
      double dcmRelL1Original, double jdmRelL1Original) {}

  /**
   * Reciprocity: the fraction of edges u→v whose reverse v→u is an edge too (2 · mutual pairs / edges).
   *
   * @param reciprocity {@code ignore} (mutual pairs fall where the construction puts them) or {@code keep} (the
   *     sample is rewired toward each sample node's input mutual degree, DCM and JDM unchanged;
   *     {@link MutualRewiring})
   * @param reciprocityInput reciprocity of the (simplified) input
   * @param reciprocityTarget 2 · aim / |E'|, aim = round(reciprocityInput · |E'| / 2) mutual pairs: what {@code keep}
   *     aims at; −1 under {@code ignore}
   * @param reciprocitySample reciprocity of the sample; −1 when neither verified nor rewired
   * @param ksMutualDegree KS distance of the mutual-degree distributions, sample vs input; −1 when not known
   * @param reciprocityMoves rewiring moves made by {@code keep} (0 under {@code ignore})
   * @param reciprocityForced the least reciprocity any graph with the sample's node degrees and JDM can have: 2 · the
   *     pairs whose two JDM blocks are complete / |E'| (small samples of dense hubs force pairs); −1 under
   *     {@code ignore}
   */
  public record Reciprocity(String reciprocity, double reciprocityInput, double reciprocityTarget,
      double reciprocitySample, double ksMutualDegree, long reciprocityMoves, double reciprocityForced) {}

  /**
   * @param verified whether the sample's matrices, self-loops and duplicates were recomputed from its edges
   * @param constructedEqualsTarget the recomputed DCM and JDM equal DCM' and JDM' exactly (only when verified)
   * @param sampleSelfLoops self-loops in the sample (0 expected; −1 when not verified)
   * @param sampleDuplicateEdges duplicated (src, dst) pairs in the sample (0 expected; −1 when not verified)
   */
  public record Check(boolean verified, boolean constructedEqualsTarget, long sampleSelfLoops,
      long sampleDuplicateEdges) {}

  /**
   * @param blocksBuilt non-empty JDM' blocks constructed
   * @param chunks parallel work units (blocks split into chunks of at most chunkSize edges)
   * @param repairs endpoint swaps and rank moves made to remove self-loops (degrees and blocks unchanged)
   */
  public record Construction(long blocksBuilt, long chunks, long repairs) {}

  /**
   * @param hubs unrealisable hub classes and what was done with them
   * @param stubMoves the ±1 stub-balancing moves between DCM' classes
   * @param dcmCellsOffByOneOrMore DCM cells whose DCM' count differs from r·count by 1 or more
   * @param marginalDeviation Σ |N'_in − LR(r·N_in)| + Σ |N'_out − LR(r·N_out)| after rounding (0 = exact marginals)
   * @param jdmCellsOffByOneOrMore JDM target cells whose JDM' count differs from r·count by 1 or more
   * @param jdmEdgesOutsideSupport JDM' edges in (k, l) cells where the input's JDM is 0
   * @param jdmUsedFullGrid whether the JDM' flow needed cells outside the input's support
   */
  public record Rescaling(List<HubAdjustment> hubs, List<StubMove> stubMoves, long dcmCellsOffByOneOrMore,
      long marginalDeviation, long jdmCellsOffByOneOrMore, long jdmEdgesOutsideSupport, boolean jdmUsedFullGrid) {}

  /**
   * @param secondsStats wall time of the input statistics
   * @param secondsRescale wall time of the driver-side rescaling
   * @param secondsConstruct wall time of the construction (until the sample edges are materialised)
   * @param secondsVerify wall time of the verification (0 when not verified)
   */
  public record Seconds(double secondsStats, double secondsRescale, double secondsConstruct, double secondsVerify) {}

  /** The report as pretty-printed JSON: one flat object of the parts' fields. */
  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the JDD report", e);
    }
  }
}
