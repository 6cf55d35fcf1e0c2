/**
 * Attributed graph clustering by Bootstrap AMG (D'Ambra, Vassilevski, Cutillo 2019/2023) on Spark: the SA-Cluster
 * augmented graph ({@link dev.grasp.embedding.amg.AugmentedGraph}), Bootstrap-AMG smooth vectors of its Laplacian
 * built with distributed compatible weighted matching, the k-means step ({@link dev.grasp.embedding.amg.AmgClustering}),
 * the attribute weight chosen by held-out likelihood ({@link dev.grasp.embedding.amg.AttributeWeightSearch}) and the
 * MLlib PIC baseline ({@link dev.grasp.embedding.amg.PicBaseline}).
 */
package dev.grasp.embedding.amg;
