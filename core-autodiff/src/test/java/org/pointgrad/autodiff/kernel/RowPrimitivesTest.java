package org.pointgrad.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The vector kernel's row primitives ({@link MatmulKernel#scaleShiftRelu}, {@link MatmulKernel#reluMask}) against
 * the interface's scalar definitions, bit for bit, over lengths with and without a vector tail and over values that
 * include NaN (both signs), signed zeros and infinities.
 */
class RowPrimitivesTest {
    private static final MatmulKernel SCALAR = new EjmlMatmulKernel();

    private static final float[] SPECIAL = {
        0f,
        -0f,
        1f,
        -1f,
        Float.NaN,
        Float.intBitsToFloat(0xffc00000),
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE,
        -Float.MIN_VALUE,
        3.0e38f,
        -3.0e38f
    };

    private static float value(SplittableRandom rng) {
        return rng.nextInt(5) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextGaussian();
    }

    @Property(tries = 60)
    void vectorRowsEqualTheScalarDefinition(
            @ForAll @IntRange(min = 0, max = 70) int n,
            @ForAll @IntRange(min = 0, max = 5) int off,
            @ForAll long seed) {
        MatmulKernel vector = Kernels.vectorMatmul().orElse(null);
        // The kernel-fallback run has no Vector API: there the scalar definitions are all there is.
        if (vector == null) return;
        SplittableRandom rng = new SplittableRandom(seed);
        float[] s = new float[off + n], a = new float[n], b = new float[n], y = new float[off + n];
        for (int i = 0; i < s.length; i++) {
            s[i] = value(rng);
            y[i] = Math.max(value(rng), 0f);
        }
        for (int j = 0; j < n; j++) {
            a[j] = value(rng);
            b[j] = value(rng);
        }
        float[] o1 = new float[off + n], o2 = new float[off + n], m1 = new float[off + n], m2 = new float[off + n];
        SCALAR.scaleShiftRelu(n, s, off, a, b, o1, off);
        vector.scaleShiftRelu(n, s, off, a, b, o2, off);
        SCALAR.reluMask(n, s, y, off, m1);
        vector.reluMask(n, s, y, off, m2);
        double[] sd = toDouble(s), ad = toDouble(a), bd = toDouble(b), yd = toDouble(y);
        double[] d1 = new double[off + n], d2 = new double[off + n], e1 = new double[off + n], e2 = new double[off + n];
        SCALAR.scaleShiftRelu(n, sd, off, ad, bd, d1, off);
        vector.scaleShiftRelu(n, sd, off, ad, bd, d2, off);
        SCALAR.reluMask(n, sd, yd, off, e1);
        vector.reluMask(n, sd, yd, off, e2);
        // Bit for bit (signed zeros included), except that Java leaves the sign of a NaN made by arithmetic open.
        for (int i = 0; i < off + n; i++) {
            assertEquals(bits(o1[i]), bits(o2[i]), "scaleShiftRelu at " + i);
            assertEquals(Float.floatToRawIntBits(m1[i]), Float.floatToRawIntBits(m2[i]), "reluMask at " + i);
            assertEquals(bits(d1[i]), bits(d2[i]), "double scaleShiftRelu at " + i);
            assertEquals(Double.doubleToRawLongBits(e1[i]), Double.doubleToRawLongBits(e2[i]), "double mask " + i);
        }
    }

    @Property(tries = 5)
    void theScalarReluIsMathMax(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] s = new float[40], a = new float[40], b = new float[40], o = new float[40];
        for (int j = 0; j < 40; j++) {
            s[j] = value(rng);
            a[j] = value(rng);
            b[j] = value(rng);
        }
        Kernels.matmul().scaleShiftRelu(40, s, 0, a, b, o, 0);
        for (int j = 0; j < 40; j++) {
            float want = Math.max(s[j] * a[j] + b[j], 0f);
            assertEquals(bits(want), bits(o[j]), "at " + j);
        }
    }

    @Property(tries = 3)
    void rowsOutsideTheArraysAreRefused(@ForAll @IntRange(min = 1, max = 8) int n) {
        MatmulKernel vector = Kernels.vectorMatmul().orElse(null);
        // The kernel-fallback run has no Vector API: there the scalar definitions are all there is.
        if (vector == null) return;
        float[] small = new float[n - 1], ok = new float[n];
        assertThrows(IllegalArgumentException.class, () -> vector.scaleShiftRelu(n, small, 0, ok, ok, ok, 0));
        assertThrows(IllegalArgumentException.class, () -> vector.reluMask(n, ok, small, 0, ok));
    }

    private static long bits(float v) {
        return Float.isNaN(v) ? Long.MIN_VALUE : Float.floatToRawIntBits(v);
    }

    private static long bits(double v) {
        return Double.isNaN(v) ? Long.MIN_VALUE : Double.doubleToRawLongBits(v);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
