#!/usr/bin/env bash
# Builds the JMH uber-jar and runs the FMA peak and matrix-multiply benchmarks briefly, then prints a GFLOP/s table.
# Usage: benchmarks/run-matmul.sh [extra JMH options, e.g. -p shape=fwd3:16384x128x256]
# Short runs (1 fork, 3x1 s warm-up: the Vector API is very slow until C2 compiles it; 3x1 s measurement): on a shared 2-core machine expect noise; the "best"
# column (fastest measurement iteration) is the less load-sensitive number.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am package -DskipTests
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/jmh
mkdir -p "$OUT"
SHORT=(-f 1 -wi 3 -w 1s -i 3 -r 1s)

java -jar "$JAR" PeakFlopsBenchmark "${SHORT[@]}" -rf json -rff "$OUT/peak.json" "$@"
# EJML is single-threaded, so it runs at 1 thread only.
java -jar "$JAR" MatmulBenchmark "${SHORT[@]}" -p kernel=ejml -p threads=1 -rf json -rff "$OUT/matmul-ejml.json" "$@"
java -jar "$JAR" MatmulBenchmark "${SHORT[@]}" -p kernel=vector -p threads=1,2 -rf json -rff "$OUT/matmul-vector.json" "$@"

python3 benchmarks/jmh-gflops.py "$OUT/peak.json" "$OUT/matmul-ejml.json" "$OUT/matmul-vector.json"
