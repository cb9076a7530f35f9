package org.pointgrad.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fixed shapes that matter for the model (scaled down in m), edge cases, determinism and argument checks. */
class MatmulKernelTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** {m, k, n}: per-point layers, decoder, weight gradients (k large), tiny edge shapes. */
    private static final int[][] SHAPES = {
        {1000, 3, 64},
        {700, 64, 128},
        {300, 128, 256},
        {500, 34, 128},
        {600, 128, 3},
        {128, 1100, 64},
        {3, 2000, 64},
        {16, 256, 128},
        {12, 300, 400},
        {1, 1, 1},
        {5, 3, 1},
        {7, 1, 9},
        {9, 2, 3},
        {13, 3, 3},
        {6, 7, 16},
        {2, 5, 200},
        {200, 2, 2},
    };

    @Test
    void modelAndEdgeShapesMatchReferenceForAllTransposesAndThreadCounts() {
        long seed = 1;
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            for (int[] s : SHAPES) {
                for (int t = 0; t < 4; t++) {
                    boolean accumulate = (t + threads) % 2 == 0;
                    GemmProblem p = new GemmProblem(
                            (t & 1) != 0, (t & 2) != 0, s[0], s[2], s[1], t, t % 3, 2 * t, 1, 3, t, accumulate, seed++);
                    for (MatmulKernel kernel : GemmProblem.kernels()) {
                        p.checkFloat(kernel);
                        p.checkDouble(kernel);
                    }
                }
            }
        }
    }

    @Test
    void resultsAreBitwiseRepeatableAndIndependentOfThreadCount() {
        GemmProblem[] problems = {
            new GemmProblem(false, false, 500, 128, 64, 0, 0, 0, 0, 0, 0, false, 11), // row split
            new GemmProblem(true, false, 12, 400, 300, 1, 2, 3, 0, 0, 1, true, 12), // column split
            new GemmProblem(true, true, 64, 48, 700, 0, 0, 0, 0, 0, 0, false, 13), // several k-blocks
        };
        for (MatmulKernel kernel : GemmProblem.kernels()) {
            for (GemmProblem p : problems) {
                Parallel.setThreads(2);
                float[] f1 = p.runFloat(kernel), f2 = p.runFloat(kernel);
                double[] d1 = p.runDouble(kernel), d2 = p.runDouble(kernel);
                assertArrayEquals(f1, f2, kernel.name() + " sgemm not repeatable: " + p);
                assertArrayEquals(d1, d2, kernel.name() + " dgemm not repeatable: " + p);
                Parallel.setThreads(1);
                assertArrayEquals(f1, p.runFloat(kernel), kernel.name() + " sgemm depends on thread count: " + p);
                assertArrayEquals(d1, p.runDouble(kernel), kernel.name() + " dgemm depends on thread count: " + p);
            }
        }
    }

    @Test
    void emptyDepthZeroesOrKeepsC() {
        for (MatmulKernel kernel : GemmProblem.kernels()) {
            float[] c = {1, 2, 3, 4, 5, 6, 9};
            kernel.sgemm(false, false, 2, 3, 0, new float[0], 0, 1, new float[0], 0, 3, c, 0, 3, true);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 9}, c, kernel.name() + " accumulate with k=0 changed C");
            kernel.sgemm(false, false, 2, 3, 0, new float[0], 0, 1, new float[0], 0, 3, c, 0, 3, false);
            assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 9}, c, kernel.name() + " k=0 must zero the C window only");
            double[] d = {7, 8};
            kernel.dgemm(false, false, 0, 2, 4, new double[0], 0, 4, new double[8], 0, 2, d, 0, 2, false);
            assertArrayEquals(new double[] {7, 8}, d, kernel.name() + " m=0 must not touch C");
        }
    }

    @Test
    void vectorKernelRejectsOperandsThatDoNotFit() {
        MatmulKernel kernel = Kernels.vectorMatmul().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(kernel != null, "Vector API not available in this JVM");
        IllegalArgumentException tooShort = assertThrows(
                IllegalArgumentException.class,
                () -> kernel.sgemm(
                        false, false, 4, 4, 4, new float[15], 0, 4, new float[16], 0, 4, new float[16], 0, 4, false));
        assertTrue(tooShort.getMessage().contains("A") && tooShort.getMessage().contains("16"), tooShort.getMessage());
        IllegalArgumentException badLd = assertThrows(
                IllegalArgumentException.class,
                () -> kernel.dgemm(
                        false, true, 4, 4, 4, new double[16], 0, 4, new double[16], 0, 3, new double[16], 0, 4, false));
        assertTrue(badLd.getMessage().contains("leading dimension of B"), badLd.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> kernel.sgemm(
                        false, false, -1, 4, 4, new float[16], 0, 4, new float[16], 0, 4, new float[16], 0, 4, false));
        float[] c = new float[16];
        Arrays.fill(c, 5f);
        assertThrows(
                IllegalArgumentException.class,
                () -> kernel.sgemm(false, false, 4, 4, 4, new float[16], 0, 4, new float[16], 0, 4, c, 1, 4, false));
        assertArrayEquals(filled(16, 5f), c, "a rejected call must not have written to C");
    }

    private static float[] filled(int n, float v) {
        float[] x = new float[n];
        Arrays.fill(x, v);
        return x;
    }
}
