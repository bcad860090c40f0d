"""Golden values for io.labelatlas.cluster.dbscan: scikit-learn's DBSCAN labels and k-distances.

Run from this directory:  /usr/bin/python3 generate.py
Writes one <name>.txt per data set (format in README.md). Seeded, so reruns are byte-identical.
"""
import numpy as np
import sklearn
from sklearn.cluster import DBSCAN
from sklearn.neighbors import NearestNeighbors

DECIMALS = 4  # coordinates are rounded so the text is short and parses to the same double in Java


def blobs(rng, n, dim, centers, stds, weights, noise_fraction, box):
    n_noise = int(round(n * noise_fraction))
    n_blob = n - n_noise
    counts = np.floor(np.array(weights) / np.sum(weights) * n_blob).astype(int)
    counts[0] += n_blob - counts.sum()
    parts = [rng.normal(c, s, size=(m, dim)) for c, s, m in zip(centers, stds, counts)]
    parts.append(rng.uniform(-box, box, size=(n_noise, dim)))
    x = np.vstack(parts)
    rng.shuffle(x)  # interleave blobs and noise so label numbering is not trivially the generation order
    return np.round(x, DECIMALS)


def check_no_near_ties(x, eps):
    # sklearn's KD-tree compares squared distances with eps^2; a pair within rounding of eps could go either way.
    sq = ((x[:, None, :] - x[None, :, :]) ** 2).sum(-1) if len(x) <= 2000 else None
    gap = np.min(np.abs(sq - eps * eps)) / (eps * eps)
    assert gap > 1e-9, f"near tie at eps={eps}: relative gap {gap}"


def write(name, x, runs, ks):
    lines = [f"# sklearn {sklearn.__version__} numpy {np.__version__}", f"points {x.shape[0]} {x.shape[1]}"]
    lines += [" ".join(repr(float(v)) for v in row) for row in x]
    for eps, min_samples in runs:
        check_no_near_ties(x, eps)
        model = DBSCAN(eps=eps, min_samples=min_samples).fit(x)
        core = np.zeros(len(x), dtype=int)
        core[model.core_sample_indices_] = 1
        labels = model.labels_
        print(f"{name} eps={eps} min_samples={min_samples}: clusters={labels.max() + 1} "
              f"noise={np.sum(labels == -1)}/{len(x)} core={core.sum()}")
        lines.append(f"dbscan {eps!r} {min_samples}")
        lines.append(" ".join(str(v) for v in labels))
        lines.append(" ".join(str(v) for v in core))
    for k in ks:
        dist, _ = NearestNeighbors(n_neighbors=k).fit(x).kneighbors(x)
        lines.append(f"kdistance {k}")
        lines.append(" ".join(repr(float(v)) for v in dist[:, k - 1]))
    with open(f"{name}.txt", "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    rng = np.random.default_rng(20240611)
    x = blobs(rng, 600, 2, [[0, 0], [4, 4], [-4, 5]], [0.25, 0.6, 1.2], [3, 2, 2], 0.1, 8)
    write("blobs2d", x, [(0.3113, 5), (0.5171, 10), (0.1379, 8), (0.2207, 1)], [1, 5, 10])

    x = blobs(rng, 200, 2, [[0, 0], [3, 0]], [0.3, 0.9], [1, 1], 0.2, 5)
    write("small2d", x, [(0.4409, 4), (0.2913, 3)], [2, 4])

    centers = rng.uniform(-6, 6, size=(4, 10))
    x = blobs(rng, 2000, 10, centers, [0.4, 0.7, 1.0, 1.6], [4, 3, 2, 2], 0.08, 8)
    write("blobs10d", x, [(1.9031, 10), (2.6617, 20), (1.1093, 5)], [10, 20])


if __name__ == "__main__":
    main()
