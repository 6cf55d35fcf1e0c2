#!/usr/bin/env bash
# `grasp evaluate node-classification` (whole command: JVM, Spark, reading, fits) next to the scikit-learn peer (whole
# process: imports, reading, fits) on the same embeddings and grasp's own seeded splits, in the same run.
#   benchmarks/eval/run.sh [EDGES LABELS]     default: the bundled email-Eu-core graph and its department labels
# Environment: BENCH_REPEATS (3), BENCH_DIR (/tmp/grasp-eval-bench), PYTHON (/usr/bin/python3, needs python3-sklearn).
# Prints the F1 of both and RESULT grasp_s=… peer_s=… ratio=… with each process's peak resident memory (GNU time);
# the peer's "grasp" objective is the one grasp fits.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EDGES="${1:-$ROOT/conf/data/email-Eu-core/email-Eu-core.txt}"
LABELS="${2:-$ROOT/conf/data/email-Eu-core/email-Eu-core-department-labels.txt}"
REPEATS="${BENCH_REPEATS:-3}"; DIR="${BENCH_DIR:-/tmp/grasp-eval-bench}"; PY="${PYTHON:-/usr/bin/python3}"
rm -rf "$DIR"; mkdir -p "$DIR"
"$ROOT/bin/grasp" embed --input "$EDGES" --dim 128 --weights 0,0,1,1 --beta -0.5 --seed 42 --output "$DIR/emb" \
  --output-format csv >"$DIR/embed.log" 2>&1
t0=$(date +%s.%N)
/usr/bin/time -f %M -o "$DIR/grasp.rss" "$ROOT/bin/grasp" evaluate node-classification --embeddings "$DIR/emb/embeddings" --labels "$LABELS" \
  --repeats "$REPEATS" --output "$DIR/eval" >"$DIR/eval.log" 2>&1
t1=$(date +%s.%N)
/usr/bin/time -f %M -o "$DIR/peer.rss" "$PY" "$ROOT/benchmarks/eval/sklearn_node_classification.py" \
  "$DIR/emb/embeddings" "$LABELS" "$REPEATS" >"$DIR/peer.txt"
t2=$(date +%s.%N)
"$PY" - "$DIR/eval/report.json" "$DIR/peer.txt" "$t0" "$t1" "$t2" "$(tail -1 "$DIR/grasp.rss")" \
  "$(tail -1 "$DIR/peer.rss")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
t0, t1, t2 = map(float, sys.argv[3:6])
gm, pm = (int(x) // 1024 for x in sys.argv[6:8])
print(f"GRASP micro={r['microF1']:.4f} macro={r['macroF1']:.4f} seconds={t1 - t0:.2f}")
print(open(sys.argv[2]).read().strip())
print(f"RESULT grasp_s={t1 - t0:.2f} peer_s={t2 - t1:.2f} ratio={(t1 - t0) / (t2 - t1):.2f} "
      f"grasp_peak_mib={gm} peer_peak_mib={pm}")
PY
