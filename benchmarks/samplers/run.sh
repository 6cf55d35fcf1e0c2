#!/usr/bin/env bash
# Sample-quality table for the baseline samplers and jdd (Leskovec–Faloutsos criteria, KS D).
#
# Usage:  benchmarks/samplers/run.sh [OUT_DIR] [extra SamplerBenchmark args, e.g. --plots or --methods random-node,jdd]
# Default: wiki-Vote and p2p-Gnutella08 from ../shared/datasets, r = 0.5, 0.2, 0.1, 0.05, all five methods,
# local[2], results appended to OUT_DIR/results.csv (default /tmp/grasp-samplers-bench), then summarised by table.py.
# Expect tens of minutes on a quiet 2-core machine (every sample gets WCC/SCC, clustering, BFS and an SVD).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${1:-/tmp/grasp-samplers-bench}"
shift || true
DATA="${GRASP_DATASETS:-$ROOT/../shared/datasets}"
MASTER="${GRASP_MASTER:-local[2]}"
cd "$ROOT"
mkdir -p "$OUT"
BENCH_MEM=6g BENCH_JAVA_OPTS="-Dspark.master=$MASTER -Dspark.sql.shuffle.partitions=4" \
  benchmarks/java.sh benchmarks/samplers/SamplerBenchmark.java \
  --datasets "$DATA/wiki-Vote/wiki-Vote.txt,$DATA/p2p-Gnutella08/p2p-Gnutella08.txt" \
  --ratios 0.5,0.2,0.1,0.05 --out "$OUT" "$@"
python3 "$ROOT/benchmarks/samplers/table.py" "$OUT/results.csv"
