"""Summary of scripts/bench-audit: mean +- sd over seeds of each ranking's measures, from OUT/audit.csv.

  python3 bench_audit_summary.py OUT/audit.csv
"""
import csv, statistics, sys
from collections import defaultdict

METHODS = ["knn_vote", "confident_learning", "labelatlas"]
MEASURES = [("precision@flipped", ""), ("average_precision", ""), ("auroc", ""), ("precision", "10"),
            ("precision", "50"), ("precision", "100")]
values = defaultdict(list)
estimates = defaultdict(list)
per_class = defaultdict(list)
for row in csv.DictReader(open(sys.argv[1])):
    cell = (row["tag"], row["model"], row["fraction"])
    if row["measure"] == "wrong_share_estimate":
        estimates[cell + (row["method"],)].append(float(row["value"]))
    elif row["measure"] == "wrong_share":
        estimates[cell + ("truth",)].append(float(row["value"]))
    elif row["value"] != "":
        key = (row["method"], row["measure"], row["k"])
        if row["class"] == "*":
            values[cell + key].append(float(row["value"]))
        elif row["measure"] == "precision@flipped":
            per_class[cell + (row["class"], row["method"])].append(float(row["value"]))


def fmt(xs):
    return f"{statistics.mean(xs):.3f} +- {statistics.stdev(xs) if len(xs) > 1 else 0:.3f}" if xs else "-"


cells = sorted({k[:3] for k in values})
header = ["data-backbone", "noise", "fraction", "seeds", "measure"] + ["10-NN vote", "confident learning", "ours",
                                                                         "ours - best baseline"]
print("| " + " | ".join(header) + " |")
print("|" + "---|" * len(header))
for cell in cells:
    for measure, k in MEASURES:
        xs = [values[cell + (m, measure, k)] for m in METHODS]
        name = measure if not k else f"{measure}@{k}"
        diff = [o - max(a, b) for a, b, o in zip(*xs)] if all(xs) else []
        print(f"| {cell[0]} | {cell[1]} | {cell[2]} | {len(xs[2])} | {name} | " + " | ".join(fmt(x) for x in xs)
              + f" | {fmt(diff)} |")
print()
print("| data-backbone | noise | fraction | injected share | estimated share: confident joint of the probe | "
      "of the fused estimate (CSVs from 40a3a0a only) | per class precision@flipped, ours vs best baseline: better / equal / worse "
      "(mean over seeds) |")
print("|---|---|---|---|---|---|---|")
for cell in cells:
    better = equal = worse = 0
    for key in {k[:4] for k in per_class if k[:3] == cell}:
        ours = statistics.mean(per_class[key + ("labelatlas",)])
        best = max(statistics.mean(per_class[key + (m,)]) for m in METHODS[:2])
        if ours > best + 0.005: better += 1
        elif ours < best - 0.005: worse += 1
        else: equal += 1
    print(f"| {cell[0]} | {cell[1]} | {cell[2]} | {fmt(estimates[cell + ('truth',)])} | "
          f"{fmt(estimates[cell + ('confident_learning',)])} | {fmt(estimates[cell + ('labelatlas',)])} | "
          f"{better} / {equal} / {worse} |")
