package org.pointgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.kernel.Parallel;

/**
 * Fused ops against finite differences and against the unfused op chains they replace: the fused forms must give
 * the same values and gradients (bit for bit in FLOAT64, where the arithmetic is the same).
 */
class FusedOpProperties {
    private static final int TRIES = 100;

    @Property(tries = TRIES)
    void linearReluGradCheck(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int in = 1 + rt.rng.nextInt(5), out = 1 + rt.rng.nextInt(5);
        int[] lead = rt.shape(0, 2, 4, 12);
        int[] xs = Arrays.copyOf(lead, lead.length + 1);
        xs[lead.length] = in;
        boolean withBias = rt.rng.nextInt(4) != 0;
        Tensor x, w, b;
        // Redraw until no pre-activation is near the ReLU kink, where finite differences are meaningless.
        do {
            x = rt.uniform(xs, -2, 2);
            w = rt.uniform(new int[] {out, in}, -1, 1);
            b = withBias ? rt.uniform(new int[] {out}, -1, 1) : null;
        } while (minAbs(Tensor.linear(x, w, b)) < 0.01);
        Tensor[] inputs = withBias ? new Tensor[] {x, w, b} : new Tensor[] {x, w};
        for (Tensor t : inputs) t.requiresGrad(true);
        GradCheckReport r = withBias
                ? GradCheck.check(t -> Tensor.linearRelu(t[0], t[1], t[2]), inputs)
                : GradCheck.check(t -> Tensor.linearRelu(t[0], t[1], null), inputs);
        assertTrue(r.passed(), () -> "linear_relu: " + r);
        assertTrue(r.maxRelError() < 1e-6, () -> "linear_relu: relative error " + r.maxRelError() + "\n" + r);
    }

    @Property(tries = 20)
    void linearReluMatchesLinearThenRelu(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2) int threads) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            SplittableRandom rng = new SplittableRandom(seed);
            // Sizes above the parallel epilogue chunk, so the forked path is compared too.
            int rows = 1 + rng.nextInt(700), in = 1 + rng.nextInt(9), out = 1 + rng.nextInt(130);
            for (DType dtype : DType.values()) {
                Tensor x = Tensor.randn(rng, dtype, 2, rows, in).requiresGrad(true);
                Tensor w = Tensor.randn(rng, dtype, out, in).requiresGrad(true);
                Tensor b = Tensor.randn(rng, dtype, out).requiresGrad(true);
                Tensor up = Tensor.randn(rng, dtype, 2, rows, out);

                Tensor fused = Tensor.linearRelu(x, w, b);
                fused.backward(up);
                double[] fusedValue = fused.toDoubleArray();
                double[][] fusedGrads = {
                    x.grad().toDoubleArray(), w.grad().toDoubleArray(), b.grad().toDoubleArray()
                };
                x.zeroGrad();
                w.zeroGrad();
                b.zeroGrad();

                Tensor plain = Tensor.linear(x, w, b).relu();
                plain.backward(up);
                assertArrayEquals(plain.toDoubleArray(), fusedValue, dtype + " values");
                assertArrayEquals(x.grad().toDoubleArray(), fusedGrads[0], dtype + " input gradient");
                assertArrayEquals(w.grad().toDoubleArray(), fusedGrads[1], dtype + " weight gradient");
                assertArrayEquals(b.grad().toDoubleArray(), fusedGrads[2], dtype + " bias gradient");
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Property(tries = 15)
    void linearGradientsAreTheSameForAnyThreadCount(@ForAll long seed, @ForAll boolean relu) {
        int before = Parallel.threads();
        try {
            SplittableRandom rng = new SplittableRandom(seed);
            // Enough rows for several column-sum chunks, so the chunks are split over threads.
            int rows = 200 + rng.nextInt(3000), in = 1 + rng.nextInt(9), out = 1 + rng.nextInt(300);
            for (DType dtype : DType.values()) {
                Tensor x = Tensor.randn(rng, dtype, rows, in).requiresGrad(true);
                Tensor w = Tensor.randn(rng, dtype, out, in).requiresGrad(true);
                Tensor b = Tensor.randn(rng, dtype, out).requiresGrad(true);
                Tensor up = Tensor.randn(rng, dtype, rows, out);
                double[][][] grads = new double[2][][];
                for (int threads = 1; threads <= 2; threads++) {
                    Parallel.setThreads(threads);
                    x.zeroGrad();
                    w.zeroGrad();
                    b.zeroGrad();
                    (relu ? Tensor.linearRelu(x, w, b) : Tensor.linear(x, w, b)).backward(up);
                    grads[threads - 1] = new double[][] {
                        x.grad().toDoubleArray(),
                        w.grad().toDoubleArray(),
                        b.grad().toDoubleArray()
                    };
                }
                for (int i = 0; i < 3; i++)
                    assertArrayEquals(grads[0][i], grads[1][i], 0.0, dtype + " gradient of input " + i);
                // The bias gradient is the column sum of the (masked) upstream gradient.
                double[] ud = up.toDoubleArray(),
                        yd = (relu ? Tensor.linearRelu(x, w, b) : Tensor.linear(x, w, b)).toDoubleArray();
                for (int j = 0; j < out; j++) {
                    double want = 0, absSum = 0;
                    for (int r = 0; r < rows; r++) {
                        if (!relu || yd[r * out + j] > 0) {
                            want += ud[r * out + j];
                            absSum += Math.abs(ud[r * out + j]);
                        }
                    }
                    // Float sums run in float within chunks of rows: the error bound scales with the sum of magnitudes.
                    double tol = dtype == DType.FLOAT32 ? 1e-6 * Math.max(1, absSum) : 1e-9 * rows;
                    assertEquals(want, grads[0][2][j], tol, dtype + " bias gradient " + j);
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** Gradients with mostly zero rows (as below a max pool) take the gather-multiply-scatter path; same result. */
    @Property(tries = 15)
    void rowSparseGradientsMatchTheUnfusedOps(
            @ForAll long seed, @ForAll boolean relu, @ForAll @IntRange(min = 1, max = 2) int threads) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            SplittableRandom rng = new SplittableRandom(seed);
            int rows = 1024 + rng.nextInt(2000), in = 1 + rng.nextInt(40), out = 1 + rng.nextInt(70);
            double liveShare = rng.nextDouble() * 0.6; // sometimes above one half: the dense path must agree too
            for (DType dtype : DType.values()) {
                Tensor x = Tensor.randn(rng, dtype, rows, in).requiresGrad(true);
                Tensor w = Tensor.randn(rng, dtype, out, in).requiresGrad(true);
                Tensor b = Tensor.randn(rng, dtype, out).requiresGrad(true);
                Tensor up = Tensor.randn(rng, dtype, rows, out);
                for (int r = 0; r < rows; r++) {
                    if (rng.nextDouble() >= liveShare) for (int j = 0; j < out; j++) up.setFlat(r * out + j, 0);
                }
                (relu ? Tensor.linearRelu(x, w, b) : Tensor.linear(x, w, b)).backward(up);
                double[][] fused = {
                    x.grad().toDoubleArray(), w.grad().toDoubleArray(), b.grad().toDoubleArray()
                };
                x.zeroGrad();
                w.zeroGrad();
                b.zeroGrad();
                Tensor pre = x.matmul(w.transpose(0, 1)).add(b);
                (relu ? pre.relu() : pre).backward(up);
                double[][] plain = {
                    x.grad().toDoubleArray(), w.grad().toDoubleArray(), b.grad().toDoubleArray()
                };
                x.zeroGrad();
                w.zeroGrad();
                b.zeroGrad();
                double tol = dtype == DType.FLOAT32 ? 1e-4 : 1e-10;
                for (int i = 0; i < 3; i++) {
                    for (int e = 0; e < plain[i].length; e++) {
                        assertEquals(
                                plain[i][e],
                                fused[i][e],
                                tol * Math.max(1, Math.abs(plain[i][e])),
                                dtype + " gradient of input " + i + " at " + e);
                    }
                }
                for (int r = 0; r < rows; r++) {
                    boolean dead = true;
                    for (int j = 0; j < out; j++) dead &= up.getFlat(r * out + j) == 0;
                    // Zero of either sign: the fallback kernel sums 0 * w terms to -0.
                    for (int k = 0; dead && k < in; k++)
                        assertEquals(0.0, fused[0][r * in + k], 0.0, "row " + r + " has no upstream gradient");
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void linearReluIsOneGraphNode() {
        Tensor x = Tensor.of(new double[] {1, -2, 3, 0.5}, 2, 2).requiresGrad(true);
        Tensor w = Tensor.of(new double[] {1, 1, -1, 1}, 2, 2).requiresGrad(true);
        Tensor y = Tensor.linearRelu(x, w, null);
        assertEquals("linear_relu", y.opName());
        // Rows (1,-2) and (3,0.5): pre-activations (-1,-3) and (3.5,-2.5); only 3.5 survives.
        assertArrayEquals(new double[] {0, 0, 3.5, 0}, y.toDoubleArray());
    }

    private static double minAbs(Tensor t) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < t.numel(); i++) m = Math.min(m, Math.abs(t.getFlat(i)));
        return m;
    }
}
