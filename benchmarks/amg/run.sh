#!/usr/bin/env bash
# Bootstrap-AMG clustering vs MLlib PIC (degree init, 20 iterations) on attributed SBMs, local[2], same session.
#   benchmarks/amg/run.sh [nodes…]          default "100000 1000000"
# Environment: BENCH_MEM (driver heap, 8g), BENCH_BUILD (/tmp/b-amg-bench, the logs), BENCH_HIER and BENCH_ITER
# (hierarchies and composite iterations per hierarchy; default 0 = AmgParams' defaults, 10 and 5),
# BENCH_COARSEST (200000, the default coarsestSize; levels also need to fit the driver's entry budget, a quarter of
# BENCH_MEM), BENCH_WEIGHT (0.5; 0 = structure only), BENCH_MIXING (0.3), BENCH_DEGREE (10),
# BENCH_ROUNDS (matching rounds per level; default: AmgParams'), BENCH_JAVA_OPTS (extra JVM options, e.g.
# "-Dspark.eventLog.enabled=true -Dspark.eventLog.dir=/tmp/ev" for a per-job profile).
# Prints one RESULT line per size: both wall-clock times, the ratio amg/pic, each method's NMI and ARI, AMG's number of
# smooth vectors and the Rayleigh quotients of the vectors its k-means sees; the Spark log of each size goes to
# $BUILD/amg-bench-<nodes>.log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/benchmarks/amg"
MEM="${BENCH_MEM:-8g}"; BUILD="${BENCH_BUILD:-/tmp/b-amg-bench}"
HIER="${BENCH_HIER:-0}"; ITER="${BENCH_ITER:-0}"; COARSEST="${BENCH_COARSEST:-200000}"
WEIGHT="${BENCH_WEIGHT:-0.5}"; ROUNDS="${BENCH_ROUNDS:-}"; MIXING="${BENCH_MIXING:-0.3}"; DEGREE="${BENCH_DEGREE:-10}"
SIZES=("$@"); [ ${#SIZES[@]} -eq 0 ] && SIZES=(100000 1000000)

for N in "${SIZES[@]}"; do
  mkdir -p "$BUILD"
  # shellcheck disable=SC2086
  BENCH_MEM="$MEM" "$ROOT/benchmarks/java.sh" "$HERE/AmgBench.java" "$N" 5 "$DEGREE" "$MIXING" 0.7 "$WEIGHT" "$HIER" "$ITER" "$COARSEST" $ROUNDS \
      2>"$BUILD/amg-bench-$N.log" | grep '^RESULT' || echo "FAILED nodes=$N (log: $BUILD/amg-bench-$N.log)"
done
