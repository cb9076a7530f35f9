package org.pointgrad.pointcloud.chamfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.AnomalyException;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.GradCheck;
import org.pointgrad.autodiff.GradCheckReport;
import org.pointgrad.autodiff.Tensor;

class ChamferDistanceTest {

    @Provide
    Arbitrary<ChamferOptions> options() {
        return Arbitraries.of(ChamferReduction.values()).flatMap(point -> Arbitraries.of(ChamferReduction.values())
                .flatMap(batch -> Arbitraries.of(ChamferNorm.values())
                        .flatMap(norm -> Arbitraries.of(true, false).map(single -> ChamferOptions.defaults()
                                .withReductions(point, point == ChamferReduction.NONE ? ChamferReduction.NONE : batch)
                                .withNorm(norm)
                                .withSingleDirectional(single)))));
    }

    @Property(tries = 150)
    void gradientsMatchFiniteDifferences(
            @ForAll long seed,
            @ForAll("options") ChamferOptions base,
            @ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 9) int n,
            @ForAll @IntRange(min = 1, max = 9) int m,
            @ForAll @IntRange(min = 1, max = 4) int dim,
            @ForAll boolean weighted,
            @ForAll boolean withLengths) {
        SplittableRandom r = new SplittableRandom(seed);
        ChamferOptions o = base;
        if (weighted) {
            double[] w = new double[batch];
            for (int b = 0; b < batch; b++) w[b] = r.nextDouble(0.2, 2);
            o = o.withWeights(w);
        }
        if (withLengths) {
            int[] xl = new int[batch], yl = new int[batch];
            for (int b = 0; b < batch; b++) {
                xl[b] = 1 + r.nextInt(n);
                yl[b] = 1 + r.nextInt(m);
            }
            o = o.withLengths(xl, yl);
        }
        double[] x = uniform(r, batch * n * dim), y = uniform(r, batch * m * dim);
        // a finite-difference step must not change any nearest neighbour or cross an L1 kink
        int[] xl = o.xLengths() != null ? o.xLengths() : full(batch, n),
                yl = o.yLengths() != null ? o.yLengths() : full(batch, m);
        Assume.that(wellSeparated(x, y, batch, n, m, xl, yl, dim, o.norm())
                && wellSeparated(y, x, batch, m, n, yl, xl, dim, o.norm()));
        final ChamferOptions opts = o;
        Tensor tx = Tensor.of(x, batch, n, dim).requiresGrad(true);
        Tensor ty = Tensor.of(y, batch, m, dim).requiresGrad(true);
        GradCheckReport report = GradCheck.check(
                in -> ChamferDistance.compute(in[0], in[1], opts),
                GradCheck.defaults().withRtol(1e-6),
                tx,
                ty);
        report.assertPassed();
        assertTrue(report.maxRelError() < 1e-6, "relative error " + report.maxRelError() + " with " + opts);
    }

    @Test
    void anomalyModeNamesTheCallersLineForANaNPoint() {
        Tensor x = Tensor.of(new double[] {0, 0, 0, Double.NaN, 1, 0}, 1, 2, 3);
        Tensor y = Tensor.of(new double[] {1, 0, 0}, 1, 1, 3);
        assertTrue(Double.isNaN(ChamferDistance.compute(x, y).item()), "NaN propagates");
        Autograd.setAnomalyMode(true);
        try {
            int[] line = new int[1];
            AnomalyException e = assertThrows(AnomalyException.class, () -> {
                // The call is on the next line.
                line[0] = new Throwable().getStackTrace()[0].getLineNumber() + 1;
                ChamferDistance.compute(x, y);
            });
            assertTrue(e.getMessage().startsWith(ChamferDistance.OP_NAME + " produced NaN"), e.getMessage());
            assertTrue(e.getMessage().contains("ChamferDistanceTest.java:" + line[0] + ")"), e.getMessage());
        } finally {
            Autograd.setAnomalyMode(false);
        }
    }

    @Test
    void defaultIsAtlasNetLossAndBackpropagates() {
        SplittableRandom r = new SplittableRandom(12);
        float[] x = new float[2 * 5 * 3], y = new float[2 * 4 * 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        for (int i = 0; i < y.length; i++) y[i] = (float) r.nextDouble();
        Tensor tx = Tensor.of(x, 2, 5, 3).requiresGrad(true);
        Tensor ty = Tensor.of(y, 2, 4, 3);
        Tensor loss = ChamferDistance.compute(tx, ty);
        assertEquals(DType.FLOAT32, loss.dtype());
        assertEquals(0, loss.shape().length);
        assertEquals(ChamferKernel.atlasNetLoss(x, y, 2, 5, 4, 3), loss.item(), 1e-6);
        loss.backward();
        float[] gx = new float[x.length], gy = new float[y.length];
        ChamferKernel.backward(
                ChamferKernel.forward(x, y, 2, 5, 4, 3, ChamferOptions.defaults()), x, y, new double[] {1}, gx, gy);
        assertArrayEquals(gx, tx.grad().floatData(), 1e-7f);
        assertEquals(null, ty.grad());
    }

    @Test
    void outputShapesFollowReductions() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 3, 5, 2), y = Tensor.ones(DType.FLOAT64, 3, 4, 2);
        ChamferOptions o = ChamferOptions.defaults();
        assertArrayEquals(new int[0], ChamferDistance.compute(x, y, o).shape());
        assertArrayEquals(
                new int[] {3},
                ChamferDistance.compute(x, y, o.withBatchReduction(ChamferReduction.NONE))
                        .shape());
        ChamferOptions none = o.withReductions(ChamferReduction.NONE, ChamferReduction.NONE);
        Tensor all = ChamferDistance.compute(x, y, none);
        assertArrayEquals(new int[] {3, 9}, all.shape());
        // every squared distance between (0,0) and (1,1) is 2
        assertTrue(Arrays.stream(all.doubleData()).allMatch(v -> v == 2.0));
        assertArrayEquals(
                new int[] {3, 5},
                ChamferDistance.compute(x, y, none.withSingleDirectional(true)).shape());
    }

    @Test
    void rejectsMismatchedInputs() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 5, 3);
        assertThrows(
                IllegalArgumentException.class, () -> ChamferDistance.compute(x, Tensor.zeros(DType.FLOAT64, 3, 5, 3)));
        assertThrows(
                IllegalArgumentException.class, () -> ChamferDistance.compute(x, Tensor.zeros(DType.FLOAT64, 2, 5, 2)));
        assertThrows(
                IllegalArgumentException.class, () -> ChamferDistance.compute(x, Tensor.zeros(DType.FLOAT32, 2, 5, 3)));
        assertThrows(
                IllegalArgumentException.class, () -> ChamferDistance.compute(Tensor.zeros(DType.FLOAT64, 10, 3), x));
    }

    private static int[] full(int batch, int n) {
        int[] l = new int[batch];
        Arrays.fill(l, n);
        return l;
    }

    private static double[] uniform(SplittableRandom r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = r.nextDouble(-1, 1);
        return d;
    }

    /** True when every point's nearest neighbour wins by a margin and (for L1) no coordinate difference is near 0. */
    private static boolean wellSeparated(
            double[] a, double[] b, int batch, int na, int nb, int[] aLen, int[] bLen, int dim, ChamferNorm norm) {
        double margin = 1e-3;
        for (int bt = 0; bt < batch; bt++) {
            for (int i = 0; i < aLen[bt]; i++) {
                double first = Double.POSITIVE_INFINITY, second = Double.POSITIVE_INFINITY;
                int best = -1;
                for (int j = 0; j < bLen[bt]; j++) {
                    double s = 0;
                    for (int k = 0; k < dim; k++) {
                        double diff = a[(bt * na + i) * dim + k] - b[(bt * nb + j) * dim + k];
                        s += norm == ChamferNorm.L1 ? Math.abs(diff) : diff * diff;
                    }
                    if (s < first) {
                        second = first;
                        first = s;
                        best = j;
                    } else if (s < second) {
                        second = s;
                    }
                }
                if (second - first < margin || first < margin) return false;
                for (int k = 0; k < dim; k++) {
                    if (Math.abs(a[(bt * na + i) * dim + k] - b[(bt * nb + best) * dim + k]) < margin) return false;
                }
            }
        }
        return true;
    }
}
