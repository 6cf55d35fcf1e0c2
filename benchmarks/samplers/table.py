#!/usr/bin/env python3
"""Summarises results.csv of SamplerBenchmark: mean KS D per method, and jdd vs the best baseline per criterion.

Usage: python3 benchmarks/samplers/table.py RESULTS_CSV
"""
import csv
import sys
from collections import OrderedDict

CRITERIA = ["inDegreeD", "outDegreeD", "wccD", "sccD", "hopPlotD", "clusteringD", "singularValuesD"]
BASELINES = ["random-node", "random-edge", "random-walk", "forest-fire"]


def main(path):
    rows = list(csv.DictReader(open(path)))
    # last row wins for a repeated (dataset, ratio, method)
    runs = OrderedDict()
    for r in rows:
        runs[(r["dataset"], float(r["ratio"]), r["method"])] = r
    datasets = list(OrderedDict.fromkeys(k[0] for k in runs))
    methods = list(OrderedDict.fromkeys(k[2] for k in runs))
    print("## Mean KS D per method (lower is better)\n")
    print("| dataset | r | " + " | ".join(methods) + " |")
    print("|---|---|" + "---|" * len(methods))
    for ds in datasets:
        for ratio in sorted({k[1] for k in runs if k[0] == ds}, reverse=True):
            cells = []
            for m in methods:
                r = runs.get((ds, ratio, m))
                cells.append("%.3f" % float(r["meanD"]) if r else "–")
            print("| %s | %s | %s |" % (ds, ratio, " | ".join(cells)))
    if "jdd" not in methods:
        print("\njdd: no runs in this file (pending).")
        return
    print("\n## jdd vs the best baseline per criterion (KS D; DCM/JDM rel-L1; |Δ reciprocity|)\n")
    extra = ["dcmRelL1", "jdmRelL1", "reciprocityDiff"]
    print("| dataset | r | criterion | jdd | best baseline | its D | jdd better? |")
    print("|---|---|---|---|---|---|---|")
    for ds in datasets:
        for ratio in sorted({k[1] for k in runs if k[0] == ds}, reverse=True):
            j = runs.get((ds, ratio, "jdd"))
            if not j:
                continue
            for c in CRITERIA + extra:
                def val(r):
                    if c == "reciprocityDiff":
                        return abs(float(r["reciprocitySample"]) - float(r["reciprocityOriginal"]))
                    return float(r[c])
                base = [(val(runs[(ds, ratio, b)]), b) for b in BASELINES if (ds, ratio, b) in runs]
                if not base:
                    continue
                best, who = min(base)
                jv = val(j)
                # equal to the printed precision is a tie, not a win
                verdict = "tie" if round(jv, 3) == round(best, 3) else ("yes" if jv < best else "no")
                print("| %s | %s | %s | %.3f | %s | %.3f | %s |" % (ds, ratio, c, jv, who, best, verdict))


if __name__ == "__main__":
    main(sys.argv[1])
