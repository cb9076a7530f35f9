package org.pointgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.kernel.Parallel;

/** The fused last-layer-plus-max-pool op against finite differences and against linearRelu followed by max. */
class LinearReluMaxProperties {
    @Property(tries = 60)
    void gradCheck(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int b = 1 + rt.rng.nextInt(3),
                n = 1 + rt.rng.nextInt(6),
                in = 1 + rt.rng.nextInt(4),
                out = 1 + rt.rng.nextInt(5);
        boolean withBias = rt.rng.nextInt(4) != 0;
        Tensor x, w, bias;
        // Redraw until no pre-activation is near the ReLU kink and no two rows nearly tie for a maximum: there the
        // function is not differentiable and finite differences mean nothing.
        do {
            x = rt.uniform(new int[] {b, n, in}, -2, 2);
            w = rt.uniform(new int[] {out, in}, -1, 1);
            bias = withBias ? rt.uniform(new int[] {out}, -1, 1) : null;
        } while (!wellSeparated(Tensor.linear(x, w, bias), b, n, out));
        Tensor[] inputs = withBias ? new Tensor[] {x, w, bias} : new Tensor[] {x, w};
        for (Tensor t : inputs) t.requiresGrad(true);
        GradCheckReport r = withBias
                ? GradCheck.check(t -> Tensor.linearReluMax(t[0], t[1], t[2]), inputs)
                : GradCheck.check(t -> Tensor.linearReluMax(t[0], t[1], null), inputs);
        assertTrue(r.passed(), () -> "linear_relu_max: " + r);
    }

    @Property(tries = 30)
    void matchesLinearReluThenMax(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 2) int threads,
            @ForAll @IntRange(min = 1, max = 400) int n) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            SplittableRandom rng = new SplittableRandom(seed);
            int b = 1 + rng.nextInt(3), in = 1 + rng.nextInt(20), out = 1 + rng.nextInt(70);
            for (DType dtype : DType.values()) {
                Tensor x = Tensor.randn(rng, dtype, b, n, in).requiresGrad(true);
                Tensor w = Tensor.randn(rng, dtype, out, in).requiresGrad(true);
                Tensor bias = Tensor.randn(rng, dtype, out).requiresGrad(true);
                if (rng.nextBoolean()) {
                    // Duplicate rows force ties: the first winning row must take the gradient, as in max.
                    for (int c = 0; c < b; c++) {
                        for (int k = 0; k < in && n > 3; k++)
                            x.setFlat((c * n + n - 1) * in + k, x.getFlat((c * n + 1) * in + k));
                    }
                }
                Tensor up = Tensor.randn(rng, dtype, b, out);
                Tensor fused = Tensor.linearReluMax(x, w, bias);
                fused.backward(up);
                double[][] fg = {
                    fused.toDoubleArray(),
                    x.grad().toDoubleArray(),
                    w.grad().toDoubleArray(),
                    bias.grad().toDoubleArray()
                };
                x.zeroGrad();
                w.zeroGrad();
                bias.zeroGrad();
                Tensor plain = Tensor.linearRelu(x, w, bias).max(1, false);
                plain.backward(up);
                double[][] pg = {
                    plain.toDoubleArray(),
                    x.grad().toDoubleArray(),
                    w.grad().toDoubleArray(),
                    bias.grad().toDoubleArray()
                };
                x.zeroGrad();
                w.zeroGrad();
                bias.zeroGrad();
                assertArrayEquals(pg[0], fg[0], 0.0, dtype + " values");
                String[] names = {"", "input", "weight", "bias"};
                double tol = dtype == DType.FLOAT32 ? 1e-4 : 1e-10;
                for (int i = 1; i < 4; i++) {
                    for (int e = 0; e < pg[i].length; e++) {
                        assertEquals(
                                pg[i][e],
                                fg[i][e],
                                tol * Math.max(1, Math.abs(pg[i][e])),
                                dtype + " " + names[i] + " gradient " + e);
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void nanWinsAndAllNonPositiveChannelsGetNoGradient() {
        // Cloud 0 (3 points): a NaN in point 1 wins every channel. Cloud 1: channel 0 (= x0) peaks at point 2,
        // channel 1 (= -x1) is negative everywhere and so passes no gradient.
        Tensor x = Tensor.of(new double[] {1, 1, Double.NaN, 2, 2, 3, 1, 1, 0.5, 2, 3, 3}, 2, 3, 2)
                .requiresGrad(true);
        Tensor w = Tensor.of(new double[] {1, 0, 0, -1}, 2, 2).requiresGrad(true);
        Tensor y = Tensor.linearReluMax(x, w, null);
        assertTrue(Double.isNaN(y.getFlat(0)) && Double.isNaN(y.getFlat(1)), "NaN propagates");
        assertEquals(3.0, y.getFlat(2));
        assertEquals(0.0, y.getFlat(3));
        y.backward(Tensor.of(new double[] {1, 1, 1, 1}, 2, 2));
        // Cloud 0: both channels' gradients reach point 1 (w rows (1,0) and (0,-1)); cloud 1: only point 2 via channel
        // 0.
        assertArrayEquals(
                new double[] {0, 0, 1, -1, 0, 0, 0, 0, 0, 0, 1, 0}, x.grad().toDoubleArray(), 0.0);
    }

    @Test
    void moreThanOneKBlockAndAOneRowBlockGiveTheUnfusedValues() {
        // in = 300: several k-blocks; N = 133: the last block has one row.
        for (DType dtype : DType.values()) {
            SplittableRandom rng = new SplittableRandom(21);
            Tensor x = Tensor.randn(rng, dtype, 2, 133, 300),
                    w = Tensor.randn(rng, dtype, 8, 300),
                    b = Tensor.randn(rng, dtype, 8);
            for (int k = 0; k < 300; k++)
                x.setFlat(132 * 300 + k, 10 * x.getFlat(132 * 300 + k)); // row 132 wins somewhere
            assertArrayEquals(
                    Tensor.linearRelu(x, w, b).max(1, false).toDoubleArray(),
                    Tensor.linearReluMax(x, w, b).toDoubleArray(),
                    0.0,
                    dtype.toString());
        }
    }

    @Test
    void badShapesAreNamed() {
        Tensor x = Tensor.zeros(DType.FLOAT32, 2, 5, 3);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.linearReluMax(x, Tensor.zeros(DType.FLOAT32, 4, 2), null));
        assertTrue(e.getMessage().contains("(2,5,3)") || e.getMessage().contains("[2, 5, 3]"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Tensor.linearReluMax(
                        Tensor.zeros(DType.FLOAT32, 2, 0, 3), Tensor.zeros(DType.FLOAT32, 4, 3), null));
    }

    private static boolean wellSeparated(Tensor pre, int b, int n, int out) {
        for (int c = 0; c < b; c++) {
            for (int j = 0; j < out; j++) {
                double best = Double.NEGATIVE_INFINITY, second = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double v = pre.getFlat((c * n + i) * out + j);
                    if (Math.abs(v) < 0.01) return false;
                    if (v > best) {
                        second = best;
                        best = v;
                    } else if (v > second) {
                        second = v;
                    }
                }
                if (best > 0 && best - second < 0.01) return false;
            }
        }
        return true;
    }
}
