/** FastRP node embeddings (Chen et al., CIKM 2019) as a Spark ML stage whose random vectors are a pure function of
 * (seed, node id): {@link dev.grasp.embedding.fastrp.FastRP}. */
package dev.grasp.embedding.fastrp;
