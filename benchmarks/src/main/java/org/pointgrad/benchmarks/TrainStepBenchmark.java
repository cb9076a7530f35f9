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
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.vae.train.TrainStep;

/** One training step of the reference model (see {@link ReferenceWorkload}), as timed by vae_ref.py's "train step". */
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
public class TrainStepBenchmark {
    /** FLOAT32 or FLOAT64: the model's precision. */
    @Param({"FLOAT32", "FLOAT64"})
    public String dtype;

    /** Worker threads of the shared pool. */
    @Param({"1", "2"})
    public int threads;

    private ReferenceWorkload w;
    private long step;

    /** Sets the thread count and builds the workload at the chosen precision. */
    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        w = new ReferenceWorkload(DType.valueOf(dtype));
    }

    /** One training step (forward, backward, Adam update) of the reference workload. */
    @Benchmark
    public TrainStep.Losses trainStep() {
        return w.trainStep(step++);
    }
}
