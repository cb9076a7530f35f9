#!/usr/bin/env bash
# Counts, in N fresh JVMs with loop predication on and N with -XX:-UseLoopPredicate (alternating), the vector
# register spills C2 put in the k-loops of the GEMM micro-kernels: each JVM runs KernelModeProbe briefly with
# -XX:+PrintAssembly for VectorSgemm's microKernel and microKernelEpilogue, and c2_loop_spills.py disassembles the
# hex dump with objdump (no hsdis needed) and reads the loops. Unlike a timing, this does not depend on the load.
# Usage: benchmarks/kernel-spills.sh [N, default 10] [extra JVM options]
# CP overrides the class path (default benchmarks/target/benchmarks.jar); LOGS names the folder for the logs.
# FOREGROUND=1 compiles the kernels in the foreground (CompileCommand BackgroundCompilation false): printing the
# assembly delays background compiles enough to change how C2 compiles the loop, while a foreground compile is the
# same in every process (with loop predication on and 256-bit vectors: the slow, spilling form).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}
shift || true
cp=${CP:-benchmarks/target/benchmarks.jar}
logs=${LOGS:-$(mktemp -d)}
mkdir -p "$logs"
echo "assembly logs in $logs"
# The tile kernel this host compiles: the 6-row Narrow one on 256-bit vectors, the 12-row Wide one on 512-bit.
kernel_loops() {
    if grep -q "::$2Wide (" "$1"; then
        python3 benchmarks/c2_loop_spills.py "$1" "$2Wide"
    else
        python3 benchmarks/c2_loop_spills.py "$1" "$2Narrow"
    fi
}
for i in $(seq 1 "$n"); do
    for mode in predicate no-predicate; do
        log=$logs/$mode-$i.txt
        flag=()
        [ "$mode" = no-predicate ] && flag=(-XX:-UseLoopPredicate)
        fg=()
        [ "${FOREGROUND:-0}" = 1 ] && fg=("-XX:CompileCommand=option,org.pointgrad.autodiff.kernel.VectorSgemm::microKernel*,bool,BackgroundCompilation,false")
        java --add-modules jdk.incubator.vector -XX:+UnlockDiagnosticVMOptions "${flag[@]}" "$@" -XX:CompileCommand=quiet "${fg[@]}" \
            -XX:CompileCommand='print,org.pointgrad.autodiff.kernel.VectorSgemm::microKernel*' \
            -cp "$cp" org.pointgrad.benchmarks.KernelModeProbe 4 >"$log" 2>&1
        printf '%-13s %3d  kernel: %s  epilogue kernel: %s  %s\n' "$mode" "$i" \
            "$(kernel_loops "$log" microKernel)" "$(kernel_loops "$log" microKernelEpilogue)" "$(grep '^gemm' "$log" || true)"
    done
done
