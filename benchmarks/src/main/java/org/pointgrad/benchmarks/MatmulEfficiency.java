package org.pointgrad.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.nn.inference.DenseStage;
import org.pointgrad.nn.inference.PointMlp;
import org.pointgrad.nn.inference.PointMlpDouble;
import org.pointgrad.nn.inference.PointMlpFloat;

/**
 * Fraction of the single-core FMA peak that one-thread sgemm/dgemm reaches on the model's largest shapes, measured
 * robustly on a shared machine: 50 ms windows of the {@link PeakFlopsBenchmark} loop and of the kernel alternate, and
 * each kernel window is compared with the mean of the peak windows on either side. The host's load changes the
 * core's speed within seconds (here by up to 2x), so the median is given twice: over all kernel windows, and over
 * the stable ones, whose two neighbouring peak windows agree within 3%.
 * <p>
 * Two forms per shape: {@code rowmajor} is the general product (both operands packed on every call, as training's
 * products are); {@code panel} is the same m x k x n layer in {@link PointMlp}'s panel layout, as graph-free
 * inference runs it (activations already packed by the layer before, in blocks of 128 points; the output maxed over
 * the points, as the encoder's last layer is); {@code panelL2} is the panel form with every block's input the same
 * 128 points, so it comes from cache as it does in the model, where each layer reads what the layer before it just
 * wrote, while {@code panel} streams all m points' inputs from memory.
 * <p>
 * {@code -Dwindows} also prints every window as peak/kernel GFLOP/s. {@code -Dshapes=atlas} measures AtlasNet's
 * training products instead, float (double with {@code -Ddouble}), row-major: each layer's forward ({@code x @ W^T}, transposed B), input
 * gradient ({@code g @ W}) and weight gradient ({@code g^T @ x}, transposed A), for the decoder's 1024-512 and
 * 512-256 layers on one patch's 3200 rows and the encoder's 128-1024 layer on 16,000 of its 80,000 rows.
 * <p>
 * Run: {@code java --add-modules jdk.incubator.vector -XX:-UseLoopPredicate -cp benchmarks/target/benchmarks.jar
 * org.pointgrad.benchmarks.MatmulEfficiency [kernel windows, default 60]}
 */
public final class MatmulEfficiency {
    private static final long WINDOW_NANOS = 50_000_000L;
    /** Largest relative difference between the two peak windows around a kernel window for a stable ratio. */
    private static final double STABLE = 0.03;
    /** Receives the peak loop's results. */
    private static volatile double sink;

    private MatmulEfficiency() {}

    /** Prints, per precision and shape, best GFLOP/s of kernel and peak and the median paired ratio. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        MatmulKernel kernel = Kernels.vectorMatmul()
                .orElseThrow(() -> new IllegalStateException(
                        "Vector API kernel unavailable: run with --add-modules jdk.incubator.vector"));
        Parallel.setThreads(1);
        boolean atlas = "atlas".equals(System.getProperty("shapes"));
        // {m, k, n, transA, transB}
        int[][] shapes = atlas
                ? new int[][] {
                    {3200, 1024, 512, 0, 1}, {3200, 512, 1024, 0, 0}, {512, 3200, 1024, 1, 0},
                    {3200, 512, 256, 0, 1}, {3200, 256, 512, 0, 0}, {256, 3200, 512, 1, 0},
                    {16000, 128, 1024, 0, 1}, {16000, 1024, 128, 0, 0}, {1024, 16000, 128, 1, 0}
                }
                : new int[][] {{16384, 128, 256, 0, 0}, {16384, 64, 128, 0, 0}, {16384, 128, 128, 0, 0}};
        PeakFlopsBenchmark peak = new PeakFlopsBenchmark();
        PeakFlopsBenchmark.Flops counter = new PeakFlopsBenchmark.Flops();
        boolean[] precisions = atlas && !doubleAsked()
                ? new boolean[] {false}
                : atlas ? new boolean[] {true} : new boolean[] {false, true};
        for (boolean dbl : precisions) {
            for (int[] s : shapes) {
                int m = s[0], k = s[1], n = s[2];
                boolean ta = s[3] == 1, tb = s[4] == 1;
                int lda = ta ? m : k, ldb = tb ? k : n;
                SplittableRandom r = new SplittableRandom(1);
                double[] ad = r.doubles((long) m * k, -1, 1).toArray(),
                        bd = r.doubles((long) k * n, -1, 1).toArray();
                double[] cd = new double[m * n];
                float[] af = toFloat(ad), bf = toFloat(bd), cf = new float[m * n];
                for (String form : new String[] {"rowmajor", "panel", "panelL2"}) {
                    if (form.startsWith("panel") && (atlas || !panelShape(kernel, m, n, k))) continue;
                    Runnable call = form.startsWith("panel")
                            ? panelCall(kernel, dbl, m, n, k, ad, bd, form.equals("panelL2"))
                            : dbl
                                    ? () -> kernel.dgemm(ta, tb, m, n, k, ad, 0, lda, bd, 0, ldb, cd, 0, n, false)
                                    : () -> kernel.sgemm(ta, tb, m, n, k, af, 0, lda, bf, 0, ldb, cf, 0, n, false);
                    // The result is kept: should C2 inline the loop into rate(), it would otherwise drop it as dead.
                    Runnable peakCall =
                            dbl ? () -> sink += peak.doubleFma(counter) : () -> sink += peak.floatFma(counter);
                    // Windows alternate peak, kernel, peak, ...: each kernel window sits between two peak windows.
                    double[] kern = new double[rounds], top = new double[rounds + 1];
                    long[] calls = {0};
                    Runnable timed = () -> {
                        call.run();
                        calls[0]++;
                    };
                    for (int w = 0; w < 3; w++) { // JIT warm-up
                        rate(peakCall, () -> counter.flops);
                        rate(timed, () -> calls[0] * 2L * m * n * k);
                    }
                    top[0] = rate(peakCall, () -> counter.flops);
                    for (int w = 0; w < rounds; w++) {
                        kern[w] = rate(timed, () -> calls[0] * 2L * m * n * k);
                        top[w + 1] = rate(peakCall, () -> counter.flops);
                    }
                    if (System.getProperty("windows") != null) {
                        StringBuilder sb = new StringBuilder();
                        for (int w = 0; w < rounds; w++) sb.append(String.format("%.0f/%.0f ", top[w], kern[w]));
                        System.out.println(sb);
                    }
                    double[] all = new double[rounds], stable = new double[rounds];
                    int nStable = 0;
                    for (int w = 0; w < rounds; w++) {
                        double before = top[w], after = top[w + 1];
                        all[w] = kern[w] / ((before + after) / 2);
                        // The core's speed moves with the host's load; a ratio counts as stable only when the peak
                        // windows on either side agree, so the kernel window most likely ran at that speed too.
                        if (Math.abs(before - after) <= STABLE * Math.max(before, after)) stable[nStable++] = all[w];
                    }
                    System.out.printf(
                            "%-6s %-8s %5dx%4dx%4d%s  kernel best %6.1f GFLOP/s  peak best %6.1f GFLOP/s  "
                                    + "best/best %4.0f%%  median ratio %4.0f%% (all %d)  %4s%% (stable %d)%n",
                            dbl ? "double" : "float",
                            form,
                            m,
                            k,
                            n,
                            ta ? " tA" : tb ? " tB" : "   ",
                            max(kern),
                            max(top),
                            100 * max(kern) / max(top),
                            100 * median(all, rounds),
                            rounds,
                            nStable == 0 ? "-" : String.format("%.0f", 100 * median(stable, nStable)),
                            nStable);
                }
            }
        }
    }

    private static double median(double[] x, int count) {
        double[] s = Arrays.copyOf(x, count);
        Arrays.sort(s);
        return count % 2 == 1 ? s[count / 2] : (s[count / 2 - 1] + s[count / 2]) / 2;
    }

    /**
     * True when the panel form can run this shape: a plan exists (k within one block) and m is whole 128-row blocks.
     */
    private static boolean panelShape(MatmulKernel kernel, int m, int n, int k) {
        return m >= 128
                && m % 128 == 0
                && panelPlan(kernel, Tensor.zeros(DType.FLOAT32, n, k)).isPresent();
    }

    /** A ReLU layer with this (out, in) weight in the kernel's panel layout, when it has one for it. */
    private static Optional<PointMlp> panelPlan(MatmulKernel kernel, Tensor weight) {
        return kernel.panels().flatMap(p -> PointMlp.of(p, List.of(new DenseStage(weight, null, true))));
    }

    /** One m x k x n layer (ReLU, max over points) in panel layout, over blocks of 128 points packed beforehand. */
    private static Runnable panelCall(
            MatmulKernel kernel, boolean dbl, int m, int n, int k, double[] a, double[] b, boolean oneBlock) {
        int block = 128, blocks = m / block;
        // The weight as the layer holds it: (out, in) = b^T.
        double[] w = new double[n * k];
        for (int p = 0; p < k; p++) for (int j = 0; j < n; j++) w[j * k + p] = b[p * n + j];
        if (dbl) {
            PointMlpDouble plan =
                    (PointMlpDouble) panelPlan(kernel, Tensor.wrap(w, n, k)).orElseThrow();
            double[][] panels = new double[blocks][];
            for (int i = 0; i < blocks; i++) {
                panels[i] = new double[plan.panelLength(block, k)];
                plan.toPanels(block, k, a, i * block * k, panels[i]);
            }
            double[] lanes = new double[plan.lanesLength()];
            return () -> {
                for (int i = 0; i < blocks; i++) plan.maxPool(block, panels[oneBlock ? 0 : i], lanes);
            };
        }
        PointMlpFloat plan =
                (PointMlpFloat) panelPlan(kernel, Tensor.wrap(toFloat(w), n, k)).orElseThrow();
        float[] x = toFloat(a);
        float[][] panels = new float[blocks][];
        for (int i = 0; i < blocks; i++) {
            panels[i] = new float[plan.panelLength(block, k)];
            plan.toPanels(block, k, x, i * block * k, panels[i]);
        }
        float[] lanes = new float[plan.lanesLength()];
        return () -> {
            for (int i = 0; i < blocks; i++) plan.maxPool(block, panels[oneBlock ? 0 : i], lanes);
        };
    }

    /** FLOPs per nanosecond of {@code body} run repeatedly for one 50 ms window. */
    static double rate(Runnable body, LongSupplier flops) {
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

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    /** {@code -Ddouble} or {@code -Ddouble=true}: the AtlasNet shapes in float64. */
    private static boolean doubleAsked() {
        String v = System.getProperty("double");
        return v != null && !v.equalsIgnoreCase("false");
    }
}
