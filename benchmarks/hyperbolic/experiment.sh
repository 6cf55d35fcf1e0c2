#!/usr/bin/env bash
# Link-prediction experiment of docs/hyperbolic.md: cosine on FastRP vs Poincaré variants, 3 seeds per dataset.
# Usage: benchmarks/hyperbolic/experiment.sh [datasets=cora,wiki-Vote] [seeds=3] [maxIter=30]
# Writes /tmp/hyperbolic-experiment-<dataset>.md (one run per dataset, so a slow one does not lose the other).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATASETS="${1:-cora,wiki-Vote}"
SEEDS="${2:-3}"
ITERS="${3:-30}"
for ds in ${DATASETS//,/ }; do
  BENCH_MEM=4g BENCH_JAVA_OPTS="-Dgrasp.experiment.datasets=$ds -Dgrasp.experiment.seeds=$SEEDS \
    -Dgrasp.experiment.maxIter=$ITERS -Dgrasp.experiment.out=/tmp/hyperbolic-experiment-$ds.md" \
    benchmarks/java.sh benchmarks/hyperbolic/HyperbolicLinkPredictionExperiment.java 2>/dev/null \
    | grep --line-buffered -E 'seed [0-9]+ |ERROR' || true
done
