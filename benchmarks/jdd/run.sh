#!/usr/bin/env bash
# Benchmark: the jdd sampler (`grasp sample --method jdd --ratio 0.1`) on directed R-MAT graphs, local[2], with the
# networkx pipeline on the same graphs side by side.
#
#   benchmarks/jdd/run.sh [spec…]        spec = scale:edgeFactor, default: 13:12 16:16 18:16 20:16
#                                         (≈ 100k, 1M, 4M, 16M edges after R-MAT's duplicate removal),
#                                         or the path of a SNAP edge list (e.g. ../shared/datasets/wiki-Vote/wiki-Vote.txt)
#
# Per graph it prints the Spark wall time of the whole `sample` command (JVM start, read, input matrices, rescaling,
# construction, verification) and the sampler's own phases from report.json. For graphs of at most
# GRASP_NX_MAX_EDGES edges (default 1.1M) it then runs the networkx pipeline in one Python process:
#   read the same SNAP edge list, compute the input's in/out degrees (the part of the pipeline Python does itself),
#   then networkx.directed_joint_degree_graph (Tillman et al. 2017) on the sample's (DCM', JDM') recomputed from the
#   Spark sample's edges, and a check that networkx realised them. Our driver-side rescaling is not timed on the
#   networkx side (networkx has none), so the networkx figure is a lower bound for a networkx pipeline.
# Ratio printed = networkx seconds / Spark seconds (> 1: Spark faster). The log-log slope of Spark time vs edges is
# taken over the graphs with edge factor 16.
# Env: GRASP_BENCH_DIR (default /tmp/grasp-bench-jdd), BENCH_MEM driver memory (default 4g), GRASP_MASTER
# (default local[2]), GRASP_JDD_RATIO (default 0.1). Needs python3-networkx (Debian) for the comparison.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
B="${GRASP_BENCH_DIR:-/tmp/grasp-bench-jdd}"
MEM="${BENCH_MEM:-4g}"
MASTER="${GRASP_MASTER:-local[2]}"
RATIO="${GRASP_JDD_RATIO:-0.1}"
NX_MAX="${GRASP_NX_MAX_EDGES:-1100000}"
mkdir -p "$B"
SPECS=("$@")
[ ${#SPECS[@]} -gt 0 ] || SPECS=(13:12 16:16 18:16 20:16)
G="$ROOT/bin/grasp"
if ! python3 -c "import networkx" 2>/dev/null; then
  echo "networkx missing: apt-get install -y python3-networkx (the comparison is skipped)" >&2
fi
rows=()
for spec in "${SPECS[@]}"; do
  if [[ "$spec" == */* ]]; then
    # a SNAP edge list given by path (e.g. ../shared/datasets/wiki-Vote/wiki-Vote.txt); not in the slope fit
    s="$(basename "$spec" | tr -c 'A-Za-z0-9\n' '_')"; ef=0
    input="$spec"
    edges=$(grep -vc '^[#%]' "$spec")
  else
    s="${spec%%:*}"; ef="${spec##*:}"
    g="$B/rmat$s-$ef"
    [ -f "$g/report.json" ] || "$G" generate rmat --master "$MASTER" --scale "$s" --edge-factor "$ef" --seed 1 \
      --output-format snap --output "$g" --overwrite >/dev/null
    input="$g/edges"
    edges=$(python3 -c "import json;print(json.load(open('$g/report.json'))['edges'])")
  fi
  out="$B/sample$s-$ef"
  t0=$(date +%s.%N)
  "$G" --driver-memory "$MEM" sample --master "$MASTER" --input "$input" --format snap --method jdd \
    --ratio "$RATIO" --seed 7 --output "$out" --output-format csv --overwrite >"$B/sample$s-$ef.log" 2>&1
  t1=$(date +%s.%N)
  spark=$(echo "$t1 - $t0" | bc)
  phases=$(python3 - "$out/report.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["jdd"]
print(" ".join(str(round(j[k], 1)) for k in ("secondsStats", "secondsRescale", "secondsConstruct", "secondsVerify")),
      j["sampleVertices"], j["sampleEdges"], "yes" if j["constructedEqualsTarget"] else "NO",
      round(j["ksIn"], 4), round(j["ksOut"], 4))
PY
)
  nx="- - -"
  if [ "$edges" -le "$NX_MAX" ] && python3 -c "import networkx" 2>/dev/null; then
    nx=$(python3 "$ROOT/benchmarks/jdd/networkx_pipeline.py" "$input" "$out")
  fi
  echo "done: $spec edges=$edges spark=${spark}s phases=[$phases] networkx=[$nx]" >&2
  rows+=("$ef $edges $spark $phases $nx")
done
python3 - "$RATIO" "${rows[@]}" <<'PY'
import math, sys
ratio = sys.argv[1]
print(f"jdd sampler at r = {ratio}, local[2]; Spark = whole `grasp sample` command; networkx = read + degrees + "
      "directed_joint_degree_graph on the same (DCM', JDM')")
print("| edges | \\|V'\\| | \\|E'\\| | Spark s | stats / rescale / construct / verify s | = target | KS in / out "
      "| networkx read+degrees s | networkx build s | networkx total s | networkx realises | networkx / Spark |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
fit = []
for r in sys.argv[2:]:
    p = r.split()
    ef, e, t = float(p[0]), int(p[1]), float(p[2])
    st, rs, co, ve, nv, ne, ok, ksi, kso = p[3:12]
    nxr, nxb, nxok = p[12:15]
    if nxr == "-":
        nxcols = "- | - | - | - | -"
    else:
        tot = float(nxr) + float(nxb)
        nxcols = f"{float(nxr):.2f} | {float(nxb):.2f} | {tot:.2f} | {nxok} | {tot / t:.3g}"
    print(f"| {e} | {nv} | {ne} | {t:.1f} | {st} / {rs} / {co} / {ve} | {ok} | {ksi} / {kso} | {nxcols} |")
    if ef == 16:
        fit.append((math.log(e), math.log(t)))
if len(fit) > 1:
    mx = sum(x for x, _ in fit) / len(fit); my = sum(y for _, y in fit) / len(fit)
    slope = sum((x - mx) * (y - my) for x, y in fit) / sum((x - mx) ** 2 for x, _ in fit)
    print(f"log-log slope of Spark time vs edges (edge factor 16, {len(fit)} graphs): {slope:.2f}")
PY
