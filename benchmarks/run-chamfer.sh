#!/usr/bin/env bash
# Builds the benchmarks module (without installing anything) and runs ChamferBenchmark with JMH.
# Extra arguments go to JMH, e.g.:  benchmarks/run-chamfer.sh -p shape=16x1024 -p strategy=BRUTE_FORCE
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=benchmarks/target/chamfer-classpath.txt
# Compiling in the same run lets the reactor resolve sibling modules to their target/classes (nothing is installed).
# With -am every module writes the file in turn; the benchmarks module runs last, so it holds that module's classpath.
mvn -B -q -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file"
cp="benchmarks/target/classes:$(cat "$cp_file")"
# JMH's /tmp/jmh.lock stops a second concurrent run; on a shared machine pass JMH_JAVA_OPTS=-Djmh.ignoreLock=true
# (and expect noisier numbers). Extra JVM options for the runner go in JMH_JAVA_OPTS.
exec java --add-modules jdk.incubator.vector ${JMH_JAVA_OPTS:-} -cp "$cp" org.openjdk.jmh.Main 'org.pointgrad.benchmarks.ChamferBenchmark' "$@"
