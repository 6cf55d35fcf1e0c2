package dev.grasp.sampling.jdd;

import dev.grasp.graph.Graph;

/**
 * The result of {@link JddSampler#sample}: the sample graph and its run report.
 *
 * @param graph vertices are original vertex rows (original {@code id} and attribute columns) of the chosen nodes;
 *     edges ({@code src}, {@code dst}) are synthetic — they realise the rescaled matrices and are not a subgraph
 * @param report sizes, fidelity figures and every adjustment made
 */
public record JddSample(Graph graph, JddReport report) {}
