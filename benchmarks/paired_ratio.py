#!/usr/bin/env python3
"""Paired pointgrad / PyTorch ratios: both sides run as long-lived servers speaking one line protocol
(org.pointgrad.benchmarks.WorkloadServer and a reference server), and short timed windows alternate between them
(ABBA order), so each round's ratio compares two windows measured seconds apart. This machine's speed drifts
by up to 1.5x over seconds to minutes (even a plain FMA loop does), which minutes-apart JMH rounds do not cancel.
The waiting side is blocked on its stdin and uses no CPU. Each case gets fresh processes, as JMH forks do.

The reference server is either any command that speaks the protocol (--ref-cmd, e.g. the PyTorch 2.7 DJL server's
run-server.sh; "{threads}" in it is replaced by the case's thread count), or Debian's PyTorch 1.13 through
torch_workload_server.py and the tuned.sh of a reference folder (--ref DIR or $REF, which holds vae_ref.py).

  benchmarks/paired_ratio.py --ref-cmd '/tmp/djl-ref/run-server.sh auto' --ref-name 'PyTorch 2.7' [--cases 0,5]
  benchmarks/paired_ratio.py --ref ../shared/ref [--rounds 12] [--window 2] [--out FILE]
  CHAMFER=chunked benchmarks/paired_ratio.py --ref ../shared/ref --cases 5,6,7,8,9 --rounds 3 --window 1
"""
import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = [  # (label, workload, dtype, threads)
    ("train step, float32, 2 threads", "train", "FLOAT32", 2),
    ("train step, float32, 1 thread", "train", "FLOAT32", 1),
    ("train step, float64, 2 threads", "train", "FLOAT64", 2),
    ("inference 16 shapes, float32, 2 threads", "inference", "FLOAT32", 2),
    ("inference 16 shapes, float32, 1 thread", "inference", "FLOAT32", 1),
    ("atlas train step, float32, 2 threads", "train-atlas", "FLOAT32", 2),
    ("atlas train step, float32, 1 thread", "train-atlas", "FLOAT32", 1),
    ("atlas inference 32 shapes, float32, 2 threads", "inference-atlas", "FLOAT32", 2),
    ("atlas inference 32 shapes, float32, 1 thread", "inference-atlas", "FLOAT32", 1),
    ("atlas train step, float64, 2 threads", "train-atlas", "FLOAT64", 2),
]


class Server:
    def __init__(self, name, cmd, env=None):
        self.name = name
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, bufsize=1)

    def ask(self, line):
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()
        answer = self.p.stdout.readline().strip()
        if not answer or answer.startswith("error"):
            raise RuntimeError(f"{self.name} answered {answer!r} to {line!r}")
        return answer

    def window(self, seconds):
        calls, ns = self.ask(f"run {seconds}").split()
        return int(ns) / int(calls) / 1e6  # ms per call

    def close(self):
        try:
            self.p.stdin.write("quit\n")
            self.p.stdin.close()
        except OSError:
            pass
        try:
            self.p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", default=os.path.join(HERE, "target", "benchmarks.jar"))
    ap.add_argument("--ref", default=os.environ.get("REF"),
                    help="PyTorch reference folder (vae_ref.py, tuned.sh) for torch_workload_server.py; default $REF")
    ap.add_argument("--ref-cmd", default=None,
                    help="command of a reference server speaking the protocol instead ({threads}: the case's threads)")
    ap.add_argument("--ref-name", default=None, help="label of the reference in the table (default: PyTorch)")
    ap.add_argument("--heap", default="-Xms4g -Xmx4g -XX:+AlwaysPreTouch",
                    help="pointgrad server heap options for the reference-model cases: a fixed heap touched once at "
                         "start, as the reference's allocator keeps its pages (jemalloc with decay off); a heap that "
                         "grows and shrinks pays page faults that made single windows up to 2x slower on a VM")
    ap.add_argument("--atlas-heap", default="-Xms14g -Xmx14g -Xmn12g -XX:+AlwaysPreTouch",
                    help="pointgrad server heap options for the AtlasNet cases: a young generation that holds a whole "
                         "training step's activations (about 4 GB), so few collections copy them, and a heap touched "
                         "once at start")
    ap.add_argument("--jvm-opts", default="-XX:+UseParallelGC -XX:+UseTransparentHugePages -XX:-UseLoopPredicate",
                    help="further pointgrad server JVM options (those of the pointvae launcher)")
    ap.add_argument("--rounds", type=int, default=12)
    ap.add_argument("--window", type=float, default=2.0, help="seconds per timed window")
    ap.add_argument("--warmup", type=int, default=4, help="untimed windows per side and case")
    ap.add_argument("--cases", default="all", help="comma-separated indices into the case list (0-9; 5-9: AtlasNet)")
    ap.add_argument("--out", default=None, help="JSON file for the per-round figures")
    ap.add_argument("--pin-cpu", default="0", help="CPU that both sides of a 1-thread case are pinned to "
                    "(taskset); 'none' to not pin")
    args = ap.parse_args()
    if not os.path.exists(args.jar):
        sys.exit(f"paired_ratio: {args.jar} not found; build it with: mvn -B -q -DskipTests -pl benchmarks -am package")
    if args.ref_cmd:
        ref_cmd = lambda threads: shlex.split(args.ref_cmd.replace("{threads}", str(threads)))
        if not shutil.which(ref_cmd(1)[0]):
            sys.exit(f"paired_ratio: --ref-cmd: {ref_cmd(1)[0]!r} is not an executable")
        env = None
    elif args.ref:
        ref = os.path.abspath(args.ref)
        if not os.path.exists(os.path.join(ref, "vae_ref.py")):
            sys.exit(f"paired_ratio: --ref/REF: no vae_ref.py in {ref} (expected the PyTorch reference folder)")
        ref_cmd = lambda threads: [os.path.join(ref, "tuned.sh"), os.path.join(HERE, "torch_workload_server.py")]
        env = dict(os.environ, REF=ref)
    else:
        sys.exit("paired_ratio: no reference server: give --ref-cmd 'COMMAND' (a server speaking the protocol, e.g. "
                 "'/tmp/djl-ref/run-server.sh auto') or --ref DIR / REF=DIR (the folder with vae_ref.py and tuned.sh)")
    ref_name = args.ref_name or "PyTorch"
    try:
        cases = CASES if args.cases == "all" else [CASES[int(i)] for i in args.cases.split(",")]
    except (ValueError, IndexError):
        sys.exit(f"paired_ratio: --cases {args.cases!r}: expected comma-separated indices in 0-{len(CASES) - 1}")
    results = []
    failed = False
    print(f"date {time.strftime('%Y-%m-%d %H:%M:%S %Z')}  {args.rounds} rounds of {args.window} s windows per side, "
          f"ABBA order; ratio = pointgrad / {ref_name} (lower is better)")
    print(f"{'case':46s} {'pointgrad ms':>13s} {ref_name + ' ms':>11s} {'ratio':>6s} {'ratio IQR':>12s} {'rounds < 1':>10s}")
    for label, kind, dtype, threads in cases:
        # The JVM options of the JMH forks and the pointvae launcher. Fresh processes per case, as JMH forks: one case's JIT profile never shapes another's code. A 1-thread
        # case pins both sides to the same CPU: this VM's two vCPUs differ in speed by up to 1.5x at times, and
        # each process otherwise keeps the vCPU it started on for the whole case.
        pin = ["taskset", "-c", args.pin_cpu] if threads == 1 and args.pin_cpu != "none" and shutil.which("taskset") else []
        heap = (args.atlas_heap if "atlas" in kind else args.heap).split()
        ours = Server("pointgrad", pin + ["java", "--add-modules=jdk.incubator.vector"] + heap + args.jvm_opts.split()
                      + ["-cp", args.jar, "org.pointgrad.benchmarks.WorkloadServer"])
        torch = Server(ref_name, pin + ref_cmd(threads), env=env)
        try:
            ours.ask(f"case {kind} {dtype} {threads}")
            note = torch.ask(f"case {kind} {dtype} {threads}")[2:].strip()
            for _ in range(args.warmup):
                ours.window(args.window)
                torch.window(args.window)
            o, t, r = [], [], []
            for i in range(args.rounds):
                if i % 2 == 0:
                    a = ours.window(args.window)
                    b = torch.window(args.window)
                else:
                    b = torch.window(args.window)
                    a = ours.window(args.window)
                o.append(a), t.append(b), r.append(a / b)
        except Exception as e:  # one failed case must not lose the others
            print(f"{label:46s} failed: {e}", flush=True)
            failed = True
            continue
        finally:
            for server in (ours, torch):
                try:
                    server.close()
                except Exception:
                    pass
        q = statistics.quantiles(r, n=4) if len(r) >= 2 else [r[0], r[0], r[0]]
        below = sum(x < 1 for x in r)
        print(f"{label:46s} {statistics.median(o):13.1f} {statistics.median(t):11.1f} {statistics.median(r):6.2f} "
              f"{q[0]:5.2f}-{q[2]:<5.2f} {below:4d}/{len(r):<5d} {note}", flush=True)
        results.append(dict(case=label, workload=kind, dtype=dtype, threads=threads, torch_note=note,
                            ours_ms=o, torch_ms=t, ratios=r, median_ratio=statistics.median(r)))
        if args.out:  # after every case, so a later failure keeps what was measured
            with open(args.out, "w") as fh:
                json.dump(dict(date=time.strftime('%Y-%m-%d %H:%M:%S %Z'), reference=ref_name,
                               reference_cmd=args.ref_cmd or "torch_workload_server.py", rounds=args.rounds, window_s=args.window,
                               results=results), fh, indent=1)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
