#!/usr/bin/env bash
# The bundled pipeline (the README's first command, all seven steps) next to the single-process peer stack doing the
# same kinds of work on the same graph, whole processes, in the same run:
#   networkx directed 2K construction of the jdd sample's target at r = 0.5 (benchmarks/jdd/networkx_pipeline.py:
#   reading, degrees, directed_joint_degree_graph, check), scipy FastRP d = 128 with four weights
#   (benchmarks/fastrp/fastrp_scipy.py) and scikit-learn one-vs-rest logistic regression over 3 seeded splits
#   (benchmarks/eval/sklearn_node_classification.py).
#   benchmarks/pipeline/run.sh
# The peers' inputs (the sample and the embeddings as CSV) come from extra, untimed grasp runs with the pipeline's
# seeds. Environment: BENCH_DIR (/tmp/grasp-pipeline-bench), PYTHON (/usr/bin/python3 with python3-networkx,
# python3-scipy, python3-sklearn). Prints each step's seconds from the pipeline's reports and
# RESULT grasp_s=… peer_s=… ratio=….
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${BENCH_DIR:-/tmp/grasp-pipeline-bench}"; PY="${PYTHON:-/usr/bin/python3}"
EDGES="$ROOT/conf/data/email-Eu-core/email-Eu-core.txt"
LABELS="$ROOT/conf/data/email-Eu-core/email-Eu-core-department-labels.txt"
rm -rf "$DIR"; mkdir -p "$DIR/edges"
cd "$ROOT"
t0=$(date +%s.%N)
bin/grasp pipeline --conf conf/local.conf --set output="$DIR/runs" >"$DIR/pipeline.log" 2>&1
t1=$(date +%s.%N)
# untimed: the peers' inputs
bin/grasp sample --input "$EDGES" --method jdd --ratio 0.5 --seed 42 --output "$DIR/sample" --output-format csv \
  >"$DIR/sample.log" 2>&1
bin/grasp embed --input "$EDGES" --dim 128 --weights 0,0,1,1 --beta -0.5 --seed 42 --output "$DIR/emb" \
  --output-format csv >"$DIR/embed.log" 2>&1
grep -v '^[#%]' "$EDGES" > "$DIR/edges/part-00000"
t2=$(date +%s.%N)
"$PY" "$ROOT/benchmarks/jdd/networkx_pipeline.py" "$EDGES" "$DIR/sample" >"$DIR/nx.txt"
t3=$(date +%s.%N)
"$PY" "$ROOT/benchmarks/fastrp/fastrp_scipy.py" "$DIR/edges" 128 4 >"$DIR/scipy.txt"
t4=$(date +%s.%N)
"$PY" "$ROOT/benchmarks/eval/sklearn_node_classification.py" "$DIR/emb/embeddings" "$LABELS" 3 >"$DIR/sklearn.txt"
t5=$(date +%s.%N)
"$PY" - "$DIR/runs/email-Eu-core" "$t0" "$t1" "$t2" "$t3" "$t4" "$t5" <<'PY'
import json, os, sys
runs = sys.argv[1]
t0, t1, t2, t3, t4, t5 = map(float, sys.argv[2:8])
steps = ["stats", "sample", "embed", "rescale", "cluster", "evaluate-embedding", "evaluate-clusters"]
print("GRASP " + " ".join(f"{s}={json.load(open(os.path.join(runs, s, 'report.json')))['totalSeconds']:.1f}"
                          for s in steps))
print(f"PEER networkx_d2k={t3 - t2:.2f} scipy_fastrp={t4 - t3:.2f} sklearn_lr={t5 - t4:.2f}")
g, p = t1 - t0, t5 - t2
print(f"RESULT grasp_s={g:.2f} peer_s={p:.2f} ratio={g / p:.2f}")
PY
