#!/usr/bin/env bash
# Experiment: k-shot prototype classification (`grasp evaluate prototypes`, the protocol H4G judges by) of FastRP
# vectors and of their Poincaré maps, per graph and FastRP seed:
#   euclidean   FastRP d = 128 (weights 0,0,1,1, β = −0.5, undirected), mean prototypes, cosine
#   exp0        rescale --mode identity: the unscaled map exp₀(e), tangent-mean prototypes, Poincaré distance
#   global      rescale --mode fit --block-size 128: one fitted scale
#   blocks      rescale --mode fit --block-size 8: 16 fitted block scales (scalar blocks)
#   unit        rescale --mode fit --block-size 8 --input-norm unit --radius-penalty 10: every vector divided by its
#               norm first (one starting radius for all nodes), 16 block scales fitted with a strong radius penalty
#   transfer    rescale --model: the blocks model fitted on the partner graph (same FastRP seed) applied unchanged
#               (zero-shot transfer: email <-> cora, cornell <-> texas; only when the partner is run too)
#   transfer-unit  the same with the partner's unit model
# Every rescale and evaluation uses curvature 1, 30 Adam steps, --shots K (default 5) and 10 support draws.
#
#   benchmarks/hyperbolic/prototypes.sh [graph…]      graph = email | cora | cornell | texas (default: email cora;
#                                                      WebKB URLs are numbered in content-file order); env SEEDS (default
#                                                      "1 2 3 4 5"), SHOTS (5), GRASP_BENCH_DIR (/tmp/grasp-proto)
# Prints one row per (graph, variant): mean accuracy and Macro-F1 over the seeds with their spread (sd over seeds),
# and the relative accuracy gain of each Poincaré variant over exp0.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
D="$ROOT/../shared/datasets"
B="${GRASP_BENCH_DIR:-/tmp/grasp-proto}"
SEEDS="${SEEDS:-1 2 3 4 5}"; SHOTS="${SHOTS:-5}"
G="$ROOT/bin/grasp"
mkdir -p "$B"
GRAPHS=("$@"); [ ${#GRAPHS[@]} -gt 0 ] || GRAPHS=(email cora)
for graph in "${GRAPHS[@]}"; do
  case "$graph" in
    email) edges="$D/email-Eu-core/email-Eu-core.txt"; labels="$D/email-Eu-core/email-Eu-core-department-labels.txt" ;;
    cora) edges="$D/cora/cora.cites"; labels="$B/cora-labels.txt"
          [ -f "$labels" ] || zcat "$D/cora/cora.content.gz" | awk '{print $1, $NF}' > "$labels" ;;
    cornell|texas) edges="$B/$graph.edges"; labels="$B/$graph-labels.txt"
          [ -f "$edges" ] || awk -v labels="$labels" 'NR == FNR { id[$1] = n++; print id[$1], $NF > labels; next }
            { for (i = 1; i <= 2; i++) if (!($i in id)) id[$i] = n++; print id[$1], id[$2] }' \
            "$D/webkb-$graph/$graph.content" "$D/webkb-$graph/$graph.cites" > "$edges" ;;
    *) echo "unknown graph $graph (email | cora | cornell | texas)" >&2; exit 2 ;;
  esac
  for seed in $SEEDS; do
    w="$B/$graph-$seed"
    "$G" embed --input "$edges" --undirected --dim 128 --weights 0,0,1,1 --beta -0.5 --seed "$seed" \
      --output "$w/emb" --overwrite >"$w.log" 2>&1
    "$G" evaluate prototypes --embeddings "$w/emb/embeddings" --labels "$labels" --shots "$SHOTS" --repeats 10 \
      --seed "$seed" --output "$w/eval-euclidean" --overwrite >>"$w.log" 2>&1
    for variant in exp0:identity:8 global:fit:128 blocks:fit:8 "unit:fit:8:--input-norm unit --radius-penalty 10"; do
      IFS=: read -r name mode block extra <<<"$variant"
      # shellcheck disable=SC2086
      "$G" rescale --embeddings "$w/emb/embeddings" --edges "$edges" --mode "$mode" --block-size "$block" \
        --max-iter 30 --seed "$seed" --output "$w/res-$name" --overwrite $extra >>"$w.log" 2>&1
      "$G" evaluate prototypes --embeddings "$w/res-$name/embeddings" --labels "$labels" --shots "$SHOTS" \
        --repeats 10 --seed "$seed" --output "$w/eval-$name" --overwrite >>"$w.log" 2>&1
    done
  done
done
partner() { case "$1" in email) echo cora ;; cora) echo email ;; cornell) echo texas ;; texas) echo cornell ;; esac; }
for graph in "${GRAPHS[@]}"; do
  other="$(partner "$graph")"
  [[ " ${GRAPHS[*]} " == *" $other "* ]] || continue
  case "$graph" in
    email) labels="$D/email-Eu-core/email-Eu-core-department-labels.txt" ;;
    *) labels="$B/$graph-labels.txt" ;;
  esac
  for seed in $SEEDS; do
    w="$B/$graph-$seed"
    for t in transfer:blocks transfer-unit:unit; do
      IFS=: read -r name from <<<"$t"
      "$G" rescale --embeddings "$w/emb/embeddings" --model "$B/$other-$seed/res-$from" \
        --output "$w/res-$name" --overwrite >>"$w.log" 2>&1
      "$G" evaluate prototypes --embeddings "$w/res-$name/embeddings" --labels "$labels" --shots "$SHOTS" \
        --repeats 10 --seed "$seed" --output "$w/eval-$name" --overwrite >>"$w.log" 2>&1
    done
  done
done
python3 - "$B" "$SEEDS" "${GRAPHS[@]}" <<'PY'
import json, statistics, sys
b, seeds, graphs = sys.argv[1], sys.argv[2].split(), sys.argv[3:]
print("| graph | variant | accuracy (sd over seeds) | Macro-F1 (sd) | accuracy vs exp0 |")
print("|---|---|---|---|---|")
for g in graphs:
    acc = {}
    partner = {"email": "cora", "cora": "email", "cornell": "texas", "texas": "cornell"}
    variants = ["euclidean", "exp0", "global", "blocks", "unit"] + (
        ["transfer", "transfer-unit"] if partner[g] in graphs else [])
    for v in variants:
        rs = [json.load(open(f"{b}/{g}-{s}/eval-{v}/report.json"))["results"] for s in seeds]
        a = [r["accuracy"] for r in rs]; f = [r["macroF1"] for r in rs]
        acc[v] = statistics.mean(a)
        sd = lambda x: statistics.pstdev(x) if len(x) > 1 else 0.0
        gain = "" if v in ("euclidean", "exp0") else f"{100 * (acc[v] / acc['exp0'] - 1):+.1f} %"
        print(f"| {g} | {v} | {acc[v]:.3f} ({sd(a):.3f}) | {statistics.mean(f):.3f} ({sd(f):.3f}) | {gain} |")
PY
