#!/usr/bin/env bash
# Benchmark: `grasp rescale` (fit + transform) on FastRP embeddings (d = 128) of a directed R-MAT graph, local[2].
#
#   benchmarks/hyperbolic/bench.sh [scale=20] [edgeFactor=16]     (scale 20, factor 16: ~16M edges, ~1M id range)
#
# Steps, each a separate `bin/grasp` command timed from the outside (JVM start included):
#   1. generate the R-MAT graph (cached under the bench folder),
#   2. embed: FastRP d = 128, weights 0,0,1,1, β = -0.5 (the upstream step; its time is the first baseline),
#   3. rescale --mode target-radius: the closed-form global scale, one Newton solve + transform + write
#      (the second baseline: everything of the rescaler except the fit),
#   4. rescale --mode fit: block scales (b = 16, 8 blocks), 10 Adam iterations, 5 negatives per edge, on at most
#      --max-training-edges (default 1M) distinct edges, then transform + write.
# Prints the seconds of each and the ratios fit / target-radius and fit / embed, plus the rescaler's own stage
# timings from report.json. Env: GRASP_BENCH_DIR (default /tmp/grasp-bench-hyp), BENCH_MEM driver heap (default
# 10g; local mode runs the executors inside the driver), GRASP_MASTER (default local[2]), BENCH_ITER (10).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SCALE="${1:-20}"; EF="${2:-16}"
B="${GRASP_BENCH_DIR:-/tmp/grasp-bench-hyp}"
MEM="${BENCH_MEM:-10g}"; MASTER="${GRASP_MASTER:-local[2]}"; ITER="${BENCH_ITER:-10}"
G="$ROOT/bin/grasp"
mkdir -p "$B"
g="$B/rmat$SCALE-$EF"
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }
[ -f "$g/report.json" ] || "$G" generate rmat --master "$MASTER" --scale "$SCALE" --edge-factor "$EF" --seed 1 \
  --output "$g" --overwrite >"$B/generate.log" 2>&1
t0=$(now)
"$G" --driver-memory "$MEM" embed --master "$MASTER" --input "$g/edges" --format parquet --dim 128 \
  --weights 0,0,1,1 --beta -0.5 --seed 1 --output "$B/emb" --overwrite >"$B/embed.log" 2>&1
t1=$(now)
"$G" --driver-memory "$MEM" rescale --master "$MASTER" --embeddings "$B/emb" --mode target-radius \
  --block-size 16 --output "$B/target" --overwrite >"$B/target.log" 2>&1
t2=$(now)
"$G" --driver-memory "$MEM" rescale --master "$MASTER" --embeddings "$B/emb" --edges "$g/edges" --format parquet \
  --mode fit --block-size 16 --max-iter "$ITER" --seed 1 --output "$B/fit" --overwrite >"$B/fit.log" 2>&1
t3=$(now)
python3 - "$g/report.json" "$B/fit/report.json" "$(secs "$t0" "$t1")" "$(secs "$t1" "$t2")" "$(secs "$t2" "$t3")" <<'PY'
import json, sys
gen, fit = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
emb, tgt, ft = map(float, sys.argv[3:6])
s = fit.get("summary", {})
print(f"R-MAT: {gen['nodes']} nodes, {gen['edges']} edges; d = 128, local[2]")
print(f"embed (FastRP)            {emb:8.1f} s")
print(f"rescale target-radius     {tgt:8.1f} s")
print(f"rescale fit + transform   {ft:8.1f} s   (fit edges {s.get('fitEdges')}, non-edges {s.get('fitNonEdges')})")
print(f"ratio fit / target-radius {ft / tgt:8.2f}")
print(f"ratio fit / embed         {ft / emb:8.2f}")
print("rescaler stages (s): " + ", ".join(f"{k} {v:.1f}" for k, v in fit.get("timingsSeconds", {}).items()))
print("scales: " + ", ".join(f"{x:.3f}" for x in s.get("scales", [])))
PY
