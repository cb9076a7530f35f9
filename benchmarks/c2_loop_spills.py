#!/usr/bin/env python3
"""Reads -XX:+PrintAssembly output without hsdis (hex MachCode), disassembles the last full C2 compile of the
named method with objdump, and reports each innermost loop that does multiply-adds (C2's pre/main/post copies of the
k-loop) as instructions/FMAs/vector spills and reloads (ymm/zmm to or from [rsp...]), after the most spills in any. Usage: c2_loop_spills.py LOG [METHOD, default microKernel] [v: also print the loop]."""
import re, subprocess, sys, tempfile
text = open(sys.argv[1]).read()
name = sys.argv[2] if len(sys.argv) > 2 else "microKernel"
blocks = re.split(r"\n(?=Compiled method \()", text)
cands = [b for b in blocks if b.startswith("Compiled method (c2)") and ("::" + name + " (") in b.split("\n")[0] and " % " not in b.split("\n")[0]]
if not cands:
    print("no c2 compile of", name); sys.exit(1)
b = cands[-1]
code = b.split("[MachCode]", 1)[1].split("[Stub Code]")[0]
chunks = []
for m in re.finditer(r"^\s*0x([0-9a-f]+): ((?:[0-9a-f]{2,4}\s*\|?\s*)+)$", code, re.M):
    addr = int(m.group(1), 16)
    hexs = re.sub(r"[\s|]", "", m.group(2))
    chunks.append((addr, bytes.fromhex(hexs)))
base = chunks[0][0]
buf = bytearray()
for addr, data in chunks:
    off = addr - base
    if off > len(buf): buf.extend(b"\x90" * (off - len(buf)))
    buf[off:off + len(data)] = data
with tempfile.NamedTemporaryFile(suffix=".bin") as f:
    f.write(buf); f.flush()
    out = subprocess.run(["objdump", "-D", "-b", "binary", "-mi386:x86-64", "-Mintel", "--adjust-vma=%#x" % base, f.name],
                         capture_output=True, text=True).stdout
ins = []
for line in out.splitlines():
    m = re.match(r"\s*([0-9a-f]+):\s+(?:[0-9a-f]{2} )+\s*(.*)", line)
    if m: ins.append((int(m.group(1), 16), m.group(2).strip()))
loops = []
for a, t in ins:
    m = re.match(r"j\w+\s+(?:0x)?([0-9a-f]+)", t)
    if m and int(m.group(1), 16) < a:
        loops.append((int(m.group(1), 16), a))
# Innermost loops (no other loop inside) that do multiply-adds: C2's pre, main and post copies of the k-loop.
found = []
for lo, hi in loops:
    if any(lo <= l2 and h2 <= hi and (l2, h2) != (lo, hi) for l2, h2 in loops):
        continue
    body = [x for x in ins if lo <= x[0] <= hi]
    f = sum("vfmadd" in x[1] for x in body)
    if f:
        spills = sum(1 for x in body if re.search(r"[yz]mm\d+", x[1]) and "rsp" in x[1])
        found.append((lo, len(body), f, spills, body))
if not found:
    print("no loop"); sys.exit(1)
print("spills %d  loops %s" % (max(x[3] for x in found),
                               " ".join("%di/%df/%ds" % (n, f, sp) for _, n, f, sp, _ in found)))
if len(sys.argv) > 3:
    for lo, n, f, sp, body in found:
        print("loop at %x: %d instructions, %d fma, %d vector spills/reloads" % (lo, n, f, sp))
        for a, t in body: print("  %x %s" % (a, t))
