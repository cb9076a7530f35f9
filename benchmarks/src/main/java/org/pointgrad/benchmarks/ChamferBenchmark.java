package org.pointgrad.benchmarks;

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
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.pointcloud.chamfer.ChamferKernel;
import org.pointgrad.pointcloud.chamfer.ChamferOptions;
import org.pointgrad.pointcloud.chamfer.ChamferResult;
import org.pointgrad.pointcloud.neighbors.SearchStrategy;

/**
 * Chamfer distance forward and forward+backward on random clouds (D = 3, squared L2, AtlasNet reductions).
 * {@code shape} is "BxN" with M = N; {@code distribution} "uniform" draws x and y independently in the unit cube,
 * "surface" draws both from the unit sphere's surface (the case a trained model's output and target resemble).
 * Run via benchmarks/run-chamfer.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
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

    /** Worker threads of the shared pool. */
    @Param({"2"})
    public int threads;

    private int batch, n;
    private float[] x, y, gx, gy;
    private ChamferOptions options;
    private final double[] one = {1.0};

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
        return ChamferKernel.forward(x, y, batch, n, n, 3, options).value();
    }

    /** Loss and gradients with respect to both clouds. */
    @Benchmark
    public void forwardBackward(Blackhole bh) {
        ChamferResult r = ChamferKernel.forward(x, y, batch, n, n, 3, options);
        ChamferKernel.backward(r, x, y, one, gx, gy);
        bh.consume(r.value());
        bh.consume(gx);
        bh.consume(gy);
    }
}
