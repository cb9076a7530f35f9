#!/usr/bin/env python3
"""The PyTorch side of paired_ratio.py: the workload of ../shared/ref/vae_ref.py (imported from there, never copied)
run in timed windows on command, with the same line protocol as org.pointgrad.benchmarks.WorkloadServer:
  case train|inference|train-atlas|inference-atlas FLOAT32|FLOAT64 THREADS   -> "ok ..."
  run SECONDS                                    -> "CALLS NANOS"
  quit
For a training case the fastest Chamfer variant vae_ref.py has (chunked, mm, mm_amin) is chosen by timing each
in interleaved windows, so each ratio is against PyTorch's best. Unlike vae_ref.py's `time` mode (median of 20
calls), a window reports its mean time per call; ours does the same. Measurement only: nothing in pointgrad depends on this."""
import os
import sys
import time

sys.path.insert(0, os.environ.get("REF", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "ref")))
import torch  # noqa: E402
import vae_ref  # noqa: E402
from common_ref import set_threads  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_atlasnet  # noqa: E402

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


def fastest(fns):
    """The name of the fastest call: every one in interleaved 1-second windows (the machine drifts over seconds),
    after a warm-up window each; lowest median wins, so the ratio is against PyTorch's best."""
    for fn in fns.values():
        window(fn, 1.0)
    per = {name: [] for name in fns}
    for _ in range(3):
        for name, fn in fns.items():
            calls, ns = window(fn, 1.0)
            per[name].append(ns / calls)
    return min(per, key=lambda n: sorted(per[n])[1])


def main():
    call = None
    for line_no, line in enumerate(sys.stdin, 1):
        w = line.split()
        try:
            if w[0] == "case":
                kind, dtype, threads = w[1], DTYPES[w[2]], int(w[3])
                set_threads(threads)
                notes = []
                if kind.endswith("-atlas"):
                    layout = os.environ.get("ATLAS_LAYOUT", "rows")
                    if layout not in ("rows", "conv"):
                        raise ValueError(f"ATLAS_LAYOUT={layout!r}: expected rows or conv")
                    m, opt = torch_atlasnet.new_model(dtype, conv=layout == "conv")
                    x = vae_ref.timing_batch(torch_atlasnet.B, torch_atlasnet.N, dtype)
                    kind = kind[:-len("-atlas")]
                    m.train(kind == "train")
                    notes.append(f"layout={layout}")
                else:
                    m, opt = vae_ref.new_model(dtype)
                    x = vae_ref.timing_batch(B, N, dtype)
                if kind == "inference":
                    call = lambda: m.reconstruct(x)  # noqa: E731
                elif kind == "train":
                    names = os.environ.get("CHAMFER", "chunked,mm,mm_amin").split(",")
                    unknown = [n for n in names if n not in vae_ref.CHAMFERS]
                    if unknown:
                        raise ValueError(f"CHAMFER: unknown variant(s) {unknown}, expected some of "
                                         f"{sorted(vae_ref.CHAMFERS)}")
                    fns = {name: (lambda c: lambda: vae_ref.train_step(m, opt, x, c))(vae_ref.CHAMFERS[name])
                           for name in names}
                    best = fastest(fns) if len(fns) > 1 else names[0]
                    call = fns[best]
                    notes.insert(0, f"chamfer={best}")
                else:
                    raise ValueError(f"unknown workload '{kind}'")
                print("ok", " ".join(notes), flush=True)
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
