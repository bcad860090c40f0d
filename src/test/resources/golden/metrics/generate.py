"""Golden values for io.labelatlas.evaluate.AgreementMetrics and Silhouette, computed by scikit-learn.

Writes cases.txt next to this file; see README.md for the command and versions. Line format (space-separated):

  case NAME                       starts a case; "end" closes it
  true int|str TOKENS...          class label of each sample (int codes or label strings)
  pred TOKENS...                  cluster id (int) of each sample
  cell LABEL CLUSTER COUNT        instead of true/pred: one contingency cell (large-count cases)
  purity|nmi|ami|ari|homogeneity|completeness|v_measure VALUE
  silhouette_case NAME DIM        starts a silhouette case; "end" closes it
  point LABEL SAMPLE_SCORE X...   one point with its silhouette_samples value
  silhouette VALUE                silhouette_score
Floats are written with repr(), so they parse back to the same double.
"""
import os

import numpy as np
import sklearn
from sklearn.metrics import (adjusted_mutual_info_score, adjusted_rand_score, homogeneity_completeness_v_measure,
                             normalized_mutual_info_score, silhouette_samples, silhouette_score)
from sklearn.metrics.cluster import contingency_matrix

rng = np.random.default_rng(20240611)
out = []


def scores(true, pred):
    c = contingency_matrix(true, pred)
    h, comp, v = homogeneity_completeness_v_measure(true, pred)
    return [
        ("purity", c.max(axis=0).sum() / c.sum()),
        ("nmi", normalized_mutual_info_score(true, pred, average_method="arithmetic")),
        ("ami", adjusted_mutual_info_score(true, pred, average_method="arithmetic")),
        ("ari", adjusted_rand_score(true, pred)),
        ("homogeneity", h),
        ("completeness", comp),
        ("v_measure", v),
    ]


def labelled(name, true, pred):
    true, pred = np.asarray(true), np.asarray(pred)
    kind = "str" if true.dtype.kind in "US" else "int"
    out.append(f"case {name}")
    out.append(f"true {kind} " + " ".join(str(t) for t in true))
    out.append("pred " + " ".join(str(int(p)) for p in pred))
    out.extend(f"{k} {float(v)!r}" for k, v in scores(true, pred))
    out.append("end")


def from_table(name, labels, clusters, counts):
    counts = np.asarray(counts, dtype=np.int64)
    out.append(f"case {name}")
    for i, label in enumerate(labels):
        for j, cluster in enumerate(clusters):
            if counts[i, j] > 0:
                out.append(f"cell {label} {cluster} {counts[i, j]}")
    true = np.repeat(np.repeat(np.array(labels), counts.shape[1]), counts.ravel())
    pred = np.repeat(np.tile(np.array(clusters, dtype=np.int64), counts.shape[0]), counts.ravel())
    out.extend(f"{k} {float(v)!r}" for k, v in scores(true, pred))
    out.append("end")


def noisy_copy(true, k, flip):
    """A clustering that mostly follows the classes, with a fraction `flip` of samples moved to random clusters."""
    mapping = rng.permutation(max(k, true.max() + 1))[: true.max() + 1] % k
    pred = mapping[true]
    moved = rng.random(len(true)) < flip
    pred[moved] = rng.integers(0, k, moved.sum())
    return pred


# Agreement cases.
labelled("random_small", rng.integers(0, 4, 50), rng.integers(0, 5, 50))
t = rng.integers(0, 10, 2000)
labelled("noisy_medium", t, noisy_copy(t, 12, 0.3))
t = rng.integers(0, 6, 30)
labelled("perfect", t, t)
labelled("permuted", t, np.array([3, 5, 0, 1, 4, 2])[t] * 7 + 11)
labelled("one_cluster", rng.integers(0, 3, 40), np.zeros(40, dtype=int))
labelled("one_class", np.zeros(40, dtype=int), rng.integers(0, 4, 40))
labelled("one_class_one_cluster", np.full(25, 4), np.full(25, -1))
labelled("all_singletons", rng.permutation(40), rng.permutation(40))
labelled("two_singletons", np.array([0, 1]), np.array([5, 9]))
labelled("singleton_clusters", rng.integers(0, 5, 60), np.arange(60))
labelled("singleton_classes", np.arange(60), rng.integers(0, 5, 60))
labelled("anti_correlated", np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]))
# One dominant class and a long tail; the clustering has an HDBSCAN-style noise cluster -1.
t = np.minimum(rng.geometric(0.35, 1500) - 1, 14)
p = noisy_copy(t, 9, 0.2)
p[rng.random(1500) < 0.15] = -1
labelled("unbalanced_with_noise", t, p)
# Label strings, as the audit stage sees them; "unknown" plays the noise label.
names = np.array(["cat", "dog", "bird", "fish", "unknown", "Zebra", "cat_2"])
t = rng.integers(0, len(names), 800)
p = noisy_copy(t, 6, 0.4)
p[rng.random(800) < 0.1] = -1
labelled("string_labels", names[t], p)
# Many small clusters of repeated sizes: the shape that makes EMI expensive.
t = rng.integers(0, 20, 3000)
labelled("fragmented", t, noisy_copy(t, 900, 0.5))
# Large counts: n ~ 3e7 from a 6 x 5 table (sklearn's EMI loop still finishes in seconds).
counts = rng.integers(0, 1_000_000, (6, 5))
counts[np.arange(5), np.arange(5)] += rng.integers(1_000_000, 4_000_000, 5)
counts[5, 1] = 0
from_table("large_counts", ["a", "b", "c", "d", "e", "noise"], [-1, 0, 1, 2, 7], counts)
counts = np.array([[4_000_000, 1], [1, 3]])
from_table("large_lopsided", ["big", "small"], [0, 1], counts)


def blobs(n, d, k, spread, scale):
    centres = rng.normal(0, scale, (k, d))
    labels = rng.integers(0, k, n)
    return centres[labels] + rng.normal(0, spread, (n, d)), labels


def silhouette_case(name, x, labels):
    out.append(f"silhouette_case {name} {x.shape[1]}")
    per_sample = silhouette_samples(x, labels, metric="euclidean")
    for point, label, s in zip(x, labels, per_sample):
        out.append(f"point {int(label)} {float(s)!r} " + " ".join(repr(float(v)) for v in point))
    out.append(f"silhouette {float(silhouette_score(x, labels, metric='euclidean'))!r}")
    out.append("end")


x, y = blobs(200, 5, 4, 1.0, 4.0)
silhouette_case("blobs_5d", x, y)
x, y = blobs(60, 3, 3, 2.0, 3.0)
y[:4] = [10, 11, 12, 12]  # two singleton clusters and a pair
silhouette_case("with_singletons", x, y)
x, y = blobs(150, 32, 6, 1.5, 1.0)
silhouette_case("overlapping_32d", x, y * 3 - 2)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases.txt")
with open(path, "w") as f:
    f.write(f"# scikit-learn {sklearn.__version__}, numpy {np.__version__}; written by generate.py\n")
    f.write("\n".join(out) + "\n")
