package org.pointgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.GradCheck;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.Parallel;

/** The fused BatchNorm1d op (with and without its ReLU) against central differences and PyTorch's formulas. */
class BatchNorm1dProperties {
    private static BatchNorm1d randomLayer(SplittableRandom rng, int c, boolean affine) {
        BatchNorm1d bn = new BatchNorm1d(c, 1e-5, 0.1, affine, DType.FLOAT64);
        if (affine) {
            for (int i = 0; i < c; i++) {
                bn.weight().setFlat(i, (rng.nextBoolean() ? 1 : -1) * (0.3 + rng.nextDouble()));
                bn.bias().setFlat(i, rng.nextDouble() - 0.5);
            }
        }
        return bn;
    }

    private static Tensor randomInput(SplittableRandom rng, int rows, int c, boolean threeD) {
        // An offset per channel, so the statistics' shift matters.
        Tensor x = Tensor.randn(rng, DType.FLOAT64, rows, c).add(3 * rng.nextDouble());
        return threeD && rows % 2 == 0 ? x.reshape(2, rows / 2, c) : x;
    }

    @Property(tries = 30)
    void gradientsMatchCentralDifferences(
            @ForAll long seed,
            @ForAll @IntRange(min = 2, max = 24) int rows,
            @ForAll @IntRange(min = 1, max = 6) int c,
            @ForAll boolean training,
            @ForAll boolean relu,
            @ForAll boolean affine,
            @ForAll boolean threeD) {
        SplittableRandom rng = new SplittableRandom(seed);
        BatchNorm1d bn = randomLayer(rng, c, affine);
        // Move the running statistics away from (0, 1) so eval mode is not the identity map.
        bn.forward(randomInput(rng, rows, c, false).mul(2));
        bn.train(training);
        Tensor x = randomInput(rng, rows, c, threeD);
        Tensor r = Tensor.randn(rng, DType.FLOAT64, x.shape());
        GradCheck.check(in -> (relu ? bn.forwardRelu(in[0]) : bn.forward(in[0])).mul(r), x)
                .assertPassed();
        if (affine) {
            ParameterGradCheck.assertParameterGradients(
                    bn, () -> (relu ? bn.forwardRelu(x) : bn.forward(x)).mul(r).sum(), 1e-6);
        }
    }

    @Property(tries = 30)
    void maxOverPointsMatchesTheComposedFormAndCentralDifferences(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3) int clouds,
            @ForAll @IntRange(min = 2, max = 300) int n,
            @ForAll @IntRange(min = 1, max = 5) int c,
            @ForAll boolean training) {
        SplittableRandom rng = new SplittableRandom(seed);
        BatchNorm1d fused = randomLayer(rng, c, true), composed = new BatchNorm1d(c, DType.FLOAT64);
        Tensor warm = randomInput(rng, 10, c, false).mul(2);
        fused.forward(warm);
        composed.forward(warm);
        for (int j = 0; j < c; j++) {
            composed.weight().setFlat(j, fused.weight().getFlat(j));
            composed.bias().setFlat(j, fused.bias().getFlat(j));
        }
        fused.train(training);
        composed.train(training);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, clouds, n, c).add(1.5).requiresGrad(true);
        Tensor r = Tensor.randn(rng, DType.FLOAT64, clouds, c);
        Tensor y = fused.forwardMaxOverPoints(x);
        y.mul(r).sum().backward();
        double[] gFused = x.grad().toDoubleArray();
        x.zeroGrad();
        Tensor want = composed.forward(x).max(1, false);
        want.mul(r).sum().backward();
        assertArrayEquals(want.toDoubleArray(), y.toDoubleArray(), 1e-12);
        assertArrayEquals(x.grad().toDoubleArray(), gFused, 1e-12);
        assertArrayEquals(
                composed.runningVar().toDoubleArray(), fused.runningVar().toDoubleArray(), 1e-12);
        if (n <= 12)
            GradCheck.check(in -> fused.forwardMaxOverPoints(in[0]).mul(r), x.detach())
                    .assertPassed();
        if (n <= 12)
            ParameterGradCheck.assertParameterGradients(
                    fused, () -> fused.forwardMaxOverPoints(x).mul(r).sum(), 1e-6);
    }

    @Property(tries = 30)
    void forwardAndRunningStatisticsFollowPyTorchFormulas(
            @ForAll long seed,
            @ForAll @IntRange(min = 2, max = 700) int rows,
            @ForAll @IntRange(min = 1, max = 20) int c,
            @ForAll boolean relu,
            @ForAll @IntRange(min = 1, max = 2) int threads) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            SplittableRandom rng = new SplittableRandom(seed);
            BatchNorm1d bn = randomLayer(rng, c, true);
            Tensor x = randomInput(rng, rows, c, false);
            double[] y = (relu ? bn.forwardRelu(x) : bn.forward(x)).toDoubleArray(), xd = x.toDoubleArray();
            for (int j = 0; j < c; j++) {
                double m = 0, v = 0;
                for (int i = 0; i < rows; i++) m += xd[i * c + j];
                m /= rows;
                for (int i = 0; i < rows; i++) v += (xd[i * c + j] - m) * (xd[i * c + j] - m);
                double biased = v / rows, unbiased = v / (rows - 1);
                for (int i = 0; i < rows; i++) {
                    double e = (xd[i * c + j] - m)
                                    / Math.sqrt(biased + 1e-5)
                                    * bn.weight().getFlat(j)
                            + bn.bias().getFlat(j);
                    assertEquals(relu ? Math.max(e, 0) : e, y[i * c + j], 1e-9 * (1 + Math.abs(e)));
                }
                assertEquals(0.1 * m, bn.runningMean().getFlat(j), 1e-12 * (1 + Math.abs(m)));
                assertEquals(0.9 + 0.1 * unbiased, bn.runningVar().getFlat(j), 1e-12 * (1 + unbiased));
            }
            assertEquals(1.0, bn.namedBuffers().get("num_batches_tracked").item());
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Property(tries = 20)
    void float32AgreesWithFloat64AndThreadCountDoesNotMatter(
            @ForAll long seed,
            @ForAll @IntRange(min = 2, max = 1200) int rows,
            @ForAll @IntRange(min = 1, max = 40) int c,
            @ForAll boolean relu) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x64 = randomInput(rng, rows, c, false).requiresGrad(true);
        Tensor r64 = Tensor.randn(rng, DType.FLOAT64, rows, c);
        int saved = Parallel.threads();
        double[][] grads = new double[2][];
        double[][] outs = new double[2][];
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                Tensor x32 = x64.detach().to(DType.FLOAT32).requiresGrad(true);
                BatchNorm1d bn = new BatchNorm1d(c);
                Tensor y = relu ? bn.forwardRelu(x32) : bn.forward(x32);
                y.mul(r64.to(DType.FLOAT32)).sum().backward();
                outs[threads - 1] = y.toDoubleArray();
                grads[threads - 1] = x32.grad().toDoubleArray();
            }
        } finally {
            Parallel.setThreads(saved);
        }
        assertArrayEquals(outs[0], outs[1], 0.0);
        assertArrayEquals(grads[0], grads[1], 0.0);
        // The reference sees the same float32-rounded input: with two close rows the normalized output is ill
        // conditioned, and the rounding of the input alone would move it by more than the tolerance.
        Tensor rounded = x64.detach().to(DType.FLOAT32).to(DType.FLOAT64).requiresGrad(true);
        BatchNorm1d bn64 = new BatchNorm1d(c, DType.FLOAT64);
        Tensor y64 = relu ? bn64.forwardRelu(rounded) : bn64.forward(rounded);
        y64.mul(r64.to(DType.FLOAT32).to(DType.FLOAT64)).sum().backward();
        // In float32, y = x * scale + shift (as PyTorch computes it) and the statistics lose in proportion to
        // |mean| / std: the tolerance grows with that conditioning (a few hundred float32 ulps per unit).
        double[] xs = rounded.toDoubleArray();
        double cond = 0;
        for (int ch = 0; ch < c; ch++) {
            double mean = 0, sq = 0;
            for (int r = 0; r < rows; r++) mean += xs[r * c + ch] / rows;
            for (int r = 0; r < rows; r++) sq += (xs[r * c + ch] - mean) * (xs[r * c + ch] - mean) / rows;
            cond = Math.max(cond, Math.abs(mean) / Math.sqrt(sq + 1e-5));
        }
        double tol = 1e-4 + 2e-5 * cond;
        assertArrayEquals(y64.toDoubleArray(), outs[0], tol);
        double[] g64 = rounded.grad().toDoubleArray();
        double scale = 0;
        for (double g : g64) scale = Math.max(scale, Math.abs(g));
        assertArrayEquals(g64, grads[0], tol * (1 + scale));
    }
}
