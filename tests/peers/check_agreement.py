"""Reference agreement figures for tests/agreement.rs: reads JSON {"runs": [{"labels": [[label per unit] per
reviewer]}]} and prints, per run, scikit-learn's cohen_kappa_score for every pair of reviewers (all units, and
without units both labelled "none"), per-type present/absent kappas, and the krippendorff package's nominal alpha
over all reviewers (overall and per type)."""
import itertools
import json
import sys

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score


def alpha(rows):
    values = sorted({v for row in rows for v in row})
    if len(values) < 2:
        return None
    codes = [[values.index(v) for v in row] for row in rows]
    return float(krippendorff.alpha(reliability_data=np.array(codes, dtype=float), level_of_measurement="nominal"))


def kappa(a, b):
    if len(set(a) | set(b)) < 2:
        return None
    return float(cohen_kappa_score(a, b))


def types_of(label):
    return set() if label == "none" else set(label.split("+"))


out = []
for run in json.load(open(sys.argv[1], encoding="utf-8"))["runs"]:
    labels = run["labels"]
    all_types = sorted(set().union(*[types_of(l) for row in labels for l in row]))
    pairs = []
    for a, b in itertools.combinations(range(len(labels)), 2):
        la, lb = labels[a], labels[b]
        kept = [(x, y) for x, y in zip(la, lb) if not (x == "none" and y == "none")]
        per_type = {
            t: kappa([t in types_of(x) for x in la], [t in types_of(y) for y in lb]) for t in all_types
        }
        pairs.append({
            "kappa": kappa(la, lb),
            "kappa_without_both_empty": kappa([x for x, _ in kept], [y for _, y in kept]) if kept else None,
            "per_type": per_type,
        })
    per_type_alpha = {t: alpha([[int(t in types_of(l)) for l in row] for row in labels]) for t in all_types}
    out.append({"pairs": pairs, "alpha": alpha(labels), "per_type_alpha": per_type_alpha})
print(json.dumps(out))
