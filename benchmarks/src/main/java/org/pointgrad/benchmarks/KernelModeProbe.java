package org.pointgrad.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;
import org.pointgrad.autodiff.kernel.Parallel;

/**
 * Tells which way C2 compiled the GEMM micro-kernel in this process. First the reference model's 1-thread float32
 * inference is warmed up and timed (median of its calls, in ms, each also scaled by the {@link PeakFlopsBenchmark}
 * FMA loop's rate measured around it), so the kernel is compiled as in a user's process. Then 50 ms windows of a
 * 1024 x 128 x 1024 float32 product on one thread alternate with windows of the FMA loop, and each kernel window is
 * divided by the mean of the peak windows on either side, so the median ratio sees through the load of a shared
 * machine. A process whose kernel spills accumulators stays slow for its whole life, so
 * {@code benchmarks/loop-predicate.sh} runs this in many fresh processes and counts the slow ones.
 * <p>
 * One line of output: {@code gemm GFLOP/s, gemm/peak, inference ms, inference ms x peak GFLOP/s / 100, median peak
 * GFLOP/s} (the fourth is the inference time normalised to a 100 GFLOP/s core).
 * <p>
 * Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * org.pointgrad.benchmarks.KernelModeProbe [kernel windows, default 20] [--gemm-only]} ({@code --gemm-only} skips
 * the inference).
 */
public final class KernelModeProbe {
    private static final int M = 1024, K = 128, N = 1024;
    /** Receives the peak loop's results. */
    private static volatile float sink;

    private KernelModeProbe() {}

    /** Prints one line: the kernel's rate and ratio to peak, the inference time and its normalised form. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        MatmulKernel kernel = Kernels.vectorMatmul()
                .orElseThrow(() -> new IllegalStateException(
                        "Vector API kernel unavailable: run with --add-modules jdk.incubator.vector"));
        Parallel.setThreads(1);
        boolean gemmOnly = args.length > 1 && args[1].equals("--gemm-only");
        PeakFlopsBenchmark peak = new PeakFlopsBenchmark();
        PeakFlopsBenchmark.Flops counter = new PeakFlopsBenchmark.Flops();
        // The sum is kept: once both calls here are inlined into MatmulEfficiency.rate(), C2 would otherwise drop the
        // FMAs as dead.
        Runnable peakCall = () -> sink += peak.floatFma(counter);
        LongSupplier peakFlops = () -> counter.flops;
        String inference = "";
        if (!gemmOnly) {
            // Inference first: a user's process compiles the micro-kernel under the model's profile, not this GEMM's.
            ReferenceWorkload workload = new ReferenceWorkload(DType.FLOAT32);
            for (int i = 0; i < 40; i++) workload.inference();
            for (int w = 0; w < 10; w++)
                MatmulEfficiency.rate(peakCall, peakFlops); // compiled before it is a yardstick
            int timed = Math.max(5, rounds / 2);
            double[] ms = new double[timed], normalised = new double[timed];
            double before = MatmulEfficiency.rate(peakCall, peakFlops);
            for (int i = 0; i < timed; i++) {
                long t0 = System.nanoTime();
                workload.inference();
                ms[i] = (System.nanoTime() - t0) / 1e6;
                double after = MatmulEfficiency.rate(peakCall, peakFlops);
                normalised[i] = ms[i] * (before + after) / 2 / 100;
                before = after;
            }
            inference = String.format("  inference %6.1f ms  normalised %6.1f ms", median(ms), median(normalised));
        }
        SplittableRandom r = new SplittableRandom(1);
        float[] a = MatmulEfficiency.toFloat(r.doubles((long) M * K, -1, 1).toArray());
        float[] b = MatmulEfficiency.toFloat(r.doubles((long) K * N, -1, 1).toArray());
        float[] c = new float[M * N];
        long[] calls = {0};
        Runnable gemm = () -> {
            kernel.sgemm(false, false, M, N, K, a, 0, K, b, 0, N, c, 0, N, false);
            calls[0]++;
        };
        LongSupplier gemmFlops = () -> calls[0] * 2L * M * N * K;
        for (int w = 0; w < 20; w++) { // until C2 has compiled both (the Vector API is slow before)
            MatmulEfficiency.rate(peakCall, peakFlops);
            MatmulEfficiency.rate(gemm, gemmFlops);
        }
        double[] kern = new double[rounds], top = new double[rounds + 1], ratio = new double[rounds];
        top[0] = MatmulEfficiency.rate(peakCall, peakFlops);
        for (int w = 0; w < rounds; w++) {
            kern[w] = MatmulEfficiency.rate(gemm, gemmFlops);
            top[w + 1] = MatmulEfficiency.rate(peakCall, peakFlops);
            ratio[w] = kern[w] / ((top[w] + top[w + 1]) / 2);
        }
        System.out.printf(
                "gemm %6.1f GFLOP/s  ratio %5.3f%s  peak %6.1f GFLOP/s%n",
                median(kern), median(ratio), inference, median(top));
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
