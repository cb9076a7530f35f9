package org.pointgrad.autodiff.kernel;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;

/** Random shapes, transposes, offsets, strides and thread counts against the double-precision reference (the assertions are in GemmProblem.checkFloat/checkDouble). */
class MatmulKernelPropertyTest {
    private final int savedThreads = Parallel.threads();

    @AfterProperty
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    @Property(tries = 150, seed = "20261128")
    void smallShapesMatchReference(@ForAll boolean transA, @ForAll boolean transB,
                                   @ForAll @IntRange(min = 1, max = 70) int m,
                                   @ForAll @IntRange(min = 1, max = 70) int n,
                                   @ForAll @IntRange(min = 1, max = 70) int k,
                                   @ForAll @IntRange(min = 0, max = 5) int aOff, @ForAll @IntRange(min = 0, max = 4) int aPad,
                                   @ForAll @IntRange(min = 0, max = 5) int bOff, @ForAll @IntRange(min = 0, max = 4) int bPad,
                                   @ForAll @IntRange(min = 0, max = 5) int cOff, @ForAll @IntRange(min = 0, max = 4) int cPad,
                                   @ForAll boolean accumulate, @ForAll @IntRange(min = 1, max = 2) int threads,
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
    void largerShapesMatchReference(@ForAll boolean transA, @ForAll boolean transB,
                                    @ForAll @IntRange(min = 1, max = 300) int m,
                                    @ForAll @IntRange(min = 1, max = 300) int n,
                                    @ForAll @IntRange(min = 1, max = 600) int k,
                                    @ForAll @IntRange(min = 0, max = 3) int pad,
                                    @ForAll boolean accumulate, @ForAll @IntRange(min = 1, max = 2) int threads,
                                    @ForAll long seed) {
        Parallel.setThreads(threads);
        GemmProblem p = new GemmProblem(transA, transB, m, n, k, pad, pad, 2 * pad, pad, 3 * pad, pad, accumulate, seed);
        for (MatmulKernel kernel : GemmProblem.kernels()) {
            p.checkFloat(kernel);
            p.checkDouble(kernel);
        }
    }

    /** The fused bias/ReLU epilogue against product-then-epilogue, across k-blocks, edge tiles and narrow outputs. */
    @Property(tries = 60, seed = "11")
    void biasReluEpilogueMatchesReference(@ForAll boolean transA, @ForAll boolean transB,
                                          @ForAll @IntRange(min = 1, max = 200) int m,
                                          @ForAll @IntRange(min = 1, max = 70) int n,
                                          @ForAll @IntRange(min = 0, max = 300) int k,
                                          @ForAll @IntRange(min = 0, max = 3) int pad,
                                          @ForAll boolean withBias, @ForAll @IntRange(min = 0, max = 3) int biasOff,
                                          @ForAll boolean relu, @ForAll @IntRange(min = 1, max = 2) int threads,
                                          @ForAll long seed) {
        Parallel.setThreads(threads);
        GemmProblem p = new GemmProblem(transA, transB, m, n, k, pad, pad, 2 * pad, pad, 3 * pad, pad, false, seed);
        for (MatmulKernel kernel : GemmProblem.kernels()) p.checkBiasRelu(kernel, withBias, biasOff, relu);
    }

    /** Column maxima fused into the product, across k-blocks (k > 256 stores partial sums), edge tiles and offsets. */
    @Property(tries = 60, seed = "13")
    void biasReluMaxMatchesStoredProduct(@ForAll boolean transA, @ForAll boolean transB,
                                         @ForAll @IntRange(min = 1, max = 200) int m,
                                         @ForAll @IntRange(min = 1, max = 70) int n,
                                         @ForAll @IntRange(min = 0, max = 300) int k,
                                         @ForAll @IntRange(min = 0, max = 3) int pad,
                                         @ForAll boolean withBias, @ForAll @IntRange(min = 0, max = 3) int offset,
                                         @ForAll boolean relu, @ForAll long seed) {
        GemmProblem p = new GemmProblem(transA, transB, m, n, k, pad, pad, 2 * pad, pad, 3 * pad, pad, false, seed);
        for (MatmulKernel kernel : GemmProblem.kernels()) p.checkBiasReluMax(kernel, withBias, offset, relu, offset);
    }
}
