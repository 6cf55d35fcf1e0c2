#!/usr/bin/env bash
# Reciprocity of jdd samples, `--reciprocity ignore` against `keep`, and the baseline samplers' reciprocity, on
# email-Eu-core (bundled) and wiki-Vote (../shared/datasets), every run `grasp sample … --report` in the driver.
#
# Usage:  benchmarks/jdd/reciprocity.sh [OUT_DIR]
#   GRASP_RECIP_RATIOS (default "0.5 0.2 0.1"), GRASP_RECIP_SEEDS (default "7 8 9"),
#   GRASP_RECIP_BASELINES (default "random-node random-edge random-walk forest-fire"; "" leaves them out),
#   GRASP_RECIP_BASELINE_SEEDS (default "7"), GRASP_RECIP_GRAPHS (default "email wiki"; "social" adds a synthetic
#   graph of soc-Slashdot's size and reciprocity, built by the script).
# Prints one row per (graph, r, method, seed): reciprocity of the input and the sample, |difference|, the
# mutual-degree KS D, the in/out-degree KS D of the comparison and the command's wall seconds (JVM included); then
# per (graph, r) the mean |difference| of each method and the keep/ignore ratio of the mean wall times.
# The jar is copied first, so a rebuild of the checkout during the run cannot stop it. About 13 min on 2 cores for
# email and wiki.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${1:-/tmp/grasp-reciprocity-bench}"
DATA="${GRASP_DATASETS:-$ROOT/../shared/datasets}"
RATIOS="${GRASP_RECIP_RATIOS:-0.5 0.2 0.1}"
SEEDS="${GRASP_RECIP_SEEDS:-7 8 9}"
BASELINES="${GRASP_RECIP_BASELINES-random-node random-edge random-walk forest-fire}"
GRAPHS="${GRASP_RECIP_GRAPHS:-email wiki}"
BASELINE_SEEDS="${GRASP_RECIP_BASELINE_SEEDS:-7}"
mkdir -p "$OUT/pin"
"$ROOT/bin/grasp" --version >/dev/null 2>&1 || true   # builds the jar when the sources are newer
cp "$(ls "$ROOT"/jobs/target/grasp-jobs-*.jar | grep -v -e original -e sources | head -n 1)" "$OUT/pin/grasp-jobs.jar"
cp "$ROOT/jobs/target/spark-classpath.txt" "$OUT/pin/spark-classpath.txt"
export GRASP_JOBS_JAR="$OUT/pin/grasp-jobs.jar" GRASP_CLASSPATH_FILE="$OUT/pin/spark-classpath.txt"
: >"$OUT/runs.tsv"
run() {  # graph-name input r method mode seed
  local dir="$OUT/$1-$3-$4-$5-$6" t0 t1
  t0=$(date +%s.%N)
  if ! "$ROOT/bin/grasp" sample --input "$2" --method "$4" --ratio "$3" --seed "$6" --reciprocity "$5" --report \
    --output "$dir" --overwrite >"$dir.log" 2>&1; then
    echo "failed: $dir (log $dir.log)"; tail -n 3 "$dir.log"; return 0
  fi
  t1=$(date +%s.%N)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$3" "$4" "$5" "$6" "$(echo "$t1 - $t0" | bc)" "$dir" >>"$OUT/runs.tsv"
}
for g in $GRAPHS; do
  case $g in
    email) f="$ROOT/conf/data/email-Eu-core/email-Eu-core.txt" ;;
    wiki) f="$DATA/wiki-Vote/wiki-Vote.txt" ;;
    social)
      # A stand-in of soc-Slashdot's size and reciprocity (82,168 nodes, 948,464 edges, 84 % reciprocated; not in
      # ../shared/datasets): directed R-MAT scale 17, edge factor 4, seed 5, then each edge's reverse added when a
      # hash of the pair falls below 0.724 (ρ = 2p / (1 + p) = 0.84). Built once into OUT/social.
      f="$OUT/social/edges.txt"
      if [ ! -s "$f" ]; then
        "$ROOT/bin/grasp" generate rmat --scale 17 --edge-factor 4 --seed 5 --output-format csv \
          --output "$OUT/social/rmat" --overwrite >"$OUT/social-generate.log" 2>&1
        python3 - "$OUT/social/rmat/edges" "$f" <<'PY'
import glob, hashlib, sys
out = open(sys.argv[2], "w")
for part in sorted(glob.glob(sys.argv[1] + "/part-*.csv")):
    with open(part) as h:
        next(h)
        for line in h:
            s, d = line.strip().split(",")[:2]
            out.write(f"{s}\t{d}\n")
            if int.from_bytes(hashlib.blake2b(f"{s},{d}".encode(), digest_size=8).digest(), "big") < 0.724 * 2**64:
                out.write(f"{d}\t{s}\n")
out.close()
PY
      fi ;;
    *) echo "unknown graph $g (email, wiki, social)"; exit 2 ;;
  esac
  [ -s "$f" ] || { echo "missing $f"; exit 2; }
  for r in $RATIOS; do
    for s in $SEEDS; do
      run "$g" "$f" "$r" jdd ignore "$s"
      run "$g" "$f" "$r" jdd keep "$s"
    done
    for s in $BASELINE_SEEDS; do
      for b in $BASELINES; do run "$g" "$f" "$r" "$b" ignore "$s"; done
    done
  done
done
python3 - "$OUT/runs.tsv" <<'PY'
import json, sys, collections
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print("| graph | r | method | seed | reciprocity input | sample | abs diff | mutual-degree KS | KS in | KS out "
      "| wall s |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
agg = collections.defaultdict(list)
wall = collections.defaultdict(list)
for g, r, m, mode, seed, secs, d in rows:
    c = json.load(open(d + "/compare/report.json"))["result"]
    name = m if m != "jdd" else "jdd " + mode
    print(f"| {g} | {r} | {name} | {seed} | {c['reciprocityOriginal']:.4f} | {c['reciprocitySample']:.4f} | "
          f"{c['reciprocityDiff']:.4f} | {c['mutualDegreeD']:.4f} | {c['inDegreeD']:.4f} | {c['outDegreeD']:.4f} | "
          f"{float(secs):.1f} |")
    agg[(g, r, name)].append(c["reciprocityDiff"])
    wall[(g, r, name)].append(float(secs))
print()
print("| graph | r | method | mean abs diff of reciprocity | mean wall s |")
print("|---|---|---|---|---|")
for (g, r, name), v in agg.items():
    print(f"| {g} | {r} | {name} | {sum(v) / len(v):.4f} | {sum(wall[(g, r, name)]) / len(v):.1f} |")
print()
for (g, r, name), v in wall.items():
    if name == "jdd keep" and (g, r, "jdd ignore") in wall:
        i = wall[(g, r, "jdd ignore")]
        print(f"{g} r={r}: wall keep / ignore = {sum(v) / len(v) / (sum(i) / len(i)):.2f}")
PY
