package org.pointgrad.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.pointcloud.chamfer.ChamferKernel;
import org.pointgrad.pointcloud.chamfer.ChamferOptions;
import org.pointgrad.pointcloud.chamfer.ChamferResult;
import org.pointgrad.pointcloud.neighbors.SearchStrategy;

/**
 * Chamfer distance forward and forward+backward on random clouds (D = 3, squared L2, AtlasNet reductions).
 * {@code shape} is "BxN" with M = N; {@code distribution} "uniform" draws x and y independently in the unit cube,
 * "surface" draws both from the unit sphere's surface (the case a trained model's output and target resemble).
 * {@code dtype} FLOAT64 runs the double-precision kernel on the same clouds widened to double.
 * Run via benchmarks/run-chamfer.sh.
 *
 * <p>On a machine shared with other jobs wall-clock scores are unreliable; {@link #main} instead measures the
 * calling thread's CPU time per operation with the pool at one thread:
 * {@code java --add-modules jdk.incubator.vector -cp ... org.pointgrad.benchmarks.ChamferBenchmark 16x1024 BRUTE_FORCE
 * uniform 30}.
 */
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
            "-XX:+UseParallelGC"
        })
public class ChamferBenchmark {
    /** "BxN": batch size and points per cloud. */
    @Param({"16x1024", "1x50000"})
    public String shape;

    /** BRUTE_FORCE, KD_TREE or AUTO. */
    @Param({"BRUTE_FORCE", "KD_TREE"})
    public String strategy;

    /** "uniform" (independent cube samples) or "surface" (both on the unit sphere). */
    @Param({"uniform"})
    public String distribution;

    /** FLOAT32 or FLOAT64: which precision of the kernel runs. */
    @Param({"FLOAT32", "FLOAT64"})
    public String dtype;

    /** Worker threads of the shared pool. */
    @Param({"2"})
    public int threads;

    private int batch, n;
    private float[] x, y, gx, gy;
    private double[] xd, yd, gxd, gyd;
    private boolean float64;
    private ChamferOptions options;
    private final double[] one = {1.0};

    /** Parses the shape, sets the thread count and draws the two clouds and the upstream gradients. */
    @Setup(Level.Trial)
    public void setUp() {
        String[] p = shape.split("x");
        batch = Integer.parseInt(p[0]);
        n = Integer.parseInt(p[1]);
        Parallel.setThreads(threads);
        SplittableRandom r = new SplittableRandom(42);
        x = cloud(r, batch * n);
        y = cloud(r, batch * n);
        gx = new float[x.length];
        gy = new float[y.length];
        options = ChamferOptions.defaults().withStrategy(SearchStrategy.valueOf(strategy));
        float64 = DType.valueOf(dtype) == DType.FLOAT64;
        xd = widen(x);
        yd = widen(y);
        gxd = new double[xd.length];
        gyd = new double[yd.length];
    }

    private static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    private ChamferResult runForward() {
        return float64
                ? ChamferKernel.forward(xd, yd, batch, n, n, 3, options)
                : ChamferKernel.forward(x, y, batch, n, n, 3, options);
    }

    private void runBackward(ChamferResult r) {
        if (float64) ChamferKernel.backward(r, xd, yd, one, gxd, gyd);
        else ChamferKernel.backward(r, x, y, one, gx, gy);
    }

    private float[] cloud(SplittableRandom r, int points) {
        float[] c = new float[points * 3];
        for (int i = 0; i < points; i++) {
            if (distribution.equals("surface")) {
                double a = r.nextDouble(-1, 1), phi = r.nextDouble(0, 2 * Math.PI), s = Math.sqrt(1 - a * a);
                c[3 * i] = (float) (s * Math.cos(phi));
                c[3 * i + 1] = (float) (s * Math.sin(phi));
                c[3 * i + 2] = (float) a;
            } else {
                for (int k = 0; k < 3; k++) c[3 * i + k] = (float) r.nextDouble();
            }
        }
        return c;
    }

    /** Loss only. */
    @Benchmark
    public double forward() {
        return runForward().value();
    }

    /** Loss and gradients with respect to both clouds. */
    @Benchmark
    public void forwardBackward(Blackhole bh) {
        ChamferResult r = runForward();
        runBackward(r);
        bh.consume(r.value());
        bh.consume(float64 ? gxd : gx);
        bh.consume(float64 ? gyd : gy);
    }

    /**
     * CPU-time measurement without JMH: args shape, strategy, distribution, repetitions and optionally dtype
     * (default FLOAT32). Prints the per-operation
     * thread CPU time of forward and forward+backward for three rounds (the first includes JIT warm-up).
     */
    public static void main(String[] args) {
        if (args.length != 4 && args.length != 5) {
            throw new IllegalArgumentException(
                    "usage: ChamferBenchmark SHAPE(BxN) STRATEGY DISTRIBUTION REPETITIONS [DTYPE], got " + args.length
                            + " arguments");
        }
        ChamferBenchmark b = new ChamferBenchmark();
        b.shape = args[0];
        b.strategy = args[1];
        b.distribution = args[2];
        b.threads = 1;
        b.dtype = args.length == 5 ? args[4] : "FLOAT32";
        int reps = Integer.parseInt(args[3]);
        b.setUp();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            long c0 = mx.getCurrentThreadCpuTime();
            double sink = 0;
            for (int i = 0; i < reps; i++) sink += b.forward();
            long c1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                b.runBackward(b.runForward());
                sink += b.float64 ? b.gxd[0] : b.gx[0];
            }
            long c2 = mx.getCurrentThreadCpuTime();
            System.out.printf(
                    Locale.ROOT,
                    "%s %s %s %s round %d: forward %.2f ms, forward+backward %.2f ms CPU per op (%s)%n",
                    args[0],
                    args[1],
                    args[2],
                    b.dtype,
                    round,
                    (c1 - c0) / 1e6 / reps,
                    (c2 - c1) / 1e6 / reps,
                    sink);
        }
    }
}
