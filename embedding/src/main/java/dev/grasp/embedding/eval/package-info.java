/** Embedding quality measures: multi-label node classification (one-vs-rest logistic regression, Micro/Macro-F1),
 * link prediction on a seeded edge split (AUC, average precision) and clustering metrics. */
package dev.grasp.embedding.eval;
