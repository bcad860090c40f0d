"""Summary of scripts/bench-review: actions to reach each level, mean +- sd over seeds (noise and order seeds).

usage: /usr/bin/python3 scripts/bench_review_summary.py OUT_DIR
Reads OUT_DIR/<set>/<scenario>/simulation.csv; scenarios noise-* are audits and are pooled over their noise seeds.
Actions to a level are interpolated linearly between measurements, as labelatlas simulate-review reports them.
"""
import csv
import glob
import os
import re
import statistics
import sys
from collections import defaultdict


def reach(points, key, level):
    previous = None
    for actions, value in ((p["actions"], p[key]) for p in points):
        if value is None:
            return None
        if value >= level:
            if previous is None:
                return actions
            a0, v0 = previous
            return a0 + (level - v0) / (value - v0) * (actions - a0)
        previous = (actions, value)
    return None


def fmt(values, crops):
    reached = [v for v in values if v is not None]
    if not reached:
        return "-"
    mean = statistics.mean(reached)
    sd = statistics.stdev(reached) if len(reached) > 1 else 0.0
    missing = "" if len(reached) == len(values) else " (%d of %d)" % (len(reached), len(values))
    return "%.0f +- %.0f (%.1f%%)%s" % (mean, sd, 100.0 * mean / crops, missing)


def main(out):
    groups = defaultdict(list)
    crops = {}
    for path in sorted(glob.glob(os.path.join(out, "*", "*", "simulation.csv"))):
        scenario_dir = os.path.dirname(path)
        data_set = os.path.basename(os.path.dirname(scenario_dir))
        scenario = os.path.basename(scenario_dir)
        kind = "audit " + re.sub(r"-s\d+$", "", scenario) if scenario.startswith("noise-") else scenario
        md = open(os.path.join(scenario_dir, "simulation.md")).read()
        n = re.search(r"share of the ([\d,]+) crops", md)
        crops[data_set] = int(n.group(1).replace(",", "")) if n else 1
        curves = defaultdict(list)
        with open(path) as f:
            for row in csv.DictReader(f):
                curves[row["strategy"]].append({
                    "actions": int(row["actions"]), "accuracy": float(row["accuracy"]),
                    "wrong_fixed": float(row["wrong_fixed"]) if row["wrong_fixed"] else None})
        for name, points in curves.items():
            strategy = re.sub(r"-s\d+$", "", name)
            groups[(data_set, kind, strategy)].append(points)
    print("| set | scenario | strategy | runs | to 90% | to 95% | to 99% | to fix 90% of wrong |")
    print("|---|---|---|---|---|---|---|---|")
    for (data_set, kind, strategy), runs in sorted(groups.items()):
        n = crops[data_set]
        cells = [fmt([reach(p, "accuracy", level) for p in runs], n) for level in (0.90, 0.95, 0.99)]
        fixed = "" if not kind.startswith("audit") else fmt([reach(p, "wrong_fixed", 0.90) for p in runs], n)
        print("| %s | %s | %s | %d | %s |" % (data_set, kind, strategy, len(runs), " | ".join(cells + [fixed])))


if __name__ == "__main__":
    main(sys.argv[1])
