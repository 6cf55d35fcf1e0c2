#!/usr/bin/env bash
# Driver-memory check: every grasp job on one directed R-MAT graph (default scale 20, edge factor 16: ~16M edges)
# with `--driver-memory 1g` in local[2] mode. In local mode the executors run inside the driver JVM, so this is
# stricter than a cluster's 1 GiB driver: the whole job, shuffles included, gets a 1 GiB heap. A job that collected
# anything O(|E|) (or O(|V|) of 16M-edge size) to the driver would die with OutOfMemoryError.
#
#   benchmarks/memory/run.sh [scale=20] [edgeFactor=16]
#   GRASP_MEM_STEPS="generate sample-jdd embed" benchmarks/memory/run.sh      # a subset, in this order
#
# benchmarks/memory/cluster.sh runs the same steps on a standalone cluster on 127.0.0.1 instead: a 1 GiB driver with
# the executors in their own JVMs, the requirement as stated for a cluster.
# Steps (default: all, in this order; later steps read earlier outputs):
#   generate        grasp generate rmat (parquet)            rescale-fit     rescale --mode fit (1M training edges)
#   sample-jdd      sample --method jdd --ratio 0.1          cluster-pic     cluster --method pic --k 8
#   embed           FastRP d = 128, 3 iterations             sample-rw       sample --method random-walk --ratio 0.1
#   rescale-target  rescale --mode target-radius             sample-ff       sample --method forest-fire --ratio 0.1
#   compare         compare the jdd sample with the original (hop plot, singular values, components, clustering)
#   cluster-amg     cluster --method amg --k 8 on the R-MAT of scale GRASP_MEM_AMG_SCALE (default 14: AMG's setup is
#                   the slowest stage of the suite; see docs/amg-clustering.md), plus GRASP_MEM_AMG_ARGS (extra
#                   cluster options, e.g. "--hierarchies 1 --iterations 1"; default none)
#   link-prediction evaluate link-prediction (embeds the training graph, cosine AUC)
#   stats           grasp stats (components + clustering; benchmarks/stats/run.sh runs it with 1g too, timed)
# For each step it prints the exit code, wall seconds, the JVM's peak resident set (/usr/bin/time %M) and the
# output's row count from report.json where there is one. Logs: $B/<step>.log. Env: GRASP_BENCH_DIR (default
# /tmp/grasp-bench-mem), BENCH_MEM (default 1g), GRASP_MASTER (default local[2]).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SCALE="${1:-20}"; EF="${2:-16}"
B="${GRASP_BENCH_DIR:-/tmp/grasp-bench-mem}"
MEM="${BENCH_MEM:-1g}"; MASTER="${GRASP_MASTER:-local[2]}"
AMG_SCALE="${GRASP_MEM_AMG_SCALE:-14}"
AMG_ARGS=(${GRASP_MEM_AMG_ARGS:-})
STEPS=(${GRASP_MEM_STEPS:-generate sample-jdd embed rescale-target rescale-fit cluster-pic sample-rw sample-ff compare \
  cluster-amg link-prediction stats})
G="$ROOT/bin/grasp"
[ -x /usr/bin/time ] || { echo "memory/run.sh: /usr/bin/time missing (apt-get install -y time)" >&2; exit 2; }
mkdir -p "$B"
g="$B/rmat$SCALE-$EF"
ga="$B/rmat$AMG_SCALE-$EF"
rows=()

# run <step> <report.json or -> <grasp args…>: timed, peak RSS, exit code; never stops the loop.
run() {
  local step="$1" report="$2"; shift 2
  echo "$(date +%H:%M:%S) $step: bin/grasp --driver-memory $MEM $*" >&2
  /usr/bin/time -f "%e %M" -o "$B/$step.time" "$G" --driver-memory "$MEM" "$@" >"$B/$step.log" 2>&1
  local rc=$?
  read -r secs rss <"$B/$step.time" 2>/dev/null || { secs=0; rss=0; }
  # /usr/bin/time writes "Command exited with non-zero status N" first when the command fails.
  if [ "$rc" -ne 0 ]; then secs=$(tail -1 "$B/$step.time" | cut -d' ' -f1); rss=$(tail -1 "$B/$step.time" | cut -d' ' -f2); fi
  local what="-"
  if [ "$report" != "-" ] && [ -f "$report" ]; then
    what=$(python3 - "$report" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
s = j.get("summary", j)
for keys in (("sampleVertices", "sampleEdges"), ("nodes", "edges"), ("vertices", "edges"), ("rows",), ("auc",),
             ("clusters",), ("ksIn", "ksOut"), ("originalVertices", "sampleVertices")):
    if all(k in s for k in keys):
        # compare's headline distance sits beside its summary, not in it.
        extra = [f"meanD={j['meanD']:.3f}"] if isinstance(j.get("meanD"), (int, float)) else []
        print(",".join([f"{k}={s[k]}" for k in keys] + extra)); break
else:
    print("-")
PY
)
  fi
  grep -q "OutOfMemoryError" "$B/$step.log" && what="OutOfMemoryError"
  echo "$(date +%H:%M:%S) $step: exit $rc, ${secs} s, peak RSS $((rss / 1024)) MiB, $what" >&2
  rows+=("$step|$rc|$secs|$((rss / 1024))|$what")
}

for step in "${STEPS[@]}"; do
  case "$step" in
    generate)
      run generate "$g/report.json" generate rmat --master "$MASTER" --scale "$SCALE" --edge-factor "$EF" --seed 1 \
        --output "$g" --overwrite ;;
    stats)
      run stats "$B/stats/report.json" stats --master "$MASTER" --input "$g/edges" --format parquet \
        --output "$B/stats" --overwrite ;;
    sample-jdd)
      run sample-jdd "$B/sample-jdd/report.json" sample --master "$MASTER" --input "$g/edges" --format parquet \
        --method jdd --ratio 0.1 --seed 7 --output "$B/sample-jdd" --overwrite ;;
    sample-rw)
      run sample-rw "$B/sample-rw/report.json" sample --master "$MASTER" --input "$g/edges" --format parquet \
        --method random-walk --ratio 0.1 --seed 7 --output "$B/sample-rw" --overwrite ;;
    sample-ff)
      run sample-ff "$B/sample-ff/report.json" sample --master "$MASTER" --input "$g/edges" --format parquet \
        --method forest-fire --ratio 0.1 --seed 7 --output "$B/sample-ff" --overwrite ;;
    compare)
      run compare "$B/compare/report.json" compare --master "$MASTER" --original "$g/edges" --format parquet \
        --sample "$B/sample-jdd" --sample-format parquet --output "$B/compare" --overwrite ;;
    embed)
      run embed "$B/emb/report.json" embed --master "$MASTER" --input "$g/edges" --format parquet --dim 128 \
        --weights 0,0,1,1 --beta -0.5 --seed 1 --output "$B/emb" --overwrite ;;
    rescale-target)
      run rescale-target "$B/target/report.json" rescale --master "$MASTER" --embeddings "$B/emb" \
        --mode target-radius --block-size 16 --output "$B/target" --overwrite ;;
    rescale-fit)
      run rescale-fit "$B/fit/report.json" rescale --master "$MASTER" --embeddings "$B/emb" --edges "$g/edges" \
        --format parquet --mode fit --block-size 16 --max-iter 10 --seed 1 --output "$B/fit" --overwrite ;;
    cluster-pic)
      run cluster-pic "$B/pic/report.json" cluster --master "$MASTER" --input "$g/edges" --format parquet \
        --method pic --k 8 --seed 1 --output "$B/pic" --overwrite ;;
    cluster-amg)
      [ -f "$ga/report.json" ] || "$G" generate rmat --master "$MASTER" --scale "$AMG_SCALE" --edge-factor "$EF" \
        --seed 1 --output "$ga" --overwrite >"$B/generate-amg.log" 2>&1
      run cluster-amg "$B/amg/report.json" cluster --master "$MASTER" --input "$ga/edges" --format parquet \
        --method amg --k 8 --seed 1 "${AMG_ARGS[@]}" --output "$B/amg" --overwrite ;;
    link-prediction)
      run link-prediction "$B/lp/report.json" evaluate link-prediction --master "$MASTER" --input "$g/edges" \
        --format parquet --dim 128 --weights 0,0,1,1 --beta -0.5 --seed 1 --output "$B/lp" --overwrite ;;
    *) echo "memory/run.sh: unknown step '$step'" >&2; exit 2 ;;
  esac
done

edges=$(python3 -c "import json;print(json.load(open('$g/report.json'))['edges'])" 2>/dev/null || echo "?")
echo "R-MAT scale $SCALE, edge factor $EF: $edges edges; --driver-memory $MEM, $MASTER (cluster-amg: scale $AMG_SCALE ${AMG_ARGS[*]:-})"
printf '%-16s %5s %9s %14s  %s\n' step exit seconds "peak RSS MiB" output
for r in "${rows[@]}"; do
  IFS='|' read -r s rc secs rss what <<<"$r"
  printf '%-16s %5s %9s %14s  %s\n' "$s" "$rc" "$secs" "$rss" "$what"
done
