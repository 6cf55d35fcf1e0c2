#!/usr/bin/env bash
# Benchmark: `grasp sample --method jdd` against a whole directed-2K sampling pipeline in one Python process
# (benchmarks/jdd/networkx_rescale_pipeline.py: read, simplify, DCM/JDM, rounding, stub balance, JDM' by
# networkx.network_simplex, networkx.directed_joint_degree_graph, check), both whole processes, on the same input at
# the same ratio, alternately, in the same run.
#
#   benchmarks/jdd/peer.sh [INPUT] [RATIO] [RUNS]
#   defaults: ../shared/datasets/wiki-Vote/wiki-Vote.txt (beside the checkout), 0.5, 3
#
# Prints each pair's seconds, the medians and `RESULT grasp_s=… networkx_s=… ratio=…` (grasp / networkx: < 1 means
# grasp is faster), then both samples' quality against the simple input (KS D in/out, rel-L1 of DCM and JDM, simple
# or not), computed by the Python script for both. Environment: BENCH_DIR (/tmp/grasp-bench-jdd-peer), PYTHON
# (/usr/bin/python3 with python3-networkx), GRASP_MASTER (local[2]).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INPUT="${1:-$ROOT/../shared/datasets/wiki-Vote/wiki-Vote.txt}"
RATIO="${2:-0.5}"
RUNS="${3:-3}"
DIR="${BENCH_DIR:-/tmp/grasp-bench-jdd-peer}"
PY="${PYTHON:-/usr/bin/python3}"
MASTER="${GRASP_MASTER:-local[2]}"
[ -s "$INPUT" ] || { echo "peer.sh: no input at $INPUT" >&2; exit 2; }
"$PY" -c "import networkx" 2>/dev/null || { echo "peer.sh: $PY has no networkx (apt-get install python3-networkx)" >&2; exit 2; }
rm -rf "$DIR"; mkdir -p "$DIR"
G="$ROOT/bin/grasp"
# one untimed run each: the jar built and the JVM class archive written, Python's modules cached
"$G" sample --master "$MASTER" --input "$INPUT" --format snap --method jdd --ratio "$RATIO" --seed 7 \
  --output "$DIR/sample" --output-format csv --overwrite >"$DIR/warmup.log" 2>&1
"$PY" "$ROOT/benchmarks/jdd/networkx_rescale_pipeline.py" "$INPUT" "$RATIO" >/dev/null
rows=()
for run in $(seq 1 "$RUNS"); do
  t0=$(date +%s.%N)
  "$G" sample --master "$MASTER" --input "$INPUT" --format snap --method jdd --ratio "$RATIO" --seed 7 \
    --output "$DIR/sample" --output-format csv --overwrite >"$DIR/grasp-$run.log" 2>&1
  t1=$(date +%s.%N)
  "$PY" "$ROOT/benchmarks/jdd/networkx_rescale_pipeline.py" "$INPUT" "$RATIO" >"$DIR/networkx-$run.txt"
  t2=$(date +%s.%N)
  g=$(echo "$t1 - $t0" | bc); n=$(echo "$t2 - $t1" | bc)
  echo "run $run: grasp ${g} s, networkx ${n} s (read / rescale / build / check / total: $(head -n 1 "$DIR/networkx-$run.txt"))"
  rows+=("$g $n")
done
"$PY" - "${rows[@]}" <<'PY'
import statistics, sys
g = [float(r.split()[0]) for r in sys.argv[1:]]
n = [float(r.split()[1]) for r in sys.argv[1:]]
ratios = sorted(a / b for a, b in zip(g, n))
print(f"RESULT grasp_s={statistics.median(g):.2f} networkx_s={statistics.median(n):.2f} "
      f"ratio={statistics.median(ratios):.3f} (pairwise {ratios[0]:.3f}..{ratios[-1]:.3f})")
PY
# quality of both samples (untimed): the Python pipeline once more, with grasp's sample beside it
"$PY" "$ROOT/benchmarks/jdd/networkx_rescale_pipeline.py" "$INPUT" "$RATIO" "$DIR/sample" | tail -n 2
