package org.pointgrad.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

class InitTest {
    private static double[] meanStdMaxAbs(Tensor t) {
        double s = 0, s2 = 0, mx = 0;
        int n = t.numel();
        for (int i = 0; i < n; i++) {
            double v = t.getFlat(i);
            s += v;
            s2 += v * v;
            mx = Math.max(mx, Math.abs(v));
        }
        double m = s / n;
        return new double[] {m, Math.sqrt(s2 / n - m * m), mx};
    }

    private static Tensor w(int out, int in) {
        return Tensor.zeros(DType.FLOAT64, out, in);
    }

    @Test
    void fansFollowPyTorch() {
        assertEquals(new Fans(5, 7), Fans.of(7, 5));
        assertEquals(new Fans(5 * 9, 7 * 9), Fans.of(7, 5, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> Fans.of(4));
    }

    @Test
    void kaimingNormalHasStdSqrtTwoOverFanIn() {
        double[] s = meanStdMaxAbs(Init.kaimingNormal(w(300, 200), new SplittableRandom(1)));
        double expected = Math.sqrt(2.0 / 200);
        assertEquals(0, s[0], 0.01 * expected);
        assertEquals(expected, s[1], 0.01 * expected);
    }

    @Test
    void kaimingUniformBound() {
        double[] s = meanStdMaxAbs(Init.kaimingUniform(w(300, 200), new SplittableRandom(1)));
        double bound = Math.sqrt(6.0 / 200);
        assertTrue(s[2] <= bound && s[2] > 0.99 * bound, "max |w| " + s[2]);
        assertEquals(bound / Math.sqrt(3), s[1], 0.01 * bound);
    }

    @Test
    void xavierUniformAndNormal() {
        double bound = 2.0 * Math.sqrt(6.0 / (300 + 100));
        double[] u = meanStdMaxAbs(Init.xavierUniform(w(300, 100), 2.0, new SplittableRandom(2)));
        assertTrue(u[2] <= bound && u[2] > 0.99 * bound);
        double[] n = meanStdMaxAbs(Init.xavierNormal(w(300, 100), 1.0, new SplittableRandom(2)));
        assertEquals(Math.sqrt(2.0 / 400), n[1], 0.01 * Math.sqrt(2.0 / 400));
    }

    @Test
    void pytorchLinearDefaultIsUniformOneOverSqrtFanIn() {
        Tensor weight = w(400, 64), bias = Tensor.zeros(DType.FLOAT64, 400);
        Init.pytorchLinearDefault(weight, bias, new SplittableRandom(3));
        double bound = 1.0 / 8.0; // 1/sqrt(64)
        double[] ws = meanStdMaxAbs(weight), bs = meanStdMaxAbs(bias);
        assertTrue(ws[2] <= bound && ws[2] > 0.99 * bound, "weight max " + ws[2]);
        assertTrue(bs[2] <= bound && bs[2] > 0.9 * bound, "bias max " + bs[2]);
        assertEquals(bound / Math.sqrt(3), ws[1], 0.01 * bound);
    }

    @Test
    void biasRules() {
        Tensor b = Tensor.zeros(DType.FLOAT32, 50);
        BiasInit.constant(0.25).fill(b, 10, new SplittableRandom(1));
        assertEquals(0.25, b.getFlat(49));
        BiasInit.uniform(0.01).fill(b, 10, new SplittableRandom(1));
        assertTrue(meanStdMaxAbs(b)[2] <= 0.01);
        BiasInit.zeros().fill(b, 10, new SplittableRandom(1));
        assertEquals(0.0, meanStdMaxAbs(b)[2]);
    }

    @Test
    void sameSeedSameValuesAndDtypeRounding() {
        Tensor a = Init.kaimingNormal(w(8, 8), new SplittableRandom(5));
        Tensor b = Init.kaimingNormal(w(8, 8), new SplittableRandom(5));
        Tensor f = Init.kaimingNormal(Tensor.zeros(DType.FLOAT32, 8, 8), new SplittableRandom(5));
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0);
        assertArrayEquals(a.toFloatArray(), f.toFloatArray());
    }

    @Test
    void leakyGainReducesToRelu() {
        assertEquals(Math.sqrt(2), Init.leakyReluGain(0), 0);
        assertEquals(1.0, Init.leakyReluGain(1), 1e-15);
    }
}
