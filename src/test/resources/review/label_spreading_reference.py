"""Reference for PropagationStage: scikit-learn's LabelSpreading on the graph LabelSpreading.java documents.

stdin: JSON {"neighbours": [[j, ...], ...], "distances": [[d, ...], ...], "seeds": [class or -1, ...],
             "alpha": a, "passes": n}
stdout: one line per node: the normalised class scores, space separated.
"""
import json
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.semi_supervised import LabelSpreading

SCALE_NEIGHBOUR = 7

spec = json.load(sys.stdin)
neighbours, distances = spec["neighbours"], spec["distances"]
n = len(neighbours)
scale = np.array([sorted(d)[min(SCALE_NEIGHBOUR, len(d)) - 1] for d in distances])
W = np.zeros((n, n))
for i in range(n):
    for j, d in zip(neighbours[i], distances[i]):
        if i == j:
            continue
        w = 1.0 if d == 0 else np.exp(-d * d / (scale[i] * scale[j]))
        W[i, j] = W[j, i] = max(W[i, j], w)

model = LabelSpreading(kernel=lambda a, b: W, alpha=spec["alpha"], max_iter=spec["passes"], tol=0.0)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    model.fit(np.arange(n).reshape(-1, 1), np.array(spec["seeds"]))
for row in model.label_distributions_:
    print(" ".join(repr(float(v)) for v in row))
