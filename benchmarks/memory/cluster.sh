#!/usr/bin/env bash
# Driver-memory check on a Spark standalone cluster: benchmarks/memory/run.sh's steps with a 1 GiB driver whose
# executors live in other JVMs, as on a real cluster.
#
#   benchmarks/memory/cluster.sh [scale=20] [edgeFactor=16]
#   GRASP_MEM_STEPS="cluster-pic" GRASP_MEM_EXECUTOR=6g benchmarks/memory/cluster.sh 20 16
#
# run.sh in local mode puts the executors inside the 1 GiB driver heap, so its caches and shuffles count against the
# driver. That is stricter than the requirement ("nothing O(E) is collected to the driver") and fails jobs whose
# *executors* need more than 1 GiB (MLlib's PIC caches its GraphX graph MEMORY_ONLY). Here the driver is the
# bin/grasp JVM with -Xmx$BENCH_MEM (default 1g), in client mode; the work runs on a Master and two Workers on
# 127.0.0.1 started from the Maven jars (.ci/cluster-lib.sh), one executor of 1 core and GRASP_MEM_EXECUTOR (default
# 6g) per Worker. The peak RSS run.sh prints is the driver's alone.
# Env: everything run.sh reads (GRASP_MEM_STEPS, GRASP_BENCH_DIR, BENCH_MEM, GRASP_JOBS_JAR + GRASP_CLASSPATH_FILE),
# GRASP_MEM_EXECUTOR, GRASP_MEM_CLUSTER_DIR (cluster work folder, default /tmp/grasp-mem-cluster). The cluster is
# stopped when the script exits.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
W="${GRASP_MEM_CLUSTER_DIR:-/tmp/grasp-mem-cluster}"
MARK="graspmem$$"
EXEC_MEM="${GRASP_MEM_EXECUTOR:-6g}"
mkdir -p "$W"
# shellcheck source=../../.ci/cluster-lib.sh
source "$ROOT/.ci/cluster-lib.sh"
# A Worker's memory must hold its executor's heap; Spark adds no overhead on standalone workers.
CLUSTER_WORKER_MEM="$EXEC_MEM"
cluster_prepare
cluster_start
[ "$FAIL" -eq 0 ] || { echo "memory/cluster.sh: the cluster did not start (logs: $W/logs)" >&2; exit 2; }
echo "memory/cluster.sh: master spark://127.0.0.1:$PORT, 2 executors of 1 core and $EXEC_MEM; driver ${BENCH_MEM:-1g}" >&2
# The executors fetch grasp's classes from the driver (spark.jars); -D$MARK lets cluster_stop find their JVMs.
GRASP_MASTER="spark://127.0.0.1:$PORT" \
  GRASP_JAVA_OPTS="${GRASP_JAVA_OPTS:-} -Dspark.jars=$JAR -Dspark.executor.memory=$EXEC_MEM -Dspark.executor.cores=1 -Dspark.cores.max=2 -Dspark.executor.extraJavaOptions=-D$MARK" \
  GRASP_JOBS_JAR="$JAR" GRASP_CLASSPATH_FILE="${GRASP_CLASSPATH_FILE:-$ROOT/jobs/target/spark-classpath.txt}" \
  "$ROOT/benchmarks/memory/run.sh" "$@"
rc=$?
cluster_stop
exit "$rc"
