"""Prints the official SDK's and tcgen's signing times side by side (for benches/compare.sh).

Arguments: the JSON printed by official_sdk.py, the CRITERION_HOME of the `sign` bench run, the
installed official packages and the Python version (for the caption).

Medians are the usual figure; the fastest run (timeit) or sample (criterion) is shown beside it
because the machine is shared, and the fastest is what others' load disturbs least.
"""

import json
import sys


def criterion_ns(criterion_dir, group, function):
    """Median (criterion's estimate) and fastest sample, in ns per iteration."""
    base = "%s/%s/%s/new/" % (criterion_dir, group, function)
    with open(base + "estimates.json", encoding="utf-8") as file:
        median = json.load(file)["median"]["point_estimate"]
    with open(base + "sample.json", encoding="utf-8") as file:
        sample = json.load(file)
    fastest = min(t / n for t, n in zip(sample["times"], sample["iters"]))
    return {"median": median, "fastest": fastest}


def snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def micros(times):
    return "%.2f (%.2f)" % (times["median"] / 1e3, times["fastest"] / 1e3)


def ratio(a, b):
    return "%.1f× (%.1f×)" % (a["median"] / b["median"], a["fastest"] / b["fastest"])


def main():
    python_times, criterion_dir, installed, python_version = sys.argv[1:5]
    with open(python_times, encoding="utf-8") as file:
        official = json.load(file)
    print()
    print("official SDK: %s, Python %s, timeit (7 runs); tcgen: criterion (100 samples)."
          % (installed.strip("; "), python_version))
    print("µs per request, median (fastest run or sample); ratios likewise.")
    print()
    print("| request | signature | official Python | tcgen SDK | floor | Python / SDK | SDK / floor |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for key, seconds in official.items():
        method, action = key.split("/")
        group = "sign_%s_%s" % (method, snake(action))
        sdk = criterion_ns(criterion_dir, group, "sdk")
        floor = criterion_ns(criterion_dir, group, "floor")
        python = {name: value * 1e9 for name, value in seconds.items()}
        print("| %s | %s | %s | %s | %s | %s | %s |" % (
            action, "HmacSHA256" if method == "hmac" else "TC3-HMAC-SHA256",
            micros(python), micros(sdk), micros(floor), ratio(python, sdk), ratio(sdk, floor)))


if __name__ == "__main__":
    main()
