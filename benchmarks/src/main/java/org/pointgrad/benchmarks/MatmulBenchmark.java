package org.pointgrad.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pointgrad.autodiff.kernel.EjmlMatmulKernel;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;
import org.pointgrad.autodiff.kernel.Parallel;

/**
 * Matrix-multiply throughput of the EJML fallback and the Vector API kernel on the point-cloud model's shapes
 * (B*N = 16384 points). The secondary result {@code flops} is the floating-point rate in FLOP/s (2mnk per call).
 * <p>
 * Shape syntax {@code name:MxKxN[:tA|:tB]}: C[M,N] = op(A)[M,K] op(B)[K,N]; {@code tA}/{@code tB} transpose the
 * stored operand, as in the backward pass (dX = dY W^T, dW = X^T dY).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--add-modules=jdk.incubator.vector",
            "-XX:-UseLoopPredicate",
            "-XX:+UseTransparentHugePages",
            "-Xmx2g"
        })
public class MatmulBenchmark {

    /** Which kernel: {@code ejml} or {@code vector}. */
    @Param({"ejml", "vector"})
    public String kernel;

    /** {@code float} (sgemm) or {@code double} (dgemm). */
    @Param({"float", "double"})
    public String precision;

    /** Threads given to {@link Parallel} (EJML ignores it: single-threaded). */
    @Param({"1", "2"})
    public int threads;

    /** Problem shape, see the class comment. */
    @Param({
        "fwd1:16384x3x64", "fwd2:16384x64x128", "fwd3:16384x128x256", "dec1:16384x34x128",
        "dec2:16384x128x128", "dec3:16384x128x3", "dX3:16384x256x128:tB", "dW3:128x16384x256:tA",
        "small:16x256x128"
    })
    public String shape;

    private MatmulKernel k;
    private boolean transA, transB, dbl;
    private int m, n, kk;
    private float[] af, bf, cf;
    private double[] ad, bd, cd;

    /** Counts floating-point operations; JMH reports it as a rate next to the call rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        /** Floating-point operations done in this iteration. */
        public long flops;

        /** Resets the counter: JMH expects aux counters to start each iteration at zero. */
        @Setup(Level.Iteration)
        public void reset() {
            flops = 0;
        }
    }

    /** Parses the shape, fills the operands from a fixed seed and selects kernel and thread count. */
    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split(":");
        String[] dims = parts[1].split("x");
        m = Integer.parseInt(dims[0]);
        kk = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        transA = parts.length > 2 && parts[2].equals("tA");
        transB = parts.length > 2 && parts[2].equals("tB");
        dbl = precision.equals("double");
        k = switch (kernel) {
            case "ejml" -> new EjmlMatmulKernel();
            case "vector" -> Kernels.vectorMatmul()
                    .orElseThrow(() -> new IllegalStateException(
                            "Vector API kernel unavailable: run with --add-modules jdk.incubator.vector"));
            default -> throw new IllegalArgumentException("kernel: expected ejml or vector, got " + kernel);
        };
        Parallel.setThreads(threads);
        SplittableRandom r = new SplittableRandom(42);
        if (dbl) {
            ad = r.doubles((long) m * kk, -1, 1).toArray();
            bd = r.doubles((long) kk * n, -1, 1).toArray();
            cd = new double[m * n];
        } else {
            af = toFloat(r.doubles((long) m * kk, -1, 1).toArray());
            bf = toFloat(r.doubles((long) kk * n, -1, 1).toArray());
            cf = new float[m * n];
        }
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    /** One C = op(A) op(B) call; returns C so the work cannot be eliminated. */
    @Benchmark
    public Object multiply(Flops counter) {
        int lda = transA ? m : kk, ldb = transB ? kk : n;
        counter.flops += 2L * m * n * kk;
        if (dbl) {
            k.dgemm(transA, transB, m, n, kk, ad, 0, lda, bd, 0, ldb, cd, 0, n, false);
            return cd;
        }
        k.sgemm(transA, transB, m, n, kk, af, 0, lda, bf, 0, ldb, cf, 0, n, false);
        return cf;
    }
}
