package org.pointgrad.vae.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The component's Cholesky-based density and sampling against the textbook formulas. */
class GaussianComponentTest {
    private static double[][] randomCovariance(SplittableRandom rng, int d) {
        double[][] a = new double[d][d];
        for (double[] row : a) for (int j = 0; j < d; j++) row[j] = rng.nextGaussian();
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = i == j ? 0.1 : 0;
                for (int k = 0; k < d; k++) s += a[i][k] * a[j][k];
                c[i][j] = s;
            }
        }
        return c;
    }

    @Test
    void logDensityEqualsTheFormulaWithInverseAndDeterminant() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int d : new int[] {1, 3, 8, 32}) {
            double[][] c = randomCovariance(rng, d);
            double[] mean = rng.doubles(d).toArray();
            GaussianComponent g = GaussianComponent.of(mean, c);
            DMatrixRMaj inverse = new DMatrixRMaj(c);
            assertTrue(CommonOps_DDRM.invert(inverse));
            double logDet = Math.log(CommonOps_DDRM.det(new DMatrixRMaj(c)));
            double[] x = rng.doubles(d, -2, 2).toArray();
            double q = 0;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) q += (x[i] - mean[i]) * inverse.get(i, j) * (x[j] - mean[j]);
            }
            double expected = -0.5 * (d * Math.log(2 * Math.PI) + logDet + q);
            double got = g.logDensity(x, new double[d], new double[d]);
            assertEquals(expected, got, 1e-9 * Math.max(1, Math.abs(expected)), "d = " + d);
        }
    }

    @Test
    void factorReproducesTheCovariance() {
        double[][] c = randomCovariance(new SplittableRandom(12), 6);
        GaussianComponent g = GaussianComponent.of(new double[6], c);
        DMatrixRMaj product = new DMatrixRMaj(6, 6);
        CommonOps_DDRM.multTransB(g.chol, g.chol, product);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(c[i][j], product.get(i, j), 1e-12 * Math.max(1, Math.abs(c[i][j])));
                if (j > i) assertEquals(0.0, g.chol.get(i, j));
            }
        }
    }

    @Test
    void notPositiveDefiniteIsAnErrorAndNaNToo() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> GaussianComponent.of(new double[2], new double[][] {{1, 2}, {2, 1}}));
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
        var nan = assertThrows(
                IllegalArgumentException.class,
                () -> GaussianComponent.of(new double[1], new double[][] {{Double.NaN}}));
        assertTrue(nan.getMessage().contains("not positive definite"), nan.getMessage());
    }
}
