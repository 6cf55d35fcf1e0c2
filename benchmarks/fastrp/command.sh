#!/usr/bin/env bash
# The whole `grasp embed` command (JVM start, reading, FastRP, writing) next to the whole scipy peer process
# (benchmarks/fastrp/fastrp_scipy.py: imports, reading, the same FastRP) on one edge list, in the same run.
#   benchmarks/fastrp/command.sh [EDGES]     default: ../shared/datasets/wiki-Vote/wiki-Vote.txt (a file, or a folder
#                                            of part files such as `grasp generate rmat --output-format snap` writes)
# Environment: BENCH_DIM (128), BENCH_WEIGHTS (0,1,1: three iterations), BENCH_DIR (/tmp/grasp-embed-bench),
# PYTHON (/usr/bin/python3, needs python3-scipy), BENCH_GRASP_ARGS (extra grasp embed options, e.g.
# "--conf spark.grasp.driverLocal.maxBytes=6g" with GRASP_DRIVER_MEMORY=16g to keep a 16M-edge graph in the driver).
# Both compute the same FastRP: S = A + Aᵀ of the directed edges (grasp's default orientation UNDIRECTED, scipy's
# a + a.T), so a reciprocated pair weighs 2 and a one-way pair 1. Prints RESULT … ratio=… and each process's peak
# resident memory (GNU time; in local mode the driver JVM also runs the executors).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EDGES="${1:-$ROOT/../shared/datasets/wiki-Vote/wiki-Vote.txt}"
DIM="${BENCH_DIM:-128}"; W="${BENCH_WEIGHTS:-0,1,1}"; DIR="${BENCH_DIR:-/tmp/grasp-embed-bench}"
PY="${PYTHON:-/usr/bin/python3}"; Q=$(awk -F, '{print NF}' <<<"$W")
rm -rf "$DIR"; mkdir -p "$DIR/edges"
if [ -d "$EDGES" ]; then
  cat "$EDGES"/part-* | grep -v '^[#%]' > "$DIR/edges/part-00000"   # a folder of part files (grasp generate)
else
  grep -v '^[#%]' "$EDGES" > "$DIR/edges/part-00000"
fi
t0=$(date +%s.%N)
/usr/bin/time -f %M -o "$DIR/grasp.rss" "$ROOT/bin/grasp" embed --input "$EDGES" --dim "$DIM" --weights "$W" --output "$DIR/out" ${BENCH_GRASP_ARGS:-} >"$DIR/embed.log" 2>&1
t1=$(date +%s.%N)
/usr/bin/time -f %M -o "$DIR/peer.rss" "$PY" "$ROOT/benchmarks/fastrp/fastrp_scipy.py" "$DIR/edges" "$DIM" "$Q" \
  >"$DIR/peer.txt"
t2=$(date +%s.%N)
cat "$DIR/peer.txt"
"$PY" -c "import sys; a,b,c=map(float,sys.argv[1:4]); g,p=(int(x)//1024 for x in sys.argv[4:6]); print(f'RESULT grasp_s={b-a:.2f} peer_s={c-b:.2f} ratio={(b-a)/(c-b):.2f} grasp_peak_mib={g} peer_peak_mib={p}')" \
  "$t0" "$t1" "$t2" "$(tail -1 "$DIR/grasp.rss")" "$(tail -1 "$DIR/peer.rss")"
