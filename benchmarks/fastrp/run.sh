#!/usr/bin/env bash
# FastRP on R-MAT graphs: Spark (local[2]) next to a single-process scipy reference of the same algorithm, same graph.
#   benchmarks/fastrp/run.sh [scales…]        default scales "16 18 20" (edge factor 16: ~1M, ~4M, ~16M edges)
# Environment: BENCH_DIM (128), BENCH_ITER (3), BENCH_MEM (driver heap, 8g), BENCH_DATA (/tmp/grasp-fastrp-bench),
# BENCH_PROPAGATION (columns | explode). Runs FastRPBench.java on the jobs jar (benchmarks/java.sh). Needs python3-scipy.
# Prints one line per size (both times, ratio) and the log-log slopes of time against edges.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/benchmarks/fastrp"
DIM="${BENCH_DIM:-128}"; ITER="${BENCH_ITER:-3}"; MEM="${BENCH_MEM:-8g}"
DATA="${BENCH_DATA:-/tmp/grasp-fastrp-bench}"; PROP="${BENCH_PROPAGATION:-columns}"
SCALES=("$@"); [ ${#SCALES[@]} -eq 0 ] && SCALES=(16 18 20)

RESULTS=()
for SC in "${SCALES[@]}"; do
  DIR="$DATA/rmat-$SC"
  mkdir -p "$DIR"
  if ! BENCH_MEM="$MEM" "$ROOT/benchmarks/java.sh" "$HERE/FastRPBench.java" "$SC" 16 "$DIM" "$ITER" "$DIR" "$PROP" \
      >"$DIR/spark.log" 2>&1; then
    echo "spark run failed for scale $SC (killed or out of memory?), see $DIR/spark.log" >&2
    tail -n 5 "$DIR/spark.log" >&2
    exit 1
  fi
  SPARK_LINE=$(grep '^SPARK' "$DIR/spark.log")
  echo "$SPARK_LINE"
  SCIPY_LINE=$(python3 "$HERE/fastrp_scipy.py" "$DIR/edges.txt" "$DIM" "$ITER")
  echo "$SCIPY_LINE"
  M=$(sed -E 's/.*edges=([0-9]+).*/\1/' <<<"$SPARK_LINE")
  TS=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$SPARK_LINE")
  TP=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$SCIPY_LINE")
  RATIO=$(python3 -c "print(f'{$TS/$TP:.2f}')")
  echo "RESULT scale=$SC edges=$M spark_s=$TS scipy_s=$TP ratio=$RATIO"
  RESULTS+=("$M $TS $TP")
done
python3 - "${RESULTS[@]}" <<'PY'
import math, sys
rows = [tuple(map(float, r.split())) for r in sys.argv[1:]]
for (m0, s0, p0), (m1, s1, p1) in zip(rows, rows[1:]):
    k = math.log(m1 / m0)
    print(f"SLOPE {int(m0)}->{int(m1)} edges: spark {math.log(s1 / s0) / k:.2f}  scipy {math.log(p1 / p0) / k:.2f}")
PY
