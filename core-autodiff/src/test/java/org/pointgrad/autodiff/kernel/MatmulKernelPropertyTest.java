package org.pointgrad.autodiff.kernel;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Random shapes, transposes, offsets, strides and thread counts against the double-precision reference (the assertions
 * are in GemmProblem.checkFloat/checkDouble).
 */
class MatmulKernelPropertyTest {
    private final int savedThreads = Parallel.threads();

    @AfterProperty
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    @Property(tries = 150, seed = "20261128")
    void smallShapesMatchReference(
            @ForAll boolean transA,
            @ForAll boolean transB,
            @ForAll @IntRange(min = 1, max = 70) int m,
            @ForAll @IntRange(min = 1, max = 70) int n,
            @ForAll @IntRange(min = 1, max = 70) int k,
            @ForAll @IntRange(min = 0, max = 5) int aOff,
            @ForAll @IntRange(min = 0, max = 4) int aPad,
            @ForAll @IntRange(min = 0, max = 5) int bOff,
            @ForAll @IntRange(min = 0, max = 4) int bPad,
            @ForAll @IntRange(min = 0, max = 5) int cOff,
            @ForAll @IntRange(min = 0, max = 4) int cPad,
            @ForAll boolean accumulate,
            @ForAll @IntRange(min = 1, max = 2) int threads,
            @ForAll long seed) {
        Parallel.setThreads(threads);
        GemmProblem p = new GemmProblem(transA, transB, m, n, k, aOff, aPad, bOff, bPad, cOff, cPad, accumulate, seed);
        for (MatmulKernel kernel : GemmProblem.kernels()) {
            p.checkFloat(kernel);
            p.checkDouble(kernel);
        }
    }

    /** Larger shapes cross the k-block (256), row-block and thread-split thresholds. */
    @Property(tries = 12, seed = "7")
    void largerShapesMatchReference(
            @ForAll boolean transA,
            @ForAll boolean transB,
            @ForAll @IntRange(min = 1, max = 300) int m,
            @ForAll @IntRange(min = 1, max = 300) int n,
            @ForAll @IntRange(min = 1, max = 600) int k,
            @ForAll @IntRange(min = 0, max = 3) int pad,
            @ForAll boolean accumulate,
            @ForAll @IntRange(min = 1, max = 2) int threads,
            @ForAll long seed) {
        Parallel.setThreads(threads);
        GemmProblem p =
                new GemmProblem(transA, transB, m, n, k, pad, pad, 2 * pad, pad, 3 * pad, pad, accumulate, seed);
        for (MatmulKernel kernel : GemmProblem.kernels()) {
            p.checkFloat(kernel);
            p.checkDouble(kernel);
        }
    }

    /** The fused bias/ReLU epilogue against product-then-epilogue, across k-blocks, edge tiles and narrow outputs. */
    @Property(tries = 60, seed = "11")
    void biasReluEpilogueMatchesReference(
            @ForAll boolean transA,
            @ForAll boolean transB,
            @ForAll @IntRange(min = 1, max = 200) int m,
            @ForAll @IntRange(min = 1, max = 70) int n,
            @ForAll @IntRange(min = 0, max = 300) int k,
            @ForAll @IntRange(min = 0, max = 3) int pad,
            @ForAll boolean withBias,
            @ForAll @IntRange(min = 0, max = 3) int biasOff,
            @ForAll boolean relu,
            @ForAll @IntRange(min = 1, max = 2) int threads,
            @ForAll long seed) {
        Parallel.setThreads(threads);
        GemmProblem p = new GemmProblem(transA, transB, m, n, k, pad, pad, 2 * pad, pad, 3 * pad, pad, false, seed);
        for (MatmulKernel kernel : GemmProblem.kernels()) p.checkBiasRelu(kernel, withBias, biasOff, relu);
    }

    /** Column maxima fused into the product, across k-blocks (k > 256 stores partial sums), edge tiles and offsets. */
    @Property(tries = 60, seed = "13")
    void biasReluMaxMatchesStoredProduct(
            @ForAll boolean transA,
            @ForAll boolean transB,
            @ForAll @IntRange(min = 1, max = 200) int m,
            @ForAll @IntRange(min = 1, max = 70) int n,
            @ForAll @IntRange(min = 0, max = 300) int k,
            @ForAll @IntRange(min = 0, max = 3) int pad,
            @ForAll boolean withBias,
            @ForAll @IntRange(min = 0, max = 3) int offset,
            @ForAll boolean relu,
            @ForAll long seed) {
        GemmProblem p = new GemmProblem(transA, transB, m, n, k, pad, pad, 2 * pad, pad, 3 * pad, pad, false, seed);
        for (MatmulKernel kernel : GemmProblem.kernels()) p.checkBiasReluMax(kernel, withBias, offset, relu, offset);
    }

    /** A prepacked op(B) gives exactly the products that pack it themselves, including the column-max form. */
    @Property(tries = 40, seed = "17")
    void prepackedBGivesTheSameProducts(
            @ForAll boolean transB,
            @ForAll @IntRange(min = 1, max = 300) int m,
            @ForAll @IntRange(min = 1, max = 300) int n,
            @ForAll @IntRange(min = 0, max = 300) int k,
            @ForAll boolean relu,
            @ForAll @IntRange(min = 1, max = 2) int threads,
            @ForAll long seed) {
        Parallel.setThreads(threads);
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = r.doubles((long) m * k, -1, 1).toArray(),
                b = r.doubles((long) k * n, -1, 1).toArray(),
                bias = r.doubles(n, -1, 1).toArray();
        float[] af = new float[a.length], bf = new float[b.length], biasF = new float[n];
        for (int i = 0; i < a.length; i++) af[i] = (float) a[i];
        for (int i = 0; i < b.length; i++) bf[i] = (float) b[i];
        for (int i = 0; i < n; i++) biasF[i] = (float) bias[i];
        int ldb = transB ? Math.max(1, k) : n, lda = Math.max(1, k);
        for (MatmulKernel kernel : GemmProblem.kernels()) {
            SgemmPackedB pf = kernel.packB(transB, k, n, bf, 0, ldb);
            DgemmPackedB pd = kernel.packB(transB, k, n, b, 0, ldb);
            float[] c1 = new float[m * n], c2 = new float[m * n];
            kernel.sgemmBiasRelu(false, transB, m, n, k, af, 0, lda, bf, 0, ldb, c1, 0, n, biasF, 0, relu);
            kernel.sgemmBiasRelu(false, transB, m, n, k, af, 0, lda, bf, 0, ldb, c2, 0, n, biasF, 0, relu, pf);
            org.junit.jupiter.api.Assertions.assertArrayEquals(c1, c2, kernel.name() + " float");
            double[] d1 = new double[m * n], d2 = new double[m * n];
            kernel.dgemmBiasRelu(false, transB, m, n, k, a, 0, lda, b, 0, ldb, d1, 0, n, bias, 0, relu);
            kernel.dgemmBiasRelu(false, transB, m, n, k, a, 0, lda, b, 0, ldb, d2, 0, n, bias, 0, relu, pd);
            org.junit.jupiter.api.Assertions.assertArrayEquals(d1, d2, kernel.name() + " double");
            float[] x1 = new float[n], x2 = new float[n];
            Arrays.fill(x1, Float.NEGATIVE_INFINITY);
            Arrays.fill(x2, Float.NEGATIVE_INFINITY);
            kernel.sgemmBiasReluMax(false, transB, m, n, k, af, 0, lda, bf, 0, ldb, biasF, 0, relu, x1, 0, null);
            kernel.sgemmBiasReluMax(false, transB, m, n, k, af, 0, lda, bf, 0, ldb, biasF, 0, relu, x2, 0, pf);
            org.junit.jupiter.api.Assertions.assertArrayEquals(x1, x2, kernel.name() + " float column maxima");
            if (kernel.name().equals("vector") && k > 0 && k <= 256) {
                org.junit.jupiter.api.Assertions.assertNotNull(pf, "the vector kernel packs a one-block B");
            }
        }
    }
}
