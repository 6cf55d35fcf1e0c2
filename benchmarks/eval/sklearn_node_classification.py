#!/usr/bin/env python3
"""scikit-learn peer of `grasp evaluate node-classification`: the same protocol (one-vs-rest logistic regression,
C = 1, seeded splits at a training ratio, each test node predicted its k best-scored classes, k = its true label count,
Micro/Macro-F1) on grasp's own seeded splits (Seeds.uniform(seed, repeat, id) recomputed here), on embeddings written by `grasp embed --output-format csv` and a labels file (id label [label ...]).

Two objectives are fitted on the same splits:
  liblinear  LogisticRegression(solver="liblinear", C=1): scikit-learn's classic setting (intercept penalised,
             raw features);
  grasp      features divided by their training standard deviation and an unpenalised intercept (lbfgs, C=1): the
             objective grasp states (Spark ML's standardisation), to check that grasp's fit reaches its optimum.
Usage: sklearn_node_classification.py EMB_CSV_DIR LABELS REPEATS [TRAIN_RATIO]
Prints one line per objective: PEER objective=... micro=... macro=... seconds=... (seconds include reading)."""
import glob
import sys
import time

t_start = time.perf_counter()
import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.multiclass import OneVsRestClassifier  # noqa: E402
from sklearn.preprocessing import MultiLabelBinarizer  # noqa: E402


def read(emb_dir, labels_path):
    rows = []
    for f in sorted(glob.glob(emb_dir + "/part-*")):
        rows.append(np.loadtxt(f, delimiter=",", skiprows=1, ndmin=2))
    e = np.concatenate(rows)
    ids = e[:, 0].astype(np.int64)
    x = e[:, 1:]
    labels = {}
    with open(labels_path) as fh:
        for line in fh:
            p = line.split()
            if len(p) >= 2 and not p[0].startswith("#"):
                labels.setdefault(int(p[0]), set()).update(p[1:])
    keep = [i for i, v in enumerate(ids) if v in labels]
    return x[keep], [sorted(labels[ids[i]]) for i in keep], ids[keep]


M64 = (1 << 64) - 1
P1, P2, P3, P4, P5 = (11400714785074694791, 14029467366897019727, 1609587929392839161, 9650029242287828579,
                      2870177450012600261)


def _rotl(v, r):
    return ((v << r) | (v >> (64 - r))) & M64


def _hash_long(v, seed):
    """Spark's XXH64.hashLong (the hash behind xxhash64 on a long column)."""
    h = (seed + P5 + 8) & M64
    h ^= (_rotl((v & M64) * P2 & M64, 31) * P1) & M64
    h = (_rotl(h, 27) * P1 + P4) & M64
    h ^= h >> 33
    h = h * P2 & M64
    h ^= h >> 29
    h = h * P3 & M64
    h ^= h >> 32
    return h


def uniform(seed, *keys):
    """grasp's Seeds.uniform(seed, keys...): the same split order as grasp's evaluation."""
    h = _hash_long(seed, 42)
    for k in keys:
        h = _hash_long(k, h)
    return (h >> 11) * (1.0 / (1 << 53))


def evaluate(x, y, ids, ratio, repeats, objective, seed=42):
    mlb = MultiLabelBinarizer()
    yb = mlb.fit_transform(y)
    n = len(x)
    n_train = int(np.floor(ratio * n))
    micro, macro = [], []
    for r in range(repeats):
        order = np.array(sorted(range(n), key=lambda i: (uniform(seed, r, int(ids[i])), int(ids[i]))))
        tr, te = order[:n_train], order[n_train:]
        xtr, xte = x[tr], x[te]
        if objective == "grasp":
            sd = xtr.std(axis=0, ddof=1)
            sd[sd == 0] = np.inf
            xtr, xte = xtr / sd, xte / sd
            base = LogisticRegression(C=1.0, solver="lbfgs", max_iter=5000, tol=1e-8)
        else:
            base = LogisticRegression(C=1.0, solver="liblinear")
        # a class absent from the training split is never predicted (score -inf), as in grasp
        present = yb[tr].sum(axis=0) > 0
        scores = np.full((len(te), yb.shape[1]), -np.inf)
        clf = OneVsRestClassifier(base).fit(xtr, yb[tr][:, present])
        scores[:, present] = clf.decision_function(xte)
        k = yb[te].sum(axis=1)
        pred = np.zeros_like(yb[te])
        for i in range(len(te)):
            # best score first; ties by label name, as grasp
            best = sorted(range(yb.shape[1]), key=lambda c: (-scores[i, c], mlb.classes_[c]))[: k[i]]
            pred[i, best] = 1
        micro.append(f1_score(yb[te], pred, average="micro", zero_division=0))
        macro.append(f1_score(yb[te], pred, average="macro", zero_division=0))
    return float(np.mean(micro)), float(np.mean(macro))


def main():
    emb_dir, labels_path, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ratio = float(sys.argv[4]) if len(sys.argv) > 4 else 0.5
    x, y, ids = read(emb_dir, labels_path)
    t_read = time.perf_counter() - t_start
    for objective in ("liblinear", "grasp"):
        t0 = time.perf_counter()
        mi, ma = evaluate(x, y, ids, ratio, repeats, objective)
        secs = t_read + time.perf_counter() - t0
        print(f"PEER objective={objective} nodes={len(x)} micro={mi:.4f} macro={ma:.4f} seconds={secs:.2f}")


if __name__ == "__main__":
    main()
