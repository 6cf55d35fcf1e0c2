package dev.grasp.sampling.jdd;

/**
 * One ±1 stub-balancing move: a sample node taken from DCM' class (fromIn, fromOut) and given to the class
 * (toIn, toOut) of the same row or column, so that Σ in-stubs = Σ out-stubs.
 *
 * @param fromIn in-degree of the class that loses a node
 * @param fromOut out-degree of the class that loses a node
 * @param toIn in-degree of the class that gains a node
 * @param toOut out-degree of the class that gains a node
 */
public record StubMove(long fromIn, long fromOut, long toIn, long toOut) {}
