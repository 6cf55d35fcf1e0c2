#!/usr/bin/env python3
"""Time networkx's directed 2K construction on the same rescaled matrices the Spark sampler realised.

Input: the folder written by the dataset measurement with GRASP_MEASURE_OUT set (see docs/sampling-jdd.md), holding
<name>-dcm.csv (inDegree,outDegree,count) and <name>-jdm.csv (srcOutDegree,dstInDegree,count) plus <name>-spark.txt
(the Spark sampler's wall seconds for the same run, measured in the same session as the matrices).
For every pair it builds the graph with networkx.directed_joint_degree_graph (Tillman et al., KDD 2017), checks that
the result has the same DCM and JDM, and prints networkx seconds, Spark seconds and their ratio.

Run: python3 benchmarks/jdd/networkx_compare.py /tmp/jdd-matrices
"""
import csv
import glob
import os
import sys
import time
from collections import Counter

import networkx as nx


def read(path):
    with open(path) as f:
        r = csv.reader(f)
        next(r)
        return [tuple(int(x) for x in row) for row in r]


def main(folder):
    print("| run | |V'| | |E'| | networkx s | spark s | networkx/spark | networkx realises target |")
    print("|---|---|---|---|---|---|---|")
    for dcm_path in sorted(glob.glob(os.path.join(folder, "*-dcm.csv"))):
        name = os.path.basename(dcm_path)[: -len("-dcm.csv")]
        dcm = read(dcm_path)
        jdm = read(os.path.join(folder, name + "-jdm.csv"))
        spark_s = float(open(os.path.join(folder, name + "-spark.txt")).read().strip())
        in_deg, out_deg = [], []
        for i, o, c in dcm:
            in_deg += [i] * c
            out_deg += [o] * c
        nkk = {}
        for k, l, c in jdm:
            nkk.setdefault(k, {})[l] = c
        t0 = time.perf_counter()
        g = nx.directed_joint_degree_graph(in_deg, out_deg, nkk, seed=7)
        secs = time.perf_counter() - t0
        got_dcm = Counter((g.in_degree(v), g.out_degree(v)) for v in g.nodes())
        got_jdm = Counter((g.out_degree(u), g.in_degree(v)) for u, v in g.edges())
        ok = got_dcm == Counter({(i, o): c for i, o, c in dcm}) and got_jdm == Counter(
            {(k, l): c for k, l, c in jdm}) and nx.number_of_selfloops(g) == 0
        print(f"| {name} | {len(in_deg)} | {g.number_of_edges()} | {secs:.2f} | {spark_s:.2f} | "
              f"{secs / spark_s:.2f} | {'yes' if ok else 'NO'} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/jdd-matrices")
