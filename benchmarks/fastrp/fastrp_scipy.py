#!/usr/bin/env python3
"""Single-process scipy reference of the same FastRP (UNDIRECTED S = A + A^T, A = D^-1 S, very sparse R with s = 3,
L = diag(deg^beta), N1 = A L R, N_i = A N_{i-1}, E = sum_i alpha_i rowL2(N_i)). Times everything after the edge
arrays are in memory (matrix build + projection + propagation). Usage: fastrp_scipy.py EDGES_DIR d q"""
import glob
import sys
import time

import numpy as np
import scipy.sparse as sp


def main():
    path, d, q = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    files = sorted(glob.glob(path + "/part-*"))
    e = np.concatenate([np.fromfile(f, dtype=np.int64, sep=" ") for f in files]).reshape(-1, 2)
    t0 = time.perf_counter()
    ids, inv = np.unique(e.ravel(), return_inverse=True)
    inv = inv.reshape(-1, 2)
    n = len(ids)
    a = sp.csr_matrix((np.ones(len(e)), (inv[:, 0], inv[:, 1])), shape=(n, n))
    s = (a + a.T).tocsr()
    deg = np.asarray(s.sum(axis=1)).ravel()
    with np.errstate(divide="ignore"):
        inv_deg = np.where(deg > 0, 1.0 / deg, 0.0)
        l = np.where(deg > 0, deg ** -0.5, 1.0)
    trans = sp.diags(inv_deg) @ s
    sparsity = 3.0
    rng = np.random.default_rng(1)
    u = rng.random((n, d))
    r = np.where(u < 1 / (2 * sparsity), 1.0, np.where(u < 1 / sparsity, -1.0, 0.0)) * np.sqrt(sparsity / d)
    r = sp.csr_matrix(r)
    cur = trans @ (sp.diags(l) @ r).toarray()
    emb = np.zeros((n, d))
    for i in range(q):
        if i > 0:
            cur = trans @ cur
        norms = np.linalg.norm(cur, axis=1)
        emb += cur / np.where(norms > 0, norms, 1.0)[:, None]
    secs = time.perf_counter() - t0
    print(f"SCIPY edges={len(e)} nodes={n} d={d} q={q} seconds={secs:.2f} checksum={np.abs(emb).sum():.6e}")


if __name__ == "__main__":
    main()
