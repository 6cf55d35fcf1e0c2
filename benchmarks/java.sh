#!/usr/bin/env bash
# Runs one single-file Java program of benchmarks/ (java's source-file mode) on the jobs jar that bin/grasp uses
# (built first when missing or older than a source file) and Spark's classpath, with the JVM flags Spark needs on
# Java 17.
#   benchmarks/java.sh FILE.java [ARGS…]
# Environment: BENCH_MEM (heap, default 6g), BENCH_JAVA_OPTS (extra JVM flags, e.g. -Dspark.master=local[2]).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 1 ] || { echo "usage: benchmarks/java.sh FILE.java [ARGS…]" >&2; exit 2; }
FILE="$1"; shift
# bin/grasp builds the jar when it is stale; --version runs no work (no class archive is written with GRASP_CDS=0)
GRASP_CDS=0 "$ROOT/bin/grasp" --version >/dev/null
JAR="${GRASP_JOBS_JAR:-$(ls "$ROOT"/jobs/target/grasp-jobs-*.jar | grep -v -e original -e sources | head -n 1)}"
CP_FILE="${GRASP_CLASSPATH_FILE:-$ROOT/jobs/target/spark-classpath.txt}"
OPENS=$(sed -n 's:.*<java17.opens>\(.*\)</java17.opens>.*:\1:p' "$ROOT/pom.xml")
# shellcheck disable=SC2086
exec java -Xmx"${BENCH_MEM:-6g}" $OPENS -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" -Dspark.ui.enabled=false \
  -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 ${BENCH_JAVA_OPTS:-} \
  -cp "$JAR:$(cat "$CP_FILE")" "$FILE" "$@"
