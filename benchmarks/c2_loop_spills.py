#!/usr/bin/env python3
"""Vector register spills in the k-loop of a C2-compiled GEMM micro-kernel.

Reads -XX:+PrintAssembly output printed without hsdis (hex MachCode), disassembles the last full (non-OSR) C2
compile of METHOD with objdump, and reports each innermost loop that does multiply-adds (C2's pre, main and post
copies of the k-loop) as instructions/FMAs/spills, where a spill is a ymm or zmm register moved to or from the
stack, after the most spills found in any of them.

Usage: c2_loop_spills.py LOG [METHOD, default microKernel] [v: also print the loops]
"""
import re
import subprocess
import sys
import tempfile


def last_compile(text, name):
    blocks = re.split(r"\n(?=Compiled method \()", text)
    found = None
    for b in blocks:
        head = b.split("\n")[0]
        if head.startswith("Compiled method (c2)") and ("::" + name + " (") in head and " % " not in head:
            found = b
    return found


def machine_code(block):
    """(base address, bytes) of the compile's main code, from the hex lines of [MachCode]."""
    code = block.split("[MachCode]", 1)[1].split("[Stub Code]")[0]
    chunks = []
    for m in re.finditer(r"^\s*0x([0-9a-f]+): ((?:[0-9a-f]{2,4}\s*\|?\s*)+)$", code, re.M):
        chunks.append((int(m.group(1), 16), bytes.fromhex(re.sub(r"[\s|]", "", m.group(2)))))
    base = chunks[0][0]
    buf = bytearray()
    for addr, data in chunks:
        off = addr - base
        if off > len(buf):
            buf.extend(b"\x90" * (off - len(buf)))
        buf[off:off + len(data)] = data
    return base, bytes(buf)


def disassemble(base, code):
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(code)
        f.flush()
        out = subprocess.run(["objdump", "-D", "-b", "binary", "-mi386:x86-64", "-Mintel",
                              "--adjust-vma=%#x" % base, f.name], capture_output=True, text=True, check=True).stdout
    ins = []
    for line in out.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+(?:[0-9a-f]{2} )+\s*(.*)", line)
        if m:
            ins.append((int(m.group(1), 16), m.group(2).strip()))
    return ins


def main():
    name = sys.argv[2] if len(sys.argv) > 2 else "microKernel"
    block = last_compile(open(sys.argv[1]).read(), name)
    if block is None:
        print("no c2 compile of", name)
        return 1
    ins = disassemble(*machine_code(block))
    loops = []
    for a, t in ins:
        m = re.match(r"j\w+\s+(?:0x)?([0-9a-f]+)", t)
        if m and int(m.group(1), 16) < a:
            loops.append((int(m.group(1), 16), a))
    found = []
    for lo, hi in loops:
        if any(lo <= l2 and h2 <= hi and (l2, h2) != (lo, hi) for l2, h2 in loops):
            continue  # not innermost
        body = [x for x in ins if lo <= x[0] <= hi]
        fmas = sum("vfmadd" in t for _, t in body)
        if fmas:
            spills = sum(1 for _, t in body if re.search(r"[yz]mm\d+", t) and "rsp" in t)
            found.append((lo, body, fmas, spills))
    if not found:
        print("no loop with multiply-adds")
        return 1
    print("spills %d  loops %s" % (max(f[3] for f in found),
                                   " ".join("%di/%df/%ds" % (len(b), fm, sp) for _, b, fm, sp in found)))
    if len(sys.argv) > 3:
        for lo, body, fmas, spills in found:
            print("loop at %x: %d instructions, %d fma, %d spills" % (lo, len(body), fmas, spills))
            for a, t in body:
                print("  %x %s" % (a, t))
    return 0


if __name__ == "__main__":
    sys.exit(main())
