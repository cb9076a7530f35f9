package org.pointgrad.benchmarks;

import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.autodiff.kernel.PointMlp;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Fraction of the single-core FMA peak that one-thread sgemm/dgemm reaches on the model's largest shapes, measured
 * robustly on a shared machine: short windows of the {@link PeakFlopsBenchmark} loop and of the kernel alternate,
 * and each round's ratio compares two windows taken moments apart, so background load largely cancels out.
 * <p>
 * Two forms per shape: {@code rowmajor} is the general product (both operands packed on every call, as training's
 * products are); {@code panel} is the same m x k x n layer in {@link PointMlp}'s panel layout, as graph-free
 * inference runs it (activations already packed by the layer before, in blocks of 128 points; the output maxed over
 * the points, as the encoder's last layer is).
 * <p>
 * Run: {@code java --add-modules jdk.incubator.vector -XX:-UseLoopPredicate -cp benchmarks/target/benchmarks.jar
 * org.pointgrad.benchmarks.MatmulEfficiency [rounds]}
 */
public final class MatmulEfficiency {
    private static final long WINDOW_NANOS = 200_000_000L;

    private MatmulEfficiency() {}

    /** Prints, per precision and shape, best GFLOP/s of kernel and peak and the median paired ratio. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        MatmulKernel kernel = Kernels.vectorMatmul().orElseThrow(() -> new IllegalStateException(
                "Vector API kernel unavailable: run with --add-modules jdk.incubator.vector"));
        Parallel.setThreads(1);
        int[][] shapes = {{16384, 128, 256}, {16384, 64, 128}, {16384, 128, 128}};
        PeakFlopsBenchmark peak = new PeakFlopsBenchmark();
        PeakFlopsBenchmark.Flops counter = new PeakFlopsBenchmark.Flops();
        for (boolean dbl : new boolean[] {false, true}) {
            for (int[] s : shapes) {
                int m = s[0], k = s[1], n = s[2];
                SplittableRandom r = new SplittableRandom(1);
                double[] ad = r.doubles((long) m * k, -1, 1).toArray(), bd = r.doubles((long) k * n, -1, 1).toArray();
                double[] cd = new double[m * n];
                float[] af = toFloat(ad), bf = toFloat(bd), cf = new float[m * n];
                for (String form : new String[] {"rowmajor", "panel"}) {
                    if (form.equals("panel") && !panelShape(kernel, m, n, k)) continue;
                    Runnable call = form.equals("panel") ? panelCall(kernel, dbl, m, n, k, ad, bd) : dbl
                            ? () -> kernel.dgemm(false, false, m, n, k, ad, 0, k, bd, 0, n, cd, 0, n, false)
                            : () -> kernel.sgemm(false, false, m, n, k, af, 0, k, bf, 0, n, cf, 0, n, false);
                    Runnable peakCall = dbl ? () -> peak.doubleFma(counter) : () -> peak.floatFma(counter);
                    double[] kern = new double[rounds], top = new double[rounds], ratio = new double[rounds];
                    for (int w = -3; w < rounds; w++) {  // negative rounds are JIT warm-up
                        counter.flops = 0;
                        double p = rate(peakCall, () -> counter.flops);
                        long[] calls = {0};
                        double g = rate(() -> { call.run(); calls[0]++; }, () -> calls[0] * 2L * m * n * k);
                        if (w >= 0) {
                            top[w] = p;
                            kern[w] = g;
                            ratio[w] = g / p;
                        }
                    }
                    Arrays.sort(ratio);
                    System.out.printf("%-6s %-8s %5dx%3dx%3d  kernel best %6.1f GFLOP/s  peak best %6.1f GFLOP/s  "
                                    + "best/best %4.0f%%  median paired ratio %4.0f%%%n",
                            dbl ? "double" : "float", form, m, k, n, max(kern), max(top),
                            100 * max(kern) / max(top), 100 * ratio[rounds / 2]);
                }
            }
        }
    }

    /** True when the panel form can run this shape: a plan exists (k within one block) and m is whole 128-row blocks. */
    private static boolean panelShape(MatmulKernel kernel, int m, int n, int k) {
        return m >= 128 && m % 128 == 0 && kernel.pointMlp(new int[] {k}, new int[] {n}, new Object[] {new float[n * k]},
                new Object[] {null}, new boolean[] {true}) != null;
    }

    /** One m x k x n layer (ReLU, max over points) in panel layout, over blocks of 128 points packed beforehand. */
    private static Runnable panelCall(MatmulKernel kernel, boolean dbl, int m, int n, int k, double[] a, double[] b) {
        int block = 128, blocks = m / block;
        // The weight as the layer holds it: (out, in) = b^T.
        double[] w = new double[n * k];
        for (int p = 0; p < k; p++) for (int j = 0; j < n; j++) w[j * k + p] = b[p * n + j];
        PointMlp plan = kernel.pointMlp(new int[] {k}, new int[] {n}, new Object[] {dbl ? w : toFloat(w)},
                new Object[] {null}, new boolean[] {true});
        Object[] panels = new Object[blocks];
        Object x = dbl ? a : toFloat(a);
        for (int i = 0; i < blocks; i++) {
            panels[i] = dbl ? new double[plan.panelLength(block, k)] : new float[plan.panelLength(block, k)];
            plan.toPanels(block, k, x, i * block * k, panels[i]);
        }
        Object lanes = dbl ? new double[plan.lanesLength()] : new float[plan.lanesLength()];
        return () -> {
            for (Object p : panels) plan.maxPool(block, p, lanes);
        };
    }

    /** Runs {@code body} for about one window and returns GFLOP/s from the flop count it reports. */
    private static double rate(Runnable body, java.util.function.LongSupplier flops) {
        long start = System.nanoTime(), now;
        long f0 = flops.getAsLong();
        do {
            body.run();
            now = System.nanoTime();
        } while (now - start < WINDOW_NANOS);
        return (flops.getAsLong() - f0) / (double) (now - start);
    }

    private static double max(double[] x) {
        return Arrays.stream(x).max().orElse(Double.NaN);
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }
}
