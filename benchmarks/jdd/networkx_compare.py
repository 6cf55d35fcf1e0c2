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
from collections import Counter

from networkx_pipeline import build_and_check


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
        secs, ok = build_and_check(Counter({(i, o): c for i, o, c in dcm}),
                                   Counter({(k, l): c for k, l, c in jdm}))
        nodes = sum(c for _, _, c in dcm)
        edges = sum(c for _, _, c in jdm)
        print(f"| {name} | {nodes} | {edges} | {secs:.2f} | {spark_s:.2f} | "
              f"{secs / spark_s:.2f} | {'yes' if ok else 'NO'} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/jdd-matrices")
