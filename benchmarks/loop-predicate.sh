#!/usr/bin/env bash
# Runs KernelModeProbe in N fresh JVMs for each of three settings, rotating their order: `plain` (the JVM's
# defaults: G1, so loop strip mining on, and loop predication on), `parallel` (-XX:+UseParallelGC: strip mining off,
# predication on) and `parallel-nopred` (-XX:+UseParallelGC -XX:-UseLoopPredicate, the pointvae launcher's). It prints
# each process's figures, then per setting how many processes were fast and how many slow. A process counts as slow
# when its GEMM/peak ratio is under 85% of the best process's: C2 compiles the micro-kernel once per process, so a
# form that compiles two ways shows two clusters of ratios.
# Usage: benchmarks/loop-predicate.sh [N, default 10] [extra JVM options...]
# CP overrides the class path (default benchmarks/target/benchmarks.jar, built with `mvn -B -q package -DskipTests`).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}
shift || true
cp=${CP:-benchmarks/target/benchmarks.jar}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for i in $(seq 1 "$n"); do
    # The order rotates, so a drift of the machine's speed does not favour one setting.
    case $((i % 3)) in
        1) modes=(plain parallel parallel-nopred) ;;
        2) modes=(parallel parallel-nopred plain) ;;
        *) modes=(parallel-nopred plain parallel) ;;
    esac
    for mode in "${modes[@]}"; do
        case $mode in
            plain) flag=() ;;
            parallel) flag=(-XX:+UseParallelGC) ;;
            *) flag=(-XX:+UseParallelGC -XX:-UseLoopPredicate) ;;
        esac
        line=$(java --add-modules jdk.incubator.vector "${flag[@]}" "$@" -cp "$cp" \
            org.pointgrad.benchmarks.KernelModeProbe 2>/dev/null | tail -1)
        printf '%-15s %3d  %s\n' "$mode" "$i" "$line" | tee -a "$out"
    done
done
# Fields: mode, i, "gemm", GFLOP/s, "GFLOP/s", "ratio", ratio, ...
awk '{ r[NR] = $7; m[NR] = $1; if ($7 > best) best = $7 }
     END {
         for (i = 1; i <= NR; i++) {
             if (r[i] < 0.85 * best) slow[m[i]]++; else fast[m[i]]++
             all[m[i]] = all[m[i]] " " r[i]
         }
         printf "best ratio %.3f; slow means under %.3f\n", best, 0.85 * best
         for (k in all) printf "%-15s fast %d  slow %d  ratios%s\n", k, fast[k] + 0, slow[k] + 0, all[k]
     }' "$out"
