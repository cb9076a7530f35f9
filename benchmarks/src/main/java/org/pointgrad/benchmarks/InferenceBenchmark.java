package org.pointgrad.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.Parallel;

/** Encode + decode of 16 shapes with z = mu and no graph; shapes per second = 16 / time. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--add-modules=jdk.incubator.vector",
            "-XX:-UseLoopPredicate",
            "-XX:+UseTransparentHugePages",
            "-Xmx4g",
            "-XX:+UseParallelGC"
        })
public class InferenceBenchmark {
    /** FLOAT32 or FLOAT64: the model's precision. */
    @Param({"FLOAT32", "FLOAT64"})
    public String dtype;

    /** Worker threads of the shared pool. */
    @Param({"1", "2"})
    public int threads;

    private ReferenceWorkload w;

    /** Sets the thread count and builds the workload at the chosen precision. */
    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        w = new ReferenceWorkload(DType.valueOf(dtype));
    }

    /** One graph-free reconstruction of the reference batch (encode, z = mu, decode). */
    @Benchmark
    public Tensor inference() {
        return w.inference();
    }
}
