#!/usr/bin/env python3
"""A whole directed-2K sampling pipeline in one Python process with networkx: the single-process peer of
`grasp sample --method jdd` (benchmarks/jdd/peer.sh runs both on the same input and prints the ratio).

The steps are the prototype pipeline of ALGORITHMS.md §1, written with networkx's own tools:
1. read the SNAP edge list, drop self-loops and repeated pairs (the simple view the sampler's target is), in- and
   out-degrees, DCM {(in, out): nodes} and JDM {(out k, in l): edges};
2. DCM' = largest-remainder rounding of r·DCM cell by cell (total round(r·|V|)), ties exchanged to balance stubs;
3. stub balance: single nodes moved to a neighbouring class of the same row or column (out-degree ± 1 or
   in-degree ± 1), one from each populated cell in turn, until Σ in-stubs = Σ out-stubs;
4. JDM' by networkx.network_simplex on the capacitated transportation problem: out-class k sends k·N'_out(k), in-class
   l receives l·N'_in(l), arc (k, l) holds at most N'_out(k)·N'_in(l) − B'(k, l) (C3); cost tiers per arc: floor(r·JDM)
   free, the rounding unit 1, beyond it 4; arcs outside the original support (cost 12) only when the support alone is
   infeasible;
5. networkx.directed_joint_degree_graph (Tillman et al., KDD 2017) on (DCM', JDM'), and a check that the graph
   realises them with no self-loop.

Hub classes that no sample can realise are not handled (the run stops with networkx's own error); wiki-Vote and
email-Eu-core at r >= 0.1 need none.

Prints one line of seconds, `read rescale build check total`, then quality lines for the networkx sample and, when
a grasp sample folder (CSV `vertices/`, `edges/`) is given, for grasp's: nodes, edges, KS D of the in- and
out-degree distributions against the simple input, rel-L1 of DCM and JDM (Σ|X' − s·X| / (s·ΣX), s = |V'|/|V|),
whether the sample is simple.

Usage: networkx_rescale_pipeline.py INPUT_EDGES RATIO [GRASP_SAMPLE_DIR]
"""
import math
import os
import random
import sys
import time
from collections import Counter

import networkx as nx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from networkx_pipeline import build, csv_rows, parts, realises  # noqa: E402


def read_simple(path):
    pairs = set()
    for p in parts(path, "part-*"):
        with open(p) as f:
            for line in f:
                if not line.strip() or line[0] in "#%":
                    continue
                a, b = line.split()[:2]
                if a != b:
                    pairs.add((a, b))
    return pairs


def matrices(nodes, pairs):
    indeg, outdeg = Counter(), Counter()
    for u, v in pairs:
        outdeg[u] += 1
        indeg[v] += 1
    dcm = Counter((indeg[x], outdeg[x]) for x in nodes)
    jdm = Counter((outdeg[u], indeg[v]) for u, v in pairs)
    return indeg, outdeg, dcm, jdm


def round_dcm(dcm, r, total, seed=7):
    """Largest-remainder rounding of r·DCM to `total` nodes. Equal remainders (most cells of a heavy-tailed DCM hold
    one node) are taken in seeded random order, then exchanged within that tie group, which leaves every cell's
    error unchanged, to bring Σ out-stubs − Σ in-stubs as close to 0 as the group allows."""
    exact = {c: r * x for c, x in dcm.items()}
    out = {c: math.floor(x) for c, x in exact.items()}
    left = total - sum(out.values())
    rng = random.Random(seed)
    tie = {c: rng.random() for c in sorted(exact)}
    order = sorted(exact, key=lambda c: (-(exact[c] - out[c]), tie[c]))
    for c in order[:left]:
        out[c] += 1
    if 0 < left < len(order):
        frac = exact[order[left - 1]] - math.floor(exact[order[left - 1]])
        group = [c for c in order if abs(exact[c] - math.floor(exact[c]) - frac) < 1e-12]
        up = set(order[:left])
        chosen = sorted((c for c in group if c in up), key=lambda c: c[1] - c[0])
        others = sorted((c for c in group if c not in up), key=lambda c: c[1] - c[0])
        diff = sum((o - i) * x for (i, o), x in out.items())
        while chosen and others:
            high = diff > 0
            a, b = (chosen[-1], others[0]) if high else (chosen[0], others[-1])
            gain = (a[1] - a[0]) - (b[1] - b[0])
            if abs(diff - gain) >= abs(diff):
                break
            out[a] -= 1
            out[b] += 1
            diff -= gain
            if high:
                chosen.pop(), others.pop(0)
            else:
                chosen.pop(0), others.pop()
    return Counter({c: x for c, x in out.items() if x > 0})


def balance_stubs(dcm):
    """Moves single nodes to a neighbouring class (out-degree ± 1 or in-degree ± 1, alternately) until the in- and
    out-stub totals agree, one node from each populated cell (>= 2 nodes) in turn, most populated first, so that the
    moves spread over the distribution instead of draining one cell."""
    d = sum((o - i) * c for (i, o), c in dcm.items())
    turn = 0
    while d != 0:
        moved = False
        for (i, o) in sorted((c for c, x in dcm.items() if x >= 2), key=lambda c: (-dcm[c], c)):
            if d == 0:
                break
            step = -1 if d > 0 else 1  # d > 0: too many out-stubs, so one node sends one less (or receives one more)
            tries = ((i, o + step), (i - step, o)) if turn % 2 == 0 else ((i - step, o), (i, o + step))
            for ni, no in tries:
                if ni >= 0 and no >= 0 and (ni, no) in dcm and dcm[(i, o)] >= 2:
                    dcm[(i, o)] -= 1
                    dcm[(ni, no)] += 1
                    d += (no - o) - (ni - i)
                    turn += 1
                    moved = True
                    break
        if not moved:
            raise SystemExit("stub balance found no move between populated neighbouring classes")
    return +dcm


def jdm_by_flow(dcm, jdm, r):
    n_out, n_in = Counter(), Counter()
    for (i, o), c in dcm.items():
        n_out[o] += c
        n_in[i] += c

    def network(full):
        g = nx.MultiDiGraph()
        # sorted, so that the network (and network_simplex's ties) do not depend on Python's string hashing
        for k in sorted(n_out):
            if k > 0:
                g.add_node(("o", k), demand=-k * n_out[k])
        for l in sorted(n_in):
            if l > 0:
                g.add_node(("i", l), demand=l * n_in[l])
        for k in (k for k in sorted(n_out) if k > 0):
            for l in (l for l in sorted(n_in) if l > 0):
                cap = n_out[k] * n_in[l] - dcm.get((l, k), 0)
                if cap <= 0:
                    continue
                if (k, l) in jdm:
                    t = r * jdm[(k, l)]
                    free = min(cap, math.floor(t))
                    tiers = ((free, 0), (min(1, cap - free), 1), (cap - free - min(1, cap - free), 4))
                elif full:
                    tiers = ((cap, 12),)
                else:
                    continue
                for c, w in tiers:
                    if c > 0:
                        g.add_edge(("o", k), ("i", l), capacity=c, weight=w)
        return g

    for full in (False, True):
        try:
            _, flow = nx.network_simplex(network(full))
            break
        except nx.NetworkXUnfeasible:
            if full:
                raise
    out = Counter()
    for (_, k), targets in flow.items():
        if _ != "o":
            continue
        for (_, l), arcs in targets.items():
            f = sum(arcs.values())
            if f:
                out[(k, l)] = f
    return out


def ks(a, b):
    """Kolmogorov–Smirnov D between two degree samples given as {degree: count}."""
    na, nb = sum(a.values()), sum(b.values())
    ca = cb = 0
    d = 0.0
    for x in sorted(set(a) | set(b)):
        ca += a.get(x, 0)
        cb += b.get(x, 0)
        d = max(d, abs(ca / na - cb / nb))
    return d


def rel_l1(sample, orig, s):
    return sum(abs(sample.get(c, 0) - s * orig.get(c, 0)) for c in set(sample) | set(orig)) / (s * sum(orig.values()))


def quality(name, nodes, pairs, simple, orig):
    indeg, outdeg, dcm, jdm = matrices(nodes, pairs)
    oin, oout, odcm, ojdm = orig
    s = len(nodes) / sum(odcm.values())
    din = Counter(indeg[x] for x in nodes)
    dout = Counter(outdeg[x] for x in nodes)
    oin_d = Counter(i for (i, _), c in odcm.items() for _ in range(c))
    oout_d = Counter(o for (_, o), c in odcm.items() for _ in range(c))
    print(f"{name}: nodes {len(nodes)} edges {len(pairs)} ksIn {ks(din, oin_d):.4f} ksOut {ks(dout, oout_d):.4f} "
          f"dcmRelL1 {rel_l1(dcm, odcm, s):.4f} jdmRelL1 {rel_l1(jdm, ojdm, s):.4f} simple {'yes' if simple else 'NO'}")


def main(path, r, grasp_dir=None):
    t0 = time.perf_counter()
    pairs = read_simple(path)
    nodes = {x for p in pairs for x in p}
    orig = matrices(nodes, pairs)
    _, _, dcm, jdm = orig
    t1 = time.perf_counter()
    dcm2 = balance_stubs(round_dcm(dcm, r, round(r * len(nodes))))
    jdm2 = jdm_by_flow(dcm2, jdm, r)
    t2 = time.perf_counter()
    g = build(dcm2, jdm2)
    t3 = time.perf_counter()
    if not realises(g, dcm2, jdm2):
        raise SystemExit("networkx did not realise (DCM', JDM')")
    t4 = time.perf_counter()
    print(f"{t1 - t0:.2f} {t2 - t1:.2f} {t3 - t2:.2f} {t4 - t3:.2f} {t4 - t0:.2f}")
    quality("networkx", set(g.nodes()), list(g.edges()), True, orig)
    if grasp_dir:
        ids = [row[h.index("id")] for h, row in csv_rows(os.path.join(grasp_dir, "vertices"))]
        edges = [(row[h.index("src")], row[h.index("dst")]) for h, row in csv_rows(os.path.join(grasp_dir, "edges"))]
        simple = len(set(edges)) == len(edges) and all(u != v for u, v in edges)
        quality("grasp", set(ids), edges, simple, orig)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
