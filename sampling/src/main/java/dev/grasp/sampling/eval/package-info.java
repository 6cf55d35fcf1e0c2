/**
 * Sample quality on the Leskovec–Faloutsos criteria ("Sampling from Large Graphs", KDD 2006): Kolmogorov–Smirnov D
 * between a sample and its original for in/out-degree, WCC and SCC sizes, hop-plot, clustering vs degree and top
 * singular values, plus reciprocity, the mutual-degree distribution and the relative L1 error of the DCM and JDM;
 * JSON report and PNG plots.
 */
package dev.grasp.sampling.eval;
