"""Golden values for io.labelatlas.evaluate, computed by scikit-learn, scipy and numpy.

Writes cases.txt and audit_cases.txt next to this file; see README.md for the command and versions.
`generate.py agreement` or `generate.py audit` writes only one of them (cases.txt takes minutes).

cases.txt (AgreementMetrics, Silhouette), space-separated lines:

  case NAME                       starts a case; "end" closes it
  true int|str TOKENS...          class label of each sample (int codes or label strings)
  pred TOKENS...                  cluster id (int) of each sample
  cell LABEL CLUSTER COUNT        instead of true/pred: one contingency cell (large-count cases)
  purity|nmi|ami|ari|homogeneity|completeness|v_measure VALUE
  silhouette_case NAME DIM        starts a silhouette case; "end" closes it
  point LABEL SAMPLE_SCORE X...   one point with its silhouette_samples value
  silhouette VALUE                silhouette_score

audit_cases.txt (ClusterDiagnostics, LabelBalance, CohenKappa, DaviesBouldin, Dbcv, Bootstrap, StandardNormal):

  diagnostics_case NAME MIN_SHARE     then true/pred lines as above, and
    micro_purity V / macro_purity V   numpy on contingency_matrix (sklearn has no purity)
    cluster ID SIZE MAJORITY MAJORITY_COUNT PURITY ENTROPY
    class LABEL SIZE CLUSTERS_WITH_AT_LEAST_MIN_SHARE ENTROPY MAIN_CLUSTER MAIN_SHARE
    balance CLASSES N LARGEST SMALLEST IMBALANCE_RATIO GINI_COEFFICIENT GINI_IMPURITY ENTROPY
  kappa_case NAME none|linear|quadratic int|str, first TOKENS, second TOKENS, kappa V (cohen_kappa_score)
  davies_bouldin_case NAME DIM, point LABEL X..., davies_bouldin V (davies_bouldin_score)
  dbcv_case NAME DIM, point LABEL X..., dbcv V, dbcv_cluster ID SIZE SPARSENESS SEPARATION VALIDITY
                                      (a numpy transcription of the paper, not a reference implementation)
  bootstrap_case mean|std CONFIDENCE, sample X..., estimate V,
    percentile|bca|reference_percentile|reference_bca|basic LOW HIGH STANDARD_ERROR   (scipy.stats.bootstrap; B = 2000,
                                      reference_* B = 20000), jackknife BIAS STANDARD_ERROR (leave-one-out, numpy),
                                      distribution V... (the B = 2000 replicates)
  ndtr X V / ndtri P V                scipy.special
Every case ends with "end". Floats are written with repr(), so they parse back to the same double.
"""
import os
import sys
import warnings

import numpy as np
import sklearn
from scipy import special, stats
from scipy.spatial.distance import cdist
from sklearn.metrics import (adjusted_mutual_info_score, adjusted_rand_score, cohen_kappa_score, davies_bouldin_score,
                             homogeneity_completeness_v_measure, normalized_mutual_info_score, silhouette_samples,
                             silhouette_score)
from sklearn.metrics.cluster import contingency_matrix

rng = np.random.default_rng(20240611)
AUDIT_SEED = 20250117
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


def agreement_cases():
    """Fills `out` with the cases of cases.txt, drawing from `rng`."""
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
    x, y = blobs(200, 5, 4, 1.0, 4.0)
    silhouette_case("blobs_5d", x, y)
    x, y = blobs(60, 3, 3, 2.0, 3.0)
    y[:4] = [10, 11, 12, 12]  # two singleton clusters and a pair
    silhouette_case("with_singletons", x, y)
    x, y = blobs(150, 32, 6, 1.5, 1.0)
    silhouette_case("overlapping_32d", x, y * 3 - 2)


# ---------------------------------------------------------------------------------------------------------------------
# Audit cases (audit_cases.txt): their own generator, so that adding one leaves cases.txt as it was.


def audit_cases():
    rng = np.random.default_rng(AUDIT_SEED)
    out = []

    def tokens(values):
        return " ".join(str(v) for v in values)

    def diagnostics_case(name, true, pred, min_share=0.1):
        true, pred = np.asarray(true), np.asarray(pred)
        kind = "str" if true.dtype.kind in "US" else "int"
        classes, clusters = np.unique(true), np.unique(pred)
        c = contingency_matrix(true, pred)  # rows: sorted classes, columns: sorted cluster ids
        n = c.sum()
        out.append(f"diagnostics_case {name} {min_share!r}")
        out.append(f"true {kind} " + tokens(true))
        out.append("pred " + tokens(int(p) for p in pred))
        majority = c.max(axis=0)
        out.append(f"micro_purity {float(majority.sum() / n)!r}")
        out.append(f"macro_purity {float(np.mean(majority / c.sum(axis=0)))!r}")
        for j, cluster in enumerate(clusters):
            column = c[:, j]
            p = column[column > 0] / column.sum()
            entropy = float(-(p * np.log(p)).sum())
            top = int(np.argmax(column))  # first class on ties
            out.append(f"cluster {int(cluster)} {column.sum()} {classes[top]} {column[top]} "
                       f"{float(column[top] / column.sum())!r} {entropy!r}")
        for i, label in enumerate(classes):
            row = c[i, :]
            share = row / row.sum()
            p = share[share > 0]
            main = int(np.argmax(row))
            out.append(f"class {label} {row.sum()} {int((share >= min_share).sum())} {float(-(p * np.log(p)).sum())!r} "
                       f"{int(clusters[main])} {float(share[main])!r}")
        sizes = c.sum(axis=1)
        k = len(sizes)
        p = sizes / sizes.sum()
        gini = np.abs(sizes[:, None] - sizes[None, :]).sum() / (2 * k * sizes.sum())
        out.append(f"balance {k} {n} {sizes.max()} {sizes.min()} {float(sizes.max() / sizes.min())!r} "
                   f"{float(gini)!r} {float(1 - (p ** 2).sum())!r} {float(-(p * np.log(p)).sum())!r}")
        out.append("end")

    def kappa_case(name, first, second, weights=None):
        first, second = np.asarray(first), np.asarray(second)
        kind = "str" if first.dtype.kind in "US" else "int"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kappa = cohen_kappa_score(first, second, weights=weights)
        out.append(f"kappa_case {name} {weights or 'none'} {kind}")
        out.append("first " + tokens(first))
        out.append("second " + tokens(second))
        out.append(f"kappa {float(kappa)!r}")
        out.append("end")

    def points_case(kind, name, x, labels, value, extra=()):
        out.append(f"{kind}_case {name} {x.shape[1]}")
        for point, label in zip(x, labels):
            out.append(f"point {int(label)} " + " ".join(repr(float(v)) for v in point))
        out.append(f"{kind} {float(value)!r}")
        out.extend(extra)
        out.append("end")

    def blobs_with(n, d, k, spread, scale):
        centres = rng.normal(0, scale, (k, d))
        labels = rng.integers(0, k, n)
        return centres[labels] + rng.normal(0, spread, (n, d)), labels

    # Purity, per-cluster and per-class diagnostics, label balance.
    t = rng.integers(0, 5, 300)
    diagnostics_case("noisy", t, noisy_copy_with(rng, t, 7, 0.35))
    t = np.minimum(rng.geometric(0.3, 1200) - 1, 11)
    p = noisy_copy_with(rng, t, 15, 0.25)
    p[rng.random(1200) < 0.12] = -1
    diagnostics_case("unbalanced_with_noise", t, p, 0.05)
    names = np.array(["scratch", "pit", "crack", "stain", "good"])
    t = rng.choice(len(names), 500, p=[0.1, 0.1, 0.1, 0.1, 0.6])
    p = noisy_copy_with(rng, t, 8, 0.3)
    diagnostics_case("string_labels", names[t], p, 0.25)
    diagnostics_case("ties", [0, 1, 0, 1, 2, 2, 3], [5, 5, 6, 6, 7, 7, 7], 0.5)
    diagnostics_case("one_class", np.zeros(20, dtype=int), rng.integers(0, 3, 20))

    # Cohen's kappa.
    a = rng.integers(0, 4, 200)
    b = np.where(rng.random(200) < 0.7, a, rng.integers(0, 4, 200))
    for weights in (None, "linear", "quadratic"):
        kappa_case("annotators", a, b, weights)
    kappa_case("disjoint_labels", rng.integers(0, 3, 50), rng.integers(2, 6, 50))
    kappa_case("strings", names[rng.integers(0, 5, 120)], names[rng.integers(0, 5, 120)])
    kappa_case("strings_quadratic", names[a[:80]], names[b[:80]], "quadratic")
    kappa_case("perfect", a[:30], a[:30])
    kappa_case("single_label", np.full(10, 3), np.full(10, 3))

    # Davies-Bouldin.
    x, y = blobs_with(200, 5, 4, 1.0, 4.0)
    points_case("davies_bouldin", "blobs_5d", x, y, davies_bouldin_score(x, y))
    x, y = blobs_with(120, 16, 5, 2.0, 1.0)
    y = y * 2 - 1  # labels -1, 1, 3, 5, 7
    points_case("davies_bouldin", "overlapping_16d_with_noise_label", x, y, davies_bouldin_score(x, y))
    x = np.repeat(np.array([[0.0, 0.0], [3.0, 4.0], [6.0, 0.0]]), 3, axis=0)
    y = np.repeat([0, 1, 2], 3)
    points_case("davies_bouldin", "coincident_points", x, y, davies_bouldin_score(x, y))

    # DBCV: no reference implementation is available, so this is a numpy transcription of the paper's steps as
    # io.labelatlas.evaluate.Dbcv documents them (same MST tie rule), to catch slips in the Java, not a reference.
    def dbcv_case(name, x, labels):
        score, clusters = dbcv_transcription(x, labels)
        extra = [f"dbcv_cluster {c} {size} {sparse!r} {sep!r} {v!r}" for c, size, sparse, sep, v in clusters]
        points_case("dbcv", name, x, labels, score, extra)

    x, y = blobs_with(90, 2, 3, 0.6, 4.0)
    dbcv_case("blobs_2d", x, y)
    x, y = blobs_with(80, 4, 4, 1.0, 2.0)
    y[rng.random(80) < 0.15] = -1
    dbcv_case("overlapping_4d_with_noise", x, y)
    angles = rng.uniform(0, np.pi, 60)
    moons = np.concatenate([np.c_[np.cos(angles[:30]), np.sin(angles[:30])],
                            np.c_[1 - np.cos(angles[30:]), 0.5 - np.sin(angles[30:])]]) + rng.normal(0, 0.05, (60, 2))
    dbcv_case("moons", moons, np.repeat([0, 1], 30))

    # Bootstrap intervals from scipy.stats.bootstrap. The B = 2000 run's distribution is written out so that the Java
    # interval formulas can be fed the very same replicates; the B = 20000 run is the Monte Carlo reference.
    statistics = {"mean": lambda s, axis=-1: np.mean(s, axis=axis),
                  "std": lambda s, axis=-1: np.std(s, ddof=1, axis=axis)}
    sample = rng.exponential(1.0, 40)
    for name, statistic in statistics.items():
        seed = int(rng.integers(0, 2**31))
        bca = stats.bootstrap((sample,), statistic, n_resamples=2000, method="BCa",
                              random_state=np.random.default_rng(seed))
        percentile = stats.bootstrap((sample,), statistic, n_resamples=0, method="percentile",
                                     bootstrap_result=bca, random_state=np.random.default_rng(seed))
        big_bca = stats.bootstrap((sample,), statistic, n_resamples=20000, method="BCa",
                                  random_state=np.random.default_rng(seed + 1))
        big_percentile = stats.bootstrap((sample,), statistic, n_resamples=0, method="percentile",
                                         bootstrap_result=big_bca, random_state=np.random.default_rng(seed + 1))
        basic = stats.bootstrap((sample,), statistic, n_resamples=0, method="basic",
                                bootstrap_result=bca, random_state=np.random.default_rng(seed))
        leave_one_out = np.array([statistic(np.delete(sample, i)) for i in range(len(sample))])
        n = len(sample)
        jackknife_bias = (n - 1) * (leave_one_out.mean() - statistic(sample))
        jackknife_se = np.sqrt((n - 1) / n * ((leave_one_out - leave_one_out.mean()) ** 2).sum())
        out.append(f"bootstrap_case {name} 0.95")
        out.append("sample " + " ".join(repr(float(v)) for v in sample))
        out.append(f"estimate {float(statistic(sample))!r}")
        for label, result in (("percentile", percentile), ("bca", bca), ("reference_percentile", big_percentile),
                              ("reference_bca", big_bca), ("basic", basic)):
            ci = result.confidence_interval
            out.append(f"{label} {float(ci.low)!r} {float(ci.high)!r} {float(result.standard_error)!r}")
        out.append(f"jackknife {float(jackknife_bias)!r} {float(jackknife_se)!r}")
        out.append("distribution " + " ".join(repr(float(v)) for v in bca.bootstrap_distribution))
        out.append("end")

    # The normal distribution function and its inverse, which BCa uses.
    for x in (-30.0, -8.5, -5.0, -2.5, -1.0, 0.0, 0.3, 1.959963984540054, 4.0, 7.0):
        out.append(f"ndtr {x!r} {float(special.ndtr(x))!r}")
    for q in (1e-300, 1e-12, 1e-4, 0.025, 0.3, 0.5, 0.7, 0.975, 1 - 1e-9):
        out.append(f"ndtri {q!r} {float(special.ndtri(q))!r}")
    return out


def noisy_copy_with(generator, true, k, flip):
    """noisy_copy with an explicit generator."""
    mapping = generator.permutation(max(k, true.max() + 1))[: true.max() + 1] % k
    pred = mapping[true]
    moved = generator.random(len(true)) < flip
    pred[moved] = generator.integers(0, k, moved.sum())
    return pred


def dbcv_transcription(x, labels):
    """DBCV step by step (see Dbcv.java); returns the score and (cluster, size, sparseness, separation, validity)."""
    n, d = x.shape
    ids = sorted(int(c) for c in set(labels.tolist()) if c >= 0)
    core = np.zeros(n)
    internal, sparseness = {}, {}
    for c in ids:
        members = np.where(labels == c)[0]
        m = len(members)
        dist = cdist(x[members], x[members])
        for a in range(m):
            others = np.delete(dist[a], a)
            core[members[a]] = 0.0 if (others == 0).any() else np.mean((1.0 / others) ** d) ** (-1.0 / d)
        reach = np.maximum(dist, np.maximum(core[members][:, None], core[members][None, :]))
        key = np.full(m, np.inf)
        key[0] = 0.0
        parent = np.full(m, -1)
        in_tree = np.zeros(m, dtype=bool)
        degree = np.zeros(m, dtype=int)
        edges = []
        for _ in range(m):
            v = int(np.argmin(np.where(in_tree, np.inf, key)))
            in_tree[v] = True
            if parent[v] >= 0:
                edges.append((parent[v], v, key[v]))
                degree[parent[v]] += 1
                degree[v] += 1
            closer = ~in_tree & (reach[v] < key)
            key[closer] = reach[v][closer]
            parent[closer] = v
        inner = [w for a, b, w in edges if degree[a] > 1 and degree[b] > 1]
        sparseness[c] = max(inner) if inner else max(w for _, _, w in edges)
        internal[c] = members[degree > 1] if (degree > 1).any() else members
    separation = {c: np.inf for c in ids}
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            dist = cdist(x[internal[a]], x[internal[b]])
            reach = np.maximum(dist, np.maximum(core[internal[a]][:, None], core[internal[b]][None, :]))
            separation[a] = min(separation[a], reach.min())
            separation[b] = min(separation[b], reach.min())
    score, clusters = 0.0, []
    for c in ids:
        size = int((labels == c).sum())
        larger = max(separation[c], sparseness[c])
        validity = 0.0 if larger == 0 else (separation[c] - sparseness[c]) / larger
        score += size / n * validity
        clusters.append((c, size, float(sparseness[c]), float(separation[c]), float(validity)))
    return score, clusters


def write(name, lines):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    with open(path, "w") as f:
        f.write(f"# scikit-learn {sklearn.__version__}, numpy {np.__version__}; written by generate.py\n")
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    parts = set(sys.argv[1:]) or {"agreement", "audit"}
    if "agreement" in parts:
        agreement_cases()
        write("cases.txt", out)
    if "audit" in parts:
        write("audit_cases.txt", audit_cases())
