package org.pointgrad.pointcloud.chamfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pointgrad.pointcloud.neighbors.SearchStrategy;

class ChamferKernelTest {

    @Test
    void handComputedExample() {
        float[] x = {0, 0, 0};
        float[] y = {1, 0, 0, 3, 0, 0};
        // x->y: 1; y->x: (1 + 9) / 2 = 5
        assertEquals(6.0, ChamferKernel.atlasNetLoss(x, y, 1, 1, 2, 3), 1e-12);
        ChamferResult sum = ChamferKernel.forward(
                x, y, 1, 1, 2, 3, ChamferOptions.defaults().withPointReduction(ChamferReduction.SUM));
        assertEquals(11.0, sum.value(), 1e-12);
        ChamferResult l2 = ChamferKernel.forward(
                x, y, 1, 1, 2, 3, ChamferOptions.defaults().withNorm(ChamferNorm.L2));
        assertEquals(1 + (1 + 3) / 2.0, l2.value(), 1e-12);
        ChamferResult single = ChamferKernel.forward(
                x, y, 1, 1, 2, 3, ChamferOptions.defaults().withSingleDirectional(true));
        assertEquals(1.0, single.value(), 1e-12);
        assertArrayEquals(new int[] {0}, single.indicesXY());
        float[] gx = new float[3], gy = new float[6];
        ChamferKernel.backward(sum, x, y, new double[] {1}, gx, gy);
        // d/dx of (x-y0)^2 twice (both directions use the pair x,y0) plus (x-y1)^2: 2*(-1)*2 + 2*(-3) = -10
        assertArrayEquals(new float[] {-10, 0, 0}, gx);
        assertArrayEquals(new float[] {4, 0, 0, 6, 0, 0}, gy);
    }

    @Test
    void l1UsesManhattanNeighbours() {
        float[] x = {0, 0};
        float[] y = {1.2f, 1.2f, 2, 0}; // squared: 2.88 vs 4 -> y0; L1: 2.4 vs 2 -> y1
        ChamferOptions o = ChamferOptions.defaults().withSingleDirectional(true).withNorm(ChamferNorm.L1);
        ChamferResult r = ChamferKernel.forward(x, y, 1, 1, 2, 2, o);
        assertEquals(1, r.indicesXY()[0]);
        assertEquals(2.0, r.value(), 1e-6);
    }

    @Provide
    Arbitrary<ChamferOptions> options() {
        return Arbitraries.of(ChamferReduction.MEAN, ChamferReduction.SUM, ChamferReduction.NONE)
                .flatMap(point -> Arbitraries.of(ChamferReduction.values()).flatMap(batch -> Arbitraries.of(
                                ChamferNorm.values())
                        .flatMap(norm -> Arbitraries.of(true, false).map(single -> {
                            ChamferReduction br = point == ChamferReduction.NONE ? ChamferReduction.NONE : batch;
                            return ChamferOptions.defaults()
                                    .withReductions(point, br)
                                    .withNorm(norm)
                                    .withSingleDirectional(single);
                        }))));
    }

    @Property(tries = 150)
    void forwardMatchesReference(
            @ForAll long seed,
            @ForAll("options") ChamferOptions base,
            @ForAll @IntRange(min = 1, max = 5) int batch,
            @ForAll @IntRange(min = 1, max = 40) int n,
            @ForAll @IntRange(min = 1, max = 40) int m,
            @ForAll @IntRange(min = 1, max = 4) int dim,
            @ForAll boolean useLengths,
            @ForAll boolean useWeights) {
        SplittableRandom r = new SplittableRandom(seed);
        ChamferOptions o = decorate(base, r, batch, n, m, useLengths, useWeights);
        float[] x = ChamferReference.cloud(r, batch * n * dim), y = ChamferReference.cloud(r, batch * m * dim);
        double[] want =
                ChamferReference.loss(ChamferReference.toDouble(x), ChamferReference.toDouble(y), batch, n, m, dim, o);
        ChamferResult f = ChamferKernel.forward(x, y, batch, n, m, dim, o);
        ChamferResult d =
                ChamferKernel.forward(ChamferReference.toDouble(x), ChamferReference.toDouble(y), batch, n, m, dim, o);
        assertEquals(want.length, f.output().length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], f.output()[i], 1e-5 * (1 + Math.abs(want[i])), "float output " + i);
            assertEquals(want[i], d.output()[i], 1e-12 * (1 + Math.abs(want[i])), "double output " + i);
        }
        assertArrayEquals(d.indicesXY(), f.indicesXY());
    }

    @Property(tries = 150)
    void backwardMatchesFiniteDifferences(
            @ForAll long seed,
            @ForAll("options") ChamferOptions base,
            @ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 12) int n,
            @ForAll @IntRange(min = 1, max = 12) int m,
            @ForAll @IntRange(min = 1, max = 4) int dim,
            @ForAll boolean useLengths,
            @ForAll boolean useWeights) {
        SplittableRandom r = new SplittableRandom(seed);
        ChamferOptions o = decorate(base, r, batch, n, m, useLengths, useWeights);
        double[] x = ChamferReference.toDouble(ChamferReference.cloud(r, batch * n * dim));
        double[] y = ChamferReference.toDouble(ChamferReference.cloud(r, batch * m * dim));
        ChamferResult res = ChamferKernel.forward(x, y, batch, n, m, dim, o);
        double[] g = new double[res.output().length];
        for (int i = 0; i < g.length; i++) g[i] = r.nextDouble(-1, 1);
        double[] gx = new double[x.length], gy = new double[y.length];
        ChamferKernel.backward(res, x, y, g, gx, gy);
        checkNumeric(x, y, x, gx, g, batch, n, m, dim, o);
        checkNumeric(x, y, y, gy, g, batch, n, m, dim, o);
        // float backward agrees with double backward given the same data
        float[] xf = toFloat(x), yf = toFloat(y);
        float[] fx = new float[x.length], fy = new float[y.length];
        ChamferKernel.backward(ChamferKernel.forward(xf, yf, batch, n, m, dim, o), xf, yf, g, fx, fy);
        for (int i = 0; i < x.length; i++) assertEquals(gx[i], fx[i], 1e-3 * (1 + Math.abs(gx[i])));
    }

    /** Central differences of sum(g * output) in each coordinate of {@code target} (which is x or y). */
    private static void checkNumeric(
            double[] x,
            double[] y,
            double[] target,
            double[] analytic,
            double[] g,
            int batch,
            int n,
            int m,
            int dim,
            ChamferOptions o) {
        double h = 1e-6;
        for (int t = 0; t < target.length; t++) {
            double keep = target[t];
            target[t] = keep + h;
            double up = dot(g, ChamferReference.loss(x, y, batch, n, m, dim, o));
            target[t] = keep - h;
            double down = dot(g, ChamferReference.loss(x, y, batch, n, m, dim, o));
            target[t] = keep;
            double numeric = (up - down) / (2 * h);
            assertEquals(numeric, analytic[t], 1e-5 * (1 + Math.abs(numeric)), "coordinate " + t + " with " + o);
        }
    }

    @Test
    void treeAndBruteForceAgreeOnLargeClouds() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 9000, m = 7000;
        float[] x = ChamferReference.cloud(r, n * 3), y = ChamferReference.cloud(r, m * 3);
        ChamferOptions o = ChamferOptions.defaults().withReductions(ChamferReduction.NONE, ChamferReduction.NONE);
        ChamferResult brute = ChamferKernel.forward(x, y, 1, n, m, 3, o.withStrategy(SearchStrategy.BRUTE_FORCE));
        ChamferResult tree = ChamferKernel.forward(x, y, 1, n, m, 3, o.withStrategy(SearchStrategy.KD_TREE));
        assertArrayEquals(brute.indicesXY(), tree.indicesXY());
        assertArrayEquals(brute.indicesYX(), tree.indicesYX());
        assertArrayEquals(brute.output(), tree.output());
    }

    @Test
    void lengthsEqualTruncatedClouds() {
        SplittableRandom r = new SplittableRandom(9);
        float[] x = ChamferReference.cloud(r, 2 * 10 * 3), y = ChamferReference.cloud(r, 2 * 8 * 3);
        ChamferOptions o = ChamferOptions.defaults().withLengths(new int[] {6, 10}, new int[] {8, 3});
        double got = ChamferKernel.forward(x, y, 2, 10, 8, 3, o).value();
        float[] x0 = Arrays.copyOfRange(x, 0, 18), y0 = Arrays.copyOfRange(y, 0, 24);
        float[] x1 = Arrays.copyOfRange(x, 30, 60), y1 = Arrays.copyOfRange(y, 24, 33);
        double want =
                (ChamferKernel.atlasNetLoss(x0, y0, 1, 6, 8, 3) + ChamferKernel.atlasNetLoss(x1, y1, 1, 10, 3, 3)) / 2;
        assertEquals(want, got, 1e-6);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ChamferKernel.forward(new float[5], new float[6], 1, 2, 2, 3, ChamferOptions.defaults()));
        assertThrows(IllegalArgumentException.class, () -> ChamferOptions.defaults()
                .withPointReduction(ChamferReduction.NONE));
        assertThrows(
                IllegalArgumentException.class, () -> ChamferOptions.defaults().withWeights(new double[] {-1}));
        assertThrows(
                IllegalArgumentException.class,
                () -> ChamferKernel.forward(
                        new float[6],
                        new float[6],
                        1,
                        2,
                        2,
                        3,
                        ChamferOptions.defaults().withLengths(new int[] {3}, null)));
    }

    @Property(tries = 40)
    void doubleCloudsTakeTheKdTreeWhenAsked(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 200) int n,
            @ForAll @IntRange(min = 1, max = 200) int m,
            @ForAll("options") ChamferOptions base) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[batch * n * 3], y = new double[batch * m * 3];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble(-1, 1);
        for (int i = 0; i < y.length; i++) y[i] = r.nextDouble(-1, 1);
        ChamferResult brute =
                ChamferKernel.forward(x, y, batch, n, m, 3, base.withStrategy(SearchStrategy.BRUTE_FORCE));
        ChamferResult tree = ChamferKernel.forward(x, y, batch, n, m, 3, base.withStrategy(SearchStrategy.KD_TREE));
        assertArrayEquals(brute.output(), tree.output());
        assertArrayEquals(brute.indicesXY(), tree.indicesXY());
    }

    @Test
    void anEmptyCloudIsAnErrorNotZero() {
        float[] y = {1, 0, 0};
        IllegalArgumentException none = assertThrows(
                IllegalArgumentException.class,
                () -> ChamferKernel.forward(new float[0], y, 1, 0, 1, 3, ChamferOptions.defaults()));
        assertTrue(none.getMessage().contains("x has 0 points"), none.getMessage());
        IllegalArgumentException len = assertThrows(
                IllegalArgumentException.class,
                () -> ChamferKernel.forward(
                        new double[] {0, 0, 0, 1, 1, 1},
                        new double[] {1, 0, 0, 2, 0, 0},
                        2,
                        1,
                        1,
                        3,
                        ChamferOptions.defaults().withLengths(null, new int[] {1, 0})));
        assertTrue(
                len.getMessage().contains("yLengths[1] = 0") && len.getMessage().contains("empty cloud"),
                len.getMessage());
    }

    @Property(tries = 30)
    void aNaNPointGivesNaNOnEveryStrategy(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 300) int n,
            @ForAll boolean inX,
            @ForAll boolean single) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * n * 3], y = new float[2 * n * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
            y[i] = (float) r.nextDouble(-1, 1);
        }
        // cloud 0 holds the NaN, cloud 1 stays finite
        (inX ? x : y)[r.nextInt(n * 3)] = Float.NaN;
        ChamferOptions o = ChamferOptions.defaults()
                .withReductions(ChamferReduction.MEAN, ChamferReduction.NONE)
                .withSingleDirectional(single);
        for (SearchStrategy s : SearchStrategy.values()) {
            ChamferResult f = ChamferKernel.forward(x, y, 2, n, n, 3, o.withStrategy(s));
            assertTrue(Double.isNaN(f.output()[0]), s + ": " + f.output()[0]);
            assertTrue(Double.isFinite(f.output()[1]), s + ": " + f.output()[1]);
            ChamferResult d = ChamferKernel.forward(toDouble(x), toDouble(y), 2, n, n, 3, o.withStrategy(s));
            assertTrue(Double.isNaN(d.output()[0]) && Double.isFinite(d.output()[1]), s + " in double");
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    private static ChamferOptions decorate(
            ChamferOptions o, SplittableRandom r, int batch, int n, int m, boolean lengths, boolean weights) {
        if (lengths) {
            int[] xl = new int[batch], yl = new int[batch];
            for (int b = 0; b < batch; b++) {
                xl[b] = 1 + r.nextInt(n);
                yl[b] = 1 + r.nextInt(m);
            }
            o = o.withLengths(xl, yl);
        }
        if (weights) {
            double[] w = new double[batch];
            for (int b = 0; b < batch; b++) w[b] = r.nextDouble(0.1, 2);
            o = o.withWeights(w);
        }
        return o;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
