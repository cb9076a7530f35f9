package org.pointgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Gradients on recycled storage ({@link Autograd#gradientBuffer}): values must be those of freshly allocated
 * buffers whatever the graph does with them (fan-out, sums, pass-through, leaves). The suite runs with
 * {@code pointgrad.poisonRecycled}, so a recycled buffer holds NaN until written.
 */
class GradientPoolTest {
    /** A chain of equal-width layers with fan-out and a skip sum, so buffers of one length are freed and reused. */
    private static Tensor net(Tensor x, Tensor w1, Tensor w2, Tensor w3) {
        return net(x, w1, w2, w3, true);
    }

    private static Tensor net(Tensor x, Tensor w1, Tensor w2, Tensor w3, boolean relu) {
        Tensor h1 = Tensor.linear(x, w1, null);
        Tensor h2 = relu ? Tensor.linearRelu(h1, w2, null) : Tensor.linear(h1, w2, null);
        Tensor h3 = Tensor.linear(h2, w3, null).matmul(w1);
        // h1 feeds two consumers; h2 + h3 sums two branches; h3 * h3 gives one tensor twice to one op.
        return h3.mul(h3).add(h2).add(Tensor.linear(h1, w3, null)).sum();
    }

    @Property(tries = 25)
    void gradientsMatchFiniteDifferences(
            @ForAll @IntRange(min = 1, max = 40) int rows, @ForAll @IntRange(min = 1, max = 12) int width) {
        SplittableRandom rng = new SplittableRandom(rows * 31L + width);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, rows, width);
        double scale = 1 / Math.sqrt(width);
        Tensor w1 = Tensor.randn(rng, DType.FLOAT64, width, width).mul(scale);
        Tensor w2 = Tensor.randn(rng, DType.FLOAT64, width, width).mul(scale);
        Tensor w3 = Tensor.randn(rng, DType.FLOAT64, width, width).mul(scale);
        // Without the ReLU: finite differences across its kink would not be the derivative.
        Function<Tensor[], Tensor> f = t -> net(t[0], t[1], t[2], t[3], false);
        // Outputs reach the hundreds: central differences then carry about 1e-8 of rounding.
        GradCheck.check(f, GradCheck.defaults().withAtol(1e-6), x, w1, w2, w3).assertPassed();
    }

    @Property(tries = 25)
    void gradientsOnRecycledStorageEqualThoseOnFreshBuffers(
            @ForAll @IntRange(min = 1, max = 300) int rows,
            @ForAll @IntRange(min = 1, max = 40) int width,
            @ForAll boolean f64) {
        DType dt = f64 ? DType.FLOAT64 : DType.FLOAT32;
        float[][] pooled = gradients(dt, rows, width, true), fresh = gradients(dt, rows, width, false);
        for (int i = 0; i < pooled.length; i++) assertArrayEquals(fresh[i], pooled[i], "input " + i);
    }

    private static float[][] gradients(DType dt, int rows, int width, boolean pool) {
        SplittableRandom rng = new SplittableRandom(rows * 131L + width);
        Tensor[] in = {
            Tensor.randn(rng, dt, rows, width).requiresGrad(true),
            Tensor.randn(rng, dt, width, width).requiresGrad(true),
            Tensor.randn(rng, dt, width, width).requiresGrad(true),
            Tensor.randn(rng, dt, width, width).requiresGrad(true)
        };
        boolean was = Autograd.poolGradients;
        Autograd.poolGradients = pool;
        try {
            net(in[0], in[1], in[2], in[3]).backward();
        } finally {
            Autograd.poolGradients = was;
        }
        float[][] g = new float[in.length][];
        for (int i = 0; i < in.length; i++)
            g[i] = in[i].grad().to(DType.FLOAT32).floatData();
        return g;
    }

    @Test
    void pooledAndFreshGradientsAreEqualAndLeafGradientsAreTheirOwn() {
        SplittableRandom rng = new SplittableRandom(7);
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 300, 64);
        Tensor w1 = Tensor.randn(rng, DType.FLOAT32, 64, 64).requiresGrad(true);
        Tensor w2 = Tensor.randn(rng, DType.FLOAT32, 64, 64).requiresGrad(true);
        Tensor w3 = Tensor.randn(rng, DType.FLOAT32, 64, 64).requiresGrad(true);
        net(x.requiresGrad(true), w1, w2, w3).backward();
        float[] g1 = w1.grad().floatData().clone(), gx = x.grad().floatData().clone();
        // A second backward accumulates into the leaves' gradients, which must not share storage with anything.
        net(x, w1, w2, w3).backward();
        assertNotSame(w1.grad().floatData(), w2.grad().floatData());
        for (int i = 0; i < g1.length; i++)
            assertEquals(2 * g1[i], w1.grad().floatData()[i], 1e-3f * Math.abs(g1[i]) + 1e-3f);
        for (int i = 0; i < gx.length; i++)
            assertEquals(2 * gx[i], x.grad().floatData()[i], 1e-3f * Math.abs(gx[i]) + 1e-3f);
    }

    @Test
    void outsideBackwardABufferIsZeros() {
        Tensor t = Autograd.gradientBuffer(DType.FLOAT64, 3, 4);
        assertArrayEquals(new double[12], t.doubleData());
    }
}
