#!/usr/bin/env python3
"""The networkx side of benchmarks/jdd/run.sh: one process, timed in two parts.

1. read + degrees: read the input SNAP edge list (a file or a folder of part files) and compute every node's in- and
   out-degree (what a Python pipeline must do before any rescaling).
2. build: networkx.directed_joint_degree_graph on the target (DCM', JDM') of the Spark sample, recomputed here from
   the sample's CSV output (vertices/ with an `id` column, edges/ with `src`,`dst`), then a check that the built graph
   has exactly that DCM and JDM and no self-loop.

Prints "<read+degrees s> <build s> <yes|NO>".
Usage: networkx_pipeline.py INPUT_EDGES SAMPLE_DIR
"""
import csv
import glob
import os
import sys
import time
from collections import Counter

import networkx as nx


def parts(path, pattern):
    return sorted(glob.glob(os.path.join(path, pattern))) if os.path.isdir(path) else [path]


def csv_rows(folder):
    for p in parts(folder, "part-*.csv"):
        with open(p) as f:
            r = csv.reader(f)
            header = next(r, None)
            for row in r:
                yield header, row


def build(dcm, jdm, seed=7):
    """networkx.directed_joint_degree_graph on DCM {(in, out): nodes} and JDM {(out k, in l): edges}."""
    in_deg, out_deg = [], []
    for (i, o), c in sorted(dcm.items()):
        in_deg += [i] * c
        out_deg += [o] * c
    nkk = {}
    for (k, l), c in jdm.items():
        nkk.setdefault(k, {})[l] = c
    return nx.directed_joint_degree_graph(in_deg, out_deg, nkk, seed=seed)


def realises(g, dcm, jdm):
    """Whether graph g has exactly that DCM and JDM and no self-loop."""
    got_dcm = Counter((g.in_degree(v), g.out_degree(v)) for v in g.nodes())
    got_jdm = Counter((g.out_degree(u), g.in_degree(v)) for u, v in g.edges())
    return got_dcm == dcm and got_jdm == jdm and nx.number_of_selfloops(g) == 0


def build_and_check(dcm, jdm, seed=7):
    """build(), timed; returns the build seconds and realises()."""
    t0 = time.perf_counter()
    g = build(dcm, jdm, seed)
    secs = time.perf_counter() - t0
    return secs, realises(g, dcm, jdm)


def main(input_edges, sample_dir):
    t0 = time.perf_counter()
    indeg, outdeg = Counter(), Counter()
    for p in parts(input_edges, "part-*"):
        with open(p) as f:
            for line in f:
                if not line or line[0] == "#":
                    continue
                a, b = line.split()[:2]
                outdeg[a] += 1
                indeg[b] += 1
    read_s = time.perf_counter() - t0

    ids = []
    for header, row in csv_rows(os.path.join(sample_dir, "vertices")):
        ids.append(row[header.index("id")])
    sin, sout = Counter(), Counter()
    pairs = []
    for header, row in csv_rows(os.path.join(sample_dir, "edges")):
        u, v = row[header.index("src")], row[header.index("dst")]
        sout[u] += 1
        sin[v] += 1
        pairs.append((u, v))
    dcm = Counter((sin[i], sout[i]) for i in ids)
    jdm = Counter((sout[u], sin[v]) for u, v in pairs)
    build_s, ok = build_and_check(dcm, jdm)
    print(f"{read_s:.2f} {build_s:.2f} {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
