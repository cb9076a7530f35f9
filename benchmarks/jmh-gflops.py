#!/usr/bin/env python3
"""Prints the 'flops' secondary results of JMH JSON files as a GFLOP/s table (mean and best iteration).

Usage: jmh-gflops.py result.json [more.json ...]
"""
import json
import sys


def rows(path):
    with open(path) as f:
        for r in json.load(f):
            flops = r.get("secondaryMetrics", {}).get("flops")
            if flops is None:
                continue
            raw = [v for fork in flops.get("rawData", []) for v in fork]
            params = r.get("params", {})
            yield (r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1],
                   params.get("shape", "-"), params.get("precision", "-"), params.get("kernel", "-"),
                   params.get("threads", "1"), flops["score"] / 1e9, max(raw) / 1e9 if raw else float("nan"))


def main(paths):
    table = [row for p in paths for row in rows(p)]
    table.sort(key=lambda r: (r[0], r[1], r[2], r[3], r[4]))
    print(f"{'benchmark':34} {'shape':24} {'prec':6} {'kernel':7} {'thr':>3} {'GFLOP/s':>8} {'best':>8}")
    for b, shape, prec, kernel, thr, mean, best in table:
        print(f"{b:34} {shape:24} {prec:6} {kernel:7} {thr:>3} {mean:8.1f} {best:8.1f}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
