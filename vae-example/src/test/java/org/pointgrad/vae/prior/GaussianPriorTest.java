package org.pointgrad.vae.prior;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

class GaussianPriorTest {
    private static final double[] MEAN = {1.0, -2.0, 0.5};
    private static final double[][] FACTOR = {{1.0, 0, 0}, {0.6, 0.8, 0}, {-0.3, 0.2, 0.5}};

    private static KnownMixture truth() {
        return new KnownMixture(new double[] {1.0}, new double[][] {MEAN}, new double[][][] {FACTOR});
    }

    @Test
    void recoversMeanAndCovarianceOfAKnownGaussian() {
        double[][] data = truth().sample(20000, new SplittableRandom(1));
        GaussianPrior g = GaussianPrior.fit(data);
        double[][] want = truth().covariance(0);
        assertEquals(3, g.dimension());
        assertEquals("gaussian", g.name());
        for (int i = 0; i < 3; i++) {
            assertEquals(MEAN[i], g.mean()[i], 0.03, "mean " + i);
            for (int j = 0; j < 3; j++)
                assertEquals(want[i][j], g.covariance()[i][j], 0.04, "covariance " + i + "," + j);
        }
    }

    @Test
    void logDensityMatchesTheClosedForm() {
        double[][] cov = {{2.0, 0.6}, {0.6, 0.5}};
        GaussianPrior g = new GaussianPrior(new double[] {1, -1}, cov);
        double[] z = {0.3, 0.4};
        double det = 2.0 * 0.5 - 0.6 * 0.6;
        double dx = z[0] - 1, dy = z[1] + 1;
        // Inverse of a 2x2 matrix written out.
        double q = (0.5 * dx * dx - 2 * 0.6 * dx * dy + 2.0 * dy * dy) / det;
        double expected = -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * q;
        assertEquals(expected, g.logDensity(z), 1e-12);
    }

    @Test
    void samplesHaveTheFittedMoments() {
        GaussianPrior g = new GaussianPrior(MEAN, truth().covariance(0));
        int n = 40000;
        double[] s = g.sample(n, 3, DType.FLOAT64, new SplittableRandom(3)).toDoubleArray();
        double[][] rows = new double[n][3];
        for (int i = 0; i < n; i++) System.arraycopy(s, 3 * i, rows[i], 0, 3);
        double[] m = SampleMoments.mean(rows);
        double[][] c = SampleMoments.covariance(rows, m);
        double[][] want = truth().covariance(0);
        for (int i = 0; i < 3; i++) {
            assertEquals(MEAN[i], m[i], 0.03);
            for (int j = 0; j < 3; j++) assertEquals(want[i][j], c[i][j], 0.04);
        }
    }

    @Test
    void sameSeedSameSamples() {
        GaussianPrior g = GaussianPrior.fit(truth().sample(100, new SplittableRandom(2)));
        Tensor a = g.sample(20, 3, DType.FLOAT32, new SplittableRandom(5));
        Tensor b = g.sample(20, 3, DType.FLOAT32, new SplittableRandom(5));
        Tensor c = g.sample(20, 3, DType.FLOAT32, new SplittableRandom(6));
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertFalse(Arrays.equals(a.toFloatArray(), c.toFloatArray()));
    }

    @Test
    void regularizationIsRelativeToTheDataScale() {
        double[][] data = truth().sample(500, new SplittableRandom(7));
        GaussianPrior plain = GaussianPrior.fit(data, 0, 1e-300);
        GaussianPrior reg = GaussianPrior.fit(data, 0.1, 1e-300);
        double meanVar = 0;
        for (int i = 0; i < 3; i++) meanVar += plain.covariance()[i][i] / 3;
        for (int i = 0; i < 3; i++) {
            assertEquals(plain.covariance()[i][i] + 0.1 * meanVar, reg.covariance()[i][i], 1e-12);
            assertEquals(plain.covariance()[i][(i + 1) % 3], reg.covariance()[i][(i + 1) % 3], 0.0);
        }
    }

    @Test
    void identicalPointsGiveAFiniteNarrowPrior() {
        double[][] data = new double[25][];
        for (int i = 0; i < data.length; i++) data[i] = new double[] {2.0, -3.0};
        GaussianPrior g = GaussianPrior.fit(data);
        GmmPriorTest.assertFiniteSamples(g, 2);
        double[] s = g.sample(10, 2, DType.FLOAT64, new SplittableRandom(1)).toDoubleArray();
        for (int i = 0; i < s.length; i++) assertEquals(i % 2 == 0 ? 2.0 : -3.0, s[i], 1e-3);
        assertTrue(Double.isFinite(g.logDensity(new double[] {2.0, -3.0})));
        // A single point, too.
        GmmPriorTest.assertFiniteSamples(GaussianPrior.fit(new double[][] {{1, 2, 3}}), 3);
    }

    @Test
    void rejectsInvalidParameters() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new GaussianPrior(new double[] {0, 0}, new double[][] {{1, 2}, {2, 1}}));
        assertTrue(e.getMessage().contains("positive definite"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new GaussianPrior(new double[] {0, 0}, new double[][] {{1, 0.5}, {0.1, 1}}));
        assertTrue(e.getMessage().contains("symmetric"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new GaussianPrior(new double[] {0, Double.NaN}, new double[][] {{1, 0}, {0, 1}}));
        assertTrue(e.getMessage().contains("mean[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GaussianPrior(
                        new double[] {0, 0}, new double[][] {{1, 0}, {0, 1}})
                .logDensity(new double[] {1}));
        assertTrue(e.getMessage().contains("2-dimensional"), e.getMessage());
    }
}
