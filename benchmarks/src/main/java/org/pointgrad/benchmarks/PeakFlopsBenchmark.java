package org.pointgrad.benchmarks;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-core FMA peak reachable from Java: a loop of vector FMAs on 12 independent accumulators (enough to hide
 * FMA latency on two FMA pipes) and no memory traffic. The secondary result {@code flops} is in FLOP/s; it is the
 * ceiling against which {@link MatmulBenchmark} on one thread is judged.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class PeakFlopsBenchmark {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int STEPS = 4096;
    private static final int ACCUMULATORS = 12;

    /** Multiplicands; fields so the JIT cannot constant-fold the loop. */
    public float fx = 0.999f, fy = 1e-6f;
    /** Multiplicands; fields so the JIT cannot constant-fold the loop. */
    public double dx = 0.999, dy = 1e-9;

    /** Counts floating-point operations; JMH reports it as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        /** Floating-point operations done in this iteration. */
        public long flops;

        /** Resets the counter at each iteration start, as JMH requires for aux counters. */
        @Setup(Level.Iteration)
        public void reset() {
            flops = 0;
        }
    }

    /** Float FMA peak: 2 * lanes * 12 * STEPS operations per call. */
    @Benchmark
    public float floatFma(Flops counter) {
        FloatVector x = FloatVector.broadcast(FS, fx), y = FloatVector.broadcast(FS, fy);
        FloatVector a0 = FloatVector.zero(FS), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < STEPS; i++) {
            a0 = x.fma(y, a0);
            a1 = x.fma(y, a1);
            a2 = x.fma(y, a2);
            a3 = x.fma(y, a3);
            a4 = x.fma(y, a4);
            a5 = x.fma(y, a5);
            a6 = x.fma(y, a6);
            a7 = x.fma(y, a7);
            a8 = x.fma(y, a8);
            a9 = x.fma(y, a9);
            a10 = x.fma(y, a10);
            a11 = x.fma(y, a11);
        }
        counter.flops += 2L * FS.length() * ACCUMULATORS * STEPS;
        return a0.add(a1)
                .add(a2)
                .add(a3)
                .add(a4)
                .add(a5)
                .add(a6)
                .add(a7)
                .add(a8)
                .add(a9)
                .add(a10)
                .add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    /** Double FMA peak: 2 * lanes * 12 * STEPS operations per call. */
    @Benchmark
    public double doubleFma(Flops counter) {
        DoubleVector x = DoubleVector.broadcast(DS, dx), y = DoubleVector.broadcast(DS, dy);
        DoubleVector a0 = DoubleVector.zero(DS), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        DoubleVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < STEPS; i++) {
            a0 = x.fma(y, a0);
            a1 = x.fma(y, a1);
            a2 = x.fma(y, a2);
            a3 = x.fma(y, a3);
            a4 = x.fma(y, a4);
            a5 = x.fma(y, a5);
            a6 = x.fma(y, a6);
            a7 = x.fma(y, a7);
            a8 = x.fma(y, a8);
            a9 = x.fma(y, a9);
            a10 = x.fma(y, a10);
            a11 = x.fma(y, a11);
        }
        counter.flops += 2L * DS.length() * ACCUMULATORS * STEPS;
        return a0.add(a1)
                .add(a2)
                .add(a3)
                .add(a4)
                .add(a5)
                .add(a6)
                .add(a7)
                .add(a8)
                .add(a9)
                .add(a10)
                .add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
