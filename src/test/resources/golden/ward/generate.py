"""Golden Ward data for io.labelatlas.cluster.ward: sklearn labels and scipy merge heights.

Run from the repository root:  /usr/bin/python3 src/test/resources/golden/ward/generate.py
Also used by WardPythonCrossCheckTest as:  generate.py --live INPUT OUTPUT K...
"""
import sys
import warnings
from pathlib import Path

import numpy as np
import scipy
import sklearn
from scipy.cluster.hierarchy import ward
from scipy.spatial.distance import pdist
from sklearn.cluster import AgglomerativeClustering
from sklearn.datasets import make_blobs

HERE = Path(__file__).resolve().parent
KS = [1, 2, 3, 5, 8, 13]

DATASETS = [
    # name, n, d, centers, seed
    ("blobs2d_n100", 100, 2, 3, 11),
    ("blobs2d_n1500", 1500, 2, 7, 12),
    ("blobs20d_n600", 600, 20, 5, 13),
    ("blobs5d_n400", 400, 5, 4, 14),
]


def labels_and_heights(X, ks):
    Z = ward(X)
    labels = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k in ks:
            labels[k] = AgglomerativeClustering(n_clusters=k, linkage="ward").fit(X).labels_
    return Z, labels


def write(path, X, Z, labels, header):
    with open(path, "w") as f:
        f.write("# " + header + "\n")
        f.write("points %d %d\n" % X.shape)
        for row in X:
            f.write(" ".join(repr(float(v)) for v in row) + "\n")
        f.write("heights %d\n" % len(Z))
        f.write("\n".join(repr(float(h)) for h in Z[:, 2]) + "\n")
        f.write("children %d\n" % len(Z))
        f.write("\n".join("%d %d %d" % (a, b, s) for a, b, s in Z[:, [0, 1, 3]].astype(int)) + "\n")
        for k, lab in labels.items():
            f.write("labels %d\n" % k)
            f.write(" ".join(str(int(v)) for v in lab) + "\n")


def main():
    for name, n, d, centers, seed in DATASETS:
        X, _ = make_blobs(n_samples=n, n_features=d, centers=centers, cluster_std=1.5, random_state=seed)
        X = np.round(X, 6)  # short decimal text that both sides parse to the same doubles
        dist = pdist(X)
        assert len(np.unique(dist)) == len(dist), name + ": distance ties"
        Z, labels = labels_and_heights(X, KS)
        h = np.sort(Z[:, 2])
        gaps = np.diff(h) / h[1:]
        assert gaps.min() > 1e-9, name + ": near-tied merge heights %g" % gaps.min()
        header = "%s make_blobs(n_samples=%d, n_features=%d, centers=%d, cluster_std=1.5, random_state=%d) " \
                 "rounded to 6 decimals; sklearn %s scipy %s numpy %s" % (
                     name, n, d, centers, seed, sklearn.__version__, scipy.__version__, np.__version__)
        write(HERE / (name + ".txt"), X, Z, labels, header)
        print("wrote", name, "min relative height gap %.3g" % gaps.min())


def live(inp, out, ks):
    X = np.loadtxt(inp, ndmin=2)
    Z, labels = labels_and_heights(X, ks)
    write(out, X, Z, labels, "live sklearn %s scipy %s" % (sklearn.__version__, scipy.__version__))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--live":
        live(sys.argv[2], sys.argv[3], [int(k) for k in sys.argv[4:]])
    else:
        main()
