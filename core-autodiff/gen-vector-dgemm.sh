#!/bin/sh
# Regenerates VectorDgemm.java from VectorSgemm.java: the double-precision kernel is a mechanical copy of the float one.
# Run after every change to VectorSgemm.java:  sh core-autodiff/gen-vector-dgemm.sh
set -e
dir="$(cd "$(dirname "$0")" && pwd)/src/main/java/org/pointgrad/autodiff/kernel"
sed -e 's/float/double/g; s/Float/Double/g; s/Sgemm/Dgemm/g; s/\b0f\b/0d/g' \
    -e 's/Single-precision GEMM/Double-precision GEMM/' \
    -e 's/{@link VectorDgemm} is generated from this class by core-autodiff\/gen-vector-dgemm.sh ({@code double} replaced by/Generated from {@link VectorSgemm} by core-autodiff\/gen-vector-dgemm.sh ({@code float} replaced by/' \
    -e 's/{@code double}): edit this class and regenerate./{@code double}): edit VectorSgemm and regenerate, never this file./' \
    "$dir/VectorSgemm.java" > "$dir/VectorDgemm.java.tmp"
mv "$dir/VectorDgemm.java.tmp" "$dir/VectorDgemm.java"
