#!/usr/bin/env bash
# Benchmark: `grasp stats` on directed R-MAT graphs of ~1M, 4M, 16M edges (edge factor 16, scales 16/18/20) in local
# mode with a 1 GiB driver, printing seconds per million edges, the log-log slope of time vs edges, and the ratio
# to a baseline measured in the same run: reading the same Parquet edge list and counting it (the I/O floor).
#   benchmarks/stats/run.sh [scales…]        e.g. benchmarks/stats/run.sh 16 18      (default: 16 18 20)
# Writes graphs and outputs under ${GRASP_BENCH_DIR:-/tmp/grasp-bench}. Components and clustering are included
# (pass GRASP_STATS_FLAGS="--no-clustering" to leave triangle counting out).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
B="${GRASP_BENCH_DIR:-/tmp/grasp-bench}"
mkdir -p "$B"
SCALES=("${@:-16 18 20}")
# shellcheck disable=SC2206
SCALES=(${SCALES[@]})
G="$ROOT/bin/grasp"
results=()
for s in "${SCALES[@]}"; do
  g="$B/rmat$s"
  [ -f "$g/report.json" ] || "$G" generate rmat --scale "$s" --edge-factor 16 --seed 1 --output "$g" --overwrite >/dev/null
  edges=$(python3 -c "import json;print(json.load(open('$g/report.json'))['edges'])")
  t0=$(date +%s.%N)
  "$G" --driver-memory 1g stats --input "$g/edges" --format parquet --output "$B/stats$s" --overwrite \
    ${GRASP_STATS_FLAGS:-} >/dev/null
  t1=$(date +%s.%N)
  base=$(python3 -c "import json;print(json.load(open('$B/stats$s/report.json'))['timingsSeconds']['read'])")
  results+=("$edges $(echo "$t1 - $t0" | bc) $base")
done
python3 - "${results[@]}" <<'PY'
import math, sys
rows = [tuple(map(float, r.split())) for r in sys.argv[1:]]
print(f"{'edges':>12} {'stats s':>9} {'s/M edges':>10} {'read s':>8} {'ratio':>6}")
for e, t, b in rows:
    print(f"{int(e):>12} {t:>9.1f} {t / (e / 1e6):>10.2f} {b:>8.1f} {t / b:>6.1f}")
if len(rows) > 1:
    xs = [math.log(e) for e, _, _ in rows]; ys = [math.log(t) for _, t, _ in rows]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    print(f"log-log slope of time vs edges: {slope:.2f}")
PY
