"""Summary of scripts/bench-layers: mean +- sd over seeds of each configuration, from OUT/layers.csv, with the
differences the issue's goals name (best layered configuration against the pooled last layer and the box-size control).

  python3 bench_layers_summary.py OUT/layers.csv
"""
import csv, statistics, sys
from collections import defaultdict

MEASURES = ["kmeans_nmi", "ward_nmi", "knn1_loo_accuracy"]
values = defaultdict(list)
configs, tags = [], []
for row in csv.DictReader(open(sys.argv[1])):
    values[(row["tag"], row["config"], row["measure"])].append(float(row["value"]))
    if row["config"] not in configs:
        configs.append(row["config"])
    if row["tag"] not in tags:
        tags.append(row["tag"])


def mean(xs):
    return statistics.mean(xs) if xs else float("nan")


def fmt(xs):
    return f"{statistics.mean(xs):.3f} +- {statistics.stdev(xs) if len(xs) > 1 else 0:.3f}" if xs else "-"


for tag in tags:
    print(f"\n{tag}  (mean +- sd over seeds)")
    print(f"| configuration | {' | '.join(MEASURES)} |")
    print("|---|" + "---|" * len(MEASURES))
    for config in configs:
        print(f"| {config} | " + " | ".join(fmt(values[(tag, config, m)]) for m in MEASURES) + " |")

layered = [c for c in configs if (c.startswith("b") or c.startswith("all_")) and "_" in c]
stretched = [t for t in tags if "-letterbox" not in t and "-fixed_scale" not in t]
plain = stretched or tags
print("\nBest layered configuration by mean of k-means and Ward NMI over " + ", ".join(plain)
      + (" (stretched crops)" if stretched else "") + ", and its differences:")
best = max(layered, key=lambda c: mean([mean(values[(t, c, m)]) for t in plain for m in MEASURES[:2]]))
for tag in tags:
    for m in MEASURES:
        b = mean(values[(tag, best, m)])
        print(f"{tag} {best} {m}: {b:.3f}; vs final_pooled {b - mean(values[(tag, 'final_pooled', m)]):+.3f}; "
              f"vs box_size_control {b - mean(values[(tag, 'box_size_control', m)]):+.3f}; "
              f"vs hog {b - mean(values[(tag, 'hog', m)]):+.3f}")
