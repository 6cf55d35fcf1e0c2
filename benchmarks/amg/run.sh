#!/usr/bin/env bash
# Bootstrap-AMG clustering vs MLlib PIC (degree init, 20 iterations) on attributed SBMs, local[2], same session.
#   benchmarks/amg/run.sh [nodes…]          default "100000 1000000"
# Environment: BENCH_MEM (driver heap, 8g), BENCH_BUILD (/tmp/b-amg-bench), BENCH_HIER (5), BENCH_ITER (2),
# BENCH_COARSEST (200000, the default coarsestSize; levels also need to fit the driver's entry budget, a quarter of
# BENCH_MEM), BENCH_WEIGHT (0.5; 0 = structure only), BENCH_MIXING (0.3), BENCH_DEGREE (10),
# BENCH_ROUNDS (matching rounds per level; default: AmgParams'), BENCH_JAVA_OPTS (extra JVM options, e.g.
# "-Dspark.eventLog.enabled=true -Dspark.eventLog.dir=/tmp/ev" for a per-job profile).
# Prints one RESULT line per size: both wall-clock times, the ratio amg/pic, and each method's NMI; the Spark log of
# each size goes to $BUILD/amg-bench-<nodes>.log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/benchmarks/amg"
MEM="${BENCH_MEM:-8g}"; BUILD="${BENCH_BUILD:-/tmp/b-amg-bench}"
HIER="${BENCH_HIER:-5}"; ITER="${BENCH_ITER:-2}"; COARSEST="${BENCH_COARSEST:-200000}"
WEIGHT="${BENCH_WEIGHT:-0.5}"; ROUNDS="${BENCH_ROUNDS:-}"; MIXING="${BENCH_MIXING:-0.3}"; DEGREE="${BENCH_DEGREE:-10}"
SIZES=("$@"); [ ${#SIZES[@]} -eq 0 ] && SIZES=(100000 1000000)

(cd "$ROOT" && mvn -B -o -q -pl embedding -Dgrasp.build.dir="$BUILD" compile dependency:build-classpath \
   -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/cp.txt")
CP="$BUILD/classes:$(cat "$BUILD/cp.txt")"
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
for N in "${SIZES[@]}"; do
  # shellcheck disable=SC2086
  java -Xmx"$MEM" $OPENS ${BENCH_JAVA_OPTS:-} -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" -cp "$CP" \
      "$HERE/AmgBench.java" "$N" 5 "$DEGREE" "$MIXING" 0.7 "$WEIGHT" "$HIER" "$ITER" "$COARSEST" $ROUNDS \
      2>"$BUILD/amg-bench-$N.log" | grep '^RESULT' || echo "FAILED nodes=$N (log: $BUILD/amg-bench-$N.log)"
done
