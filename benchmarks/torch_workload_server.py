#!/usr/bin/env python3
"""The PyTorch side of paired_ratio.py: the workload of ../shared/ref/vae_ref.py (imported from there, never copied)
run in timed windows on command, with the same line protocol as org.pointgrad.benchmarks.WorkloadServer:
  case train|inference FLOAT32|FLOAT64 THREADS   -> "ok ..."
  run SECONDS                                    -> "CALLS NANOS"
  quit
For a training case the fastest Chamfer variant vae_ref.py has (chunked, mm, mm_amin) is chosen by timing each,
so each ratio is against PyTorch's best. Measurement only: nothing in pointgrad depends on this."""
import os
import sys
import time

sys.path.insert(0, os.environ.get("REF", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "ref")))
import torch  # noqa: E402
import vae_ref  # noqa: E402
from common_ref import set_threads  # noqa: E402

B, N = 16, 1024
DTYPES = {"FLOAT32": torch.float32, "FLOAT64": torch.float64}


def window(fn, seconds):
    start = time.perf_counter_ns()
    calls = 0
    while True:
        fn()
        calls += 1
        now = time.perf_counter_ns()
        if now - start >= seconds * 1e9:
            return calls, now - start


def main():
    call = None
    for line_no, line in enumerate(sys.stdin, 1):
        w = line.split()
        try:
            if w[0] == "case":
                kind, dtype, threads = w[1], DTYPES[w[2]], int(w[3])
                set_threads(threads)
                m, opt = vae_ref.new_model(dtype)
                x = vae_ref.timing_batch(B, N, dtype)
                if kind == "inference":
                    call = lambda: m.reconstruct(x)  # noqa: E731
                    note = ""
                elif kind == "train":
                    best = None
                    for name, ch in vae_ref.CHAMFERS.items():
                        if name == "cdist":
                            continue  # not among vae_ref.py's timed variants
                        fn = (lambda c: lambda: vae_ref.train_step(m, opt, x, c))(ch)
                        window(fn, 1.0)  # warm-up
                        calls, ns = window(fn, 1.5)
                        if best is None or ns / calls < best[0]:
                            best = (ns / calls, name, fn)
                    call, note = best[2], f"chamfer={best[1]}"
                else:
                    raise ValueError(f"unknown workload '{kind}'")
                print("ok", note, flush=True)
            elif w[0] == "run":
                calls, ns = window(call, float(w[1]))
                print(calls, ns, flush=True)
            elif w[0] == "quit":
                return
            else:
                raise ValueError(f"unknown command '{w[0]}'")
        except Exception as e:  # answer instead of dying, so the driver can report it
            print(f"error line {line_no} '{line.strip()}': {e}", flush=True)


if __name__ == "__main__":
    main()
