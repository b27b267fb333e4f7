"""Prints every criterion result under a directory as a Markdown table (for BENCHMARKS.md).

Usage: python3 benches/criterion_table.py [CRITERION_DIR]   (default: target/criterion)

Per benchmark: criterion's median estimate with its 95% confidence interval, and the fastest
sample (the machine is shared; the fastest sample is what others' load disturbs least).
"""

import json
import os
import sys

UNITS = [(1e9, "s"), (1e6, "ms"), (1e3, "µs"), (1.0, "ns")]


def human(ns):
    for scale, unit in UNITS:
        if ns >= scale:
            return "%.3g %s" % (ns / scale, unit)
    return "%.3g ns" % ns


def results(root):
    for directory, _, files in sorted(os.walk(root)):
        if os.path.basename(directory) != "new" or "estimates.json" not in files:
            continue
        with open(os.path.join(directory, "benchmark.json"), encoding="utf-8") as file:
            name = json.load(file)["full_id"]
        with open(os.path.join(directory, "estimates.json"), encoding="utf-8") as file:
            median = json.load(file)["median"]
        with open(os.path.join(directory, "sample.json"), encoding="utf-8") as file:
            sample = json.load(file)
        fastest = min(t / n for t, n in zip(sample["times"], sample["iters"]))
        yield name, median, fastest


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "target/criterion"
    print("| benchmark | median | 95% CI of the median | fastest sample |")
    print("|---|---:|---:|---:|")
    for name, median, fastest in results(root):
        interval = median["confidence_interval"]
        print("| %s | %s | %s – %s | %s |" % (
            name, human(median["point_estimate"]), human(interval["lower_bound"]),
            human(interval["upper_bound"]), human(fastest)))


if __name__ == "__main__":
    main()
