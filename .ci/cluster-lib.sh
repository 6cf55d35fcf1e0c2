# Shared by .ci/cluster-test and .ci/fault-test (sourced, not run): a Spark standalone cluster on 127.0.0.1 from the
# Maven jars — a Master and two Workers (1 core, 2g each) as separate JVMs, every JVM tagged with -D$MARK so that
# cleanup finds exactly the processes this script started.
# The caller sets ROOT (checkout), W (work folder) and MARK (a marker unique to this run) before sourcing, then calls
#   cluster_prepare   builds the jobs jar (bin/grasp does when stale) and copies it to $W/grasp-jobs.jar; sets JAR,
#                     SPARK_HOME, OPENS, CP, PORT. With GRASP_JOBS_JAR + GRASP_CLASSPATH_FILE set (as for bin/grasp)
#                     it takes that prebuilt jar and classpath instead of building
#   cluster_start     starts Master + 2 Workers, waits for their registration (one `check`), traps cleanup on EXIT;
#                     each Worker offers CLUSTER_WORKER_CORES (default 1) cores and CLUSTER_WORKER_MEM (default 2g)
#   cluster_submit LOG ARGS…   SparkSubmit in client mode to the cluster (driver -Xmx2g, 2 executors of 1 core/1g;
#                     every cluster JVM runs with CLUSTER_JVM, set by cluster_prepare when unset);
#                     extra `--conf`s go in CLUSTER_SUBMIT_CONF (array) before the call; ARGS are grasp's
#   cluster_stop      stops the cluster, then checks that no process carrying $MARK is left (one `check`)
# and counts with `check "description" 'shell test'` (PASS / FAIL).
# shellcheck shell=bash disable=SC2034

PASS=0; FAIL=0
check() { if eval "$2"; then PASS=$((PASS+1)); echo "ok: $1"; else FAIL=$((FAIL+1)); echo "FAILED: $1"; fi; }

cluster_prepare() {
  local cp_file="$ROOT/jobs/target/spark-classpath.txt"
  if [ -n "${GRASP_JOBS_JAR:-}" ]; then
    JAR="$GRASP_JOBS_JAR"; cp_file="${GRASP_CLASSPATH_FILE:?GRASP_CLASSPATH_FILE must be set with GRASP_JOBS_JAR}"
  else
    "$ROOT/bin/grasp" --version >/dev/null
    JAR="$(ls "$ROOT"/jobs/target/grasp-jobs-*.jar | grep -v -e original -e sources | head -n 1)"
  fi
  export SPARK_HOME="$W/spark"
  mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf" "$W/work1" "$W/work2" "$W/logs"
  # A private copy: a rebuild of jobs/target while a driver runs (bin/grasp rebuilds when sources change) made the
  # driver load classes from a half-written jar (NoClassDefFoundError at exit).
  cp "$JAR" "$W/grasp-jobs.jar"
  JAR="$W/grasp-jobs.jar"
  tr ':' '\n' < "$cp_file" | while read -r j; do ln -sf "$j" "$SPARK_HOME/jars/"; done
  # Daemons and executors log at INFO: the checks read worker registration and executor process ids from logs.
  cat > "$SPARK_HOME/conf/log4j2.properties" <<'L4J'
rootLogger.level = info
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
L4J
  export SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
  OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
  CP="$SPARK_HOME/conf:$SPARK_HOME/jars/*"
  PORT=$(( 17000 + RANDOM % 2000 ))
  PIDS=()
  CLUSTER_SUBMIT_CONF=()
  # The JVM profile of every cluster JVM (daemons, driver, executors): bin/grasp's "small" profile (C1 alone, parallel
  # GC) on a machine of 2 cores or fewer, where C2's compile threads take CPU from the 4-6 JVMs sharing it; the JVM's
  # defaults otherwise. CLUSTER_JVM="" keeps the defaults everywhere.
  # Every cluster JVM's temporary files (Spark's local dirs, the native libraries lz4 and snappy unpack) go below the
  # work folder: a SIGKILLed executor or driver cannot delete its own, and /tmp would keep them.
  mkdir -p "$W/tmp"
  CLUSTER_TMP="-Djava.io.tmpdir=$W/tmp"
  if [ -z "${CLUSTER_JVM+set}" ]; then
    CLUSTER_JVM=""
    [ "$(nproc 2>/dev/null || echo 4)" -le 2 ] && CLUSTER_JVM="-XX:TieredStopAtLevel=1 -XX:+UseParallelGC"
  fi
}

cluster_cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  sleep 2
  pkill -f "$MARK" 2>/dev/null || true
}

cluster_start() {
  trap cluster_cleanup EXIT
  # shellcheck disable=SC2086
  java -Xmx512m $OPENS $CLUSTER_JVM $CLUSTER_TMP -D$MARK -cp "$CP" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$PORT" --webui-port $((PORT + 1)) >"$W/logs/master.log" 2>&1 &
  PIDS+=($!)
  for i in 1 2; do
    # shellcheck disable=SC2086
    java -Xmx512m $OPENS $CLUSTER_JVM $CLUSTER_TMP -D$MARK -cp "$CP" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
      --webui-port $((PORT + 1 + i)) --cores "${CLUSTER_WORKER_CORES:-1}" --memory "${CLUSTER_WORKER_MEM:-2g}" --work-dir "$W/work$i" "spark://127.0.0.1:$PORT" \
      >"$W/logs/worker$i.log" 2>&1 &
    PIDS+=($!)
  done
  for _ in $(seq 1 60); do
    [ "$(grep -c "Registering worker" "$W/logs/master.log" 2>/dev/null || true)" -ge 2 ] && break
    sleep 2
  done
  check "two workers registered with the master" '[ "$(grep -c "Registering worker" "$W/logs/master.log")" -ge 2 ]'
}

# cluster_submit LOG ARGS…: runs grasp's Main through SparkSubmit (client mode: this shell's child is the driver).
cluster_submit() {
  local log="$1"; shift
  # shellcheck disable=SC2086
  java -Xmx2g $OPENS $CLUSTER_JVM $CLUSTER_TMP -D$MARK -Dlog4j2.configurationFile="${CLUSTER_DRIVER_LOG4J:-$ROOT/conf/log4j2.properties}" \
    -cp "$CP" org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$PORT" --deploy-mode client \
    --conf spark.executor.memory=1g --conf spark.cores.max=2 --conf spark.executor.cores=1 \
    --conf spark.driver.host=127.0.0.1 --conf "spark.executor.extraJavaOptions=$OPENS $CLUSTER_JVM $CLUSTER_TMP -D$MARK" \
    --conf "spark.driver.extraJavaOptions=$OPENS" "${CLUSTER_SUBMIT_CONF[@]}" \
    --class dev.grasp.jobs.Main "$JAR" "$@" >"$log" 2>&1
}

cluster_stop() {
  cluster_cleanup
  trap - EXIT
  sleep 1
  LEFT=$(pgrep -f "$MARK" | wc -l || true)
  check "no cluster process left behind ($LEFT)" '[ "$LEFT" -eq 0 ]'
}
