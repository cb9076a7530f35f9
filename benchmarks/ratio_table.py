#!/usr/bin/env python3
"""Prints the pointgrad / PyTorch ratio table from compare-pytorch.sh's JSON files (median over rounds of the
per-round ratio, so both sides of a ratio were measured minutes apart on the same machine)."""
import json
import os
import statistics
import sys

out, rounds = sys.argv[1], int(sys.argv[2])


def load(name):
    path = os.path.join(out, name)
    return json.load(open(path)) if os.path.exists(path) else None


def ours_ms(data, bench, **params):
    for e in data or []:
        if e["benchmark"].endswith(bench) and all(str(e["params"].get(k)) == str(v) for k, v in params.items()):
            return e["primaryMetric"]["score"]
    return None


def torch_ms(data, kind, dtype, threads):
    vals = [r["median_ms"] for r in (data or {}).get("results", [])
            if r["kind"].startswith(kind) and r["dtype"] == dtype and r["threads"] == threads]
    return min(vals) if vals else None  # train step: fastest Chamfer variant PyTorch has


cases = [
    ("train step, float32, 2 threads", "TrainStepBenchmark.trainStep", dict(dtype="FLOAT32", threads=2), "train_step", "float32", 2),
    ("train step, float32, 1 thread", "TrainStepBenchmark.trainStep", dict(dtype="FLOAT32", threads=1), "train_step", "float32", 1),
    ("train step, float64, 2 threads", "TrainStepBenchmark.trainStep", dict(dtype="FLOAT64", threads=2), "train_step", "float64", 2),
    ("inference 16 shapes, float32, 2 threads", "InferenceBenchmark.inference", dict(dtype="FLOAT32", threads=2), "inference", "float32", 2),
    ("inference 16 shapes, float32, 1 thread", "InferenceBenchmark.inference", dict(dtype="FLOAT32", threads=1), "inference", "float32", 1),
]
print(f"{'case':42s} {'pointgrad ms':>13s} {'PyTorch ms':>11s} {'ratio':>7s}   (median over {rounds} alternating rounds)")
for name, bench, params, kind, dtype, threads in cases:
    o, t, r = [], [], []
    for i in range(1, rounds + 1):
        a = ours_ms(load(f"ours_{i}.json"), bench, **params)
        b = torch_ms(load(f"torch_{i}.json"), kind, dtype, threads)
        if a is not None and b is not None:
            o.append(a), t.append(b), r.append(a / b)
    if r:
        print(f"{name:42s} {statistics.median(o):13.1f} {statistics.median(t):11.1f} {statistics.median(r):7.2f}")
    else:
        print(f"{name:42s} {'(missing)':>13s}")

tc = load("torch_chamfer.json")
tk = load("torch_chamfer_kd.json")


def torch_chamfer(B, N, what, dtype=None, impl=None):
    vals = [r["median_ms"] for r in (tc or {}).get("results", []) + (tk or {}).get("results", [])
            if r.get("B") == B and r.get("N") == N and r.get("what") == what and "median_ms" in r
            and (dtype is None or r.get("dtype") == dtype) and (impl is None or r.get("impl") == impl)
            and r.get("workers", 2) == 2]
    return min(vals) if vals else None


small = load("ours_chamfer_small.json")
large = load("ours_chamfer_large.json")
rows = [
    ("Chamfer fwd+bwd B=16 N=M=1024 (best PyTorch)", ours_ms(small, "forwardBackward"), torch_chamfer(16, 1024, "fwd+bwd", "float32")),
    ("Chamfer fwd N=M=50,000 same surface (cKDTree)", ours_ms(large, "forward"), torch_chamfer(1, 50000, "fwd", impl="kdtree_same")),
]
for name, a, b in rows:
    if a is not None and b is not None:
        print(f"{name:42s} {a:13.1f} {b:11.1f} {a / b:7.2f}")
    else:
        print(f"{name:42s} {'(missing)':>13s}")
