#!/usr/bin/env bash
# Same-run A/B timing of `grasp embed` between two builds of the jobs jar, on one R-MAT graph, alternating A, B, A, B…
# so that both see the same machine load. Prints each run's wall seconds and the ratio of the medians (B / A).
#
#   benchmarks/fastrp/ab.sh JAR_A JAR_B [scale=18] [rounds=2]
#   e.g. A = a jar of main before a change, B = a jar with it (build: mvn -B -o -q -Dgrasp.build.dir=/tmp/x
#   -DskipTests package, then copy jobs' shaded jar out of that folder)
# Env: BENCH_MEM (driver heap, default 4g), BENCH_DIM (128), BENCH_DATA (/tmp/grasp-fastrp-ab),
# GRASP_CLASSPATH_FILE (default jobs/target/spark-classpath.txt). Both jars run with the same classpath file.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
A="$1"; B="$2"; SCALE="${3:-18}"; ROUNDS="${4:-2}"
MEM="${BENCH_MEM:-4g}"; DIM="${BENCH_DIM:-128}"; DATA="${BENCH_DATA:-/tmp/grasp-fastrp-ab}"
CPF="${GRASP_CLASSPATH_FILE:-$ROOT/jobs/target/spark-classpath.txt}"
G="$ROOT/bin/grasp"
mkdir -p "$DATA"
g="$DATA/rmat$SCALE"
[ -f "$g/report.json" ] || GRASP_JOBS_JAR="$A" GRASP_CLASSPATH_FILE="$CPF" "$G" --driver-memory "$MEM" generate rmat \
  --master 'local[2]' --scale "$SCALE" --edge-factor 16 --seed 1 --output "$g" --overwrite >"$DATA/generate.log" 2>&1
ta=(); tb=()
for r in $(seq 1 "$ROUNDS"); do
  for which in A B; do
    jar="$A"; [ "$which" = B ] && jar="$B"
    s=$(date +%s.%N)
    GRASP_JOBS_JAR="$jar" GRASP_CLASSPATH_FILE="$CPF" "$G" --driver-memory "$MEM" embed --master 'local[2]' \
      --input "$g/edges" --format parquet --dim "$DIM" --weights 0,0,1,1 --beta -0.5 --seed 1 \
      --output "$DATA/emb-$which" --overwrite >"$DATA/embed-$which-$r.log" 2>&1
    t=$(python3 -c "import time;print(f'{time.time()-$s:.1f}')")
    echo "round $r $which: ${t} s"
    if [ "$which" = A ]; then ta+=("$t"); else tb+=("$t"); fi
  done
done
python3 - "${ta[*]}" "${tb[*]}" <<'PY'
import statistics, sys
a = [float(x) for x in sys.argv[1].split()]; b = [float(x) for x in sys.argv[2].split()]
ma, mb = statistics.median(a), statistics.median(b)
print(f"RESULT A median {ma:.1f} s, B median {mb:.1f} s, B/A {mb / ma:.3f}")
PY
