package org.pointgrad.vae.prior;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.vae.eval.LatentPrior;

class GmmPriorTest {
    private static final KnownMixture MIX_2D =
            new KnownMixture(new double[] {0.5, 0.3, 0.2}, new double[][] {{0, 0}, {8, 0}, {0, 8}}, new double[][][] {
                {{1.0, 0}, {0.5, 0.8}},
                {{0.5, 0}, {-0.2, 0.9}},
                {{0.7, 0}, {0, 0.4}}
            });

    private static KnownMixture mix5d() {
        double[][] means = {{0, 0, 0, 0, 0}, {7, 1, 0, -1, 0}, {0, -2, 7, 0, 3}};
        SplittableRandom r = new SplittableRandom(5);
        double[][][] factors = {
            KnownMixture.randomFactor(5, 0.5, 1.0, r),
            KnownMixture.randomFactor(5, 0.3, 0.8, r),
            KnownMixture.randomFactor(5, 0.6, 1.0, r)
        };
        return new KnownMixture(new double[] {0.25, 0.55, 0.2}, means, factors);
    }

    @Test
    void recoversThreeComponentMixtureIn2d() {
        checkRecovery(MIX_2D, 11);
    }

    @Test
    void recoversThreeComponentMixtureIn5d() {
        checkRecovery(mix5d(), 12);
    }

    private static void checkRecovery(KnownMixture truth, long seed) {
        double[][] data = truth.sample(4000, new SplittableRandom(seed));
        GmmPrior g = GmmPrior.fit(data, 3, seed, GmmOptions.defaults());
        assertTrue(g.fitReport().converged(), "EM should converge on well-separated data");
        int[] match = Matching.bestMatch(truth.means(), g.means());
        for (int c = 0; c < 3; c++) {
            int f = match[c];
            assertEquals(truth.weights()[c], g.weights()[f], 0.05, "weight of component " + c);
            for (int j = 0; j < truth.d(); j++)
                assertEquals(truth.means()[c][j], g.means()[f][j], 0.15, "mean " + c + " coordinate " + j);
            double[][] want = truth.covariance(c), got = g.covariances()[f];
            double err = 0, norm = 0;
            for (int i = 0; i < truth.d(); i++) {
                for (int j = 0; j < truth.d(); j++) {
                    err += (want[i][j] - got[i][j]) * (want[i][j] - got[i][j]);
                    norm += want[i][j] * want[i][j];
                }
            }
            assertTrue(
                    Math.sqrt(err / norm) < 0.15,
                    "covariance " + c + " relative Frobenius error " + Math.sqrt(err / norm));
        }
        assertEquals(3, g.k());
        assertEquals("gmm:3", g.name());
    }

    @Test
    void fitIsDeterministicForAFixedSeed() {
        double[][] data = mix5d().sample(1500, new SplittableRandom(3));
        GmmPrior a = GmmPrior.fit(data, 4, 77, GmmOptions.defaults());
        GmmPrior b = GmmPrior.fit(data, 4, 77, GmmOptions.defaults());
        assertArrayEquals(a.weights(), b.weights());
        for (int c = 0; c < 4; c++) {
            assertArrayEquals(a.means()[c], b.means()[c]);
            for (int i = 0; i < 5; i++) assertArrayEquals(a.covariances()[c][i], b.covariances()[c][i]);
        }
        assertArrayEquals(a.fitReport().logLikelihoods(), b.fitReport().logLikelihoods());
        Tensor sa = a.sample(50, 5, DType.FLOAT64, new SplittableRandom(9));
        Tensor sb = b.sample(50, 5, DType.FLOAT64, new SplittableRandom(9));
        assertArrayEquals(sa.toDoubleArray(), sb.toDoubleArray());
    }

    @Test
    void logDensityMatchesClosedFormOfDiagonalMixture() {
        double[] w = {0.3, 0.7};
        double[][] mu = {{1, -1}, {-2, 0.5}};
        double[][] var = {{0.5, 2.0}, {1.5, 0.25}};
        GmmPrior g = new GmmPrior(w, mu, new double[][][] {{{0.5, 0}, {0, 2.0}}, {{1.5, 0}, {0, 0.25}}});
        double[] z = {0.2, 0.1};
        double p = 0;
        for (int c = 0; c < 2; c++) {
            double dens = 1;
            for (int j = 0; j < 2; j++)
                dens *= Math.exp(-(z[j] - mu[c][j]) * (z[j] - mu[c][j]) / (2 * var[c][j]))
                        / Math.sqrt(2 * Math.PI * var[c][j]);
            p += w[c] * dens;
        }
        assertEquals(Math.log(p), g.logDensity(z), 1e-12);
        assertEquals(Math.log(p), g.logLikelihood(new double[][] {z, z}), 1e-12);
    }

    @Test
    void logDensityStaysFiniteFarFromEveryComponent() {
        GmmPrior g =
                new GmmPrior(new double[] {0.5, 0.5}, new double[][] {{0}, {1}}, new double[][][] {{{1e-4}}, {{1e-4}}});
        // exp of the per-component log-density underflows to 0 here; log-sum-exp must not.
        double v = g.logDensity(new double[] {100});
        assertTrue(Double.isFinite(v), "log density " + v);
        double expected = Math.log(0.5) - 0.5 * Math.log(2 * Math.PI * 1e-4) - 99 * 99 / (2 * 1e-4);
        assertEquals(expected, v, 1e-6 * Math.abs(expected));
    }

    @Test
    void logSumExpIsStableForTinyAndHugeTerms() {
        assertEquals(-1000 + Math.log(3), GmmPrior.logSumExp(new double[] {-1000, -1000, -1000}), 1e-12);
        assertEquals(800 + Math.log1p(Math.exp(-2)), GmmPrior.logSumExp(new double[] {800, 798}), 1e-12);
        assertEquals(
                Double.NEGATIVE_INFINITY,
                GmmPrior.logSumExp(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}));
    }

    @Test
    void emSeparatesTightClustersWhoseDensitiesUnderflow() {
        // Point-to-other-cluster log densities are about -5e9: exp() of them is 0, and of the own cluster ~e^4.
        SplittableRandom r = new SplittableRandom(6);
        double[][] data = new double[300][];
        for (int i = 0; i < data.length; i++) data[i] = new double[] {(i % 3) * 100 + 0.01 * r.nextGaussian()};
        GmmPrior g = GmmPrior.fit(data, 3, 2, GmmOptions.defaults());
        double[][] means = g.means();
        int[] match = Matching.bestMatch(new double[][] {{0}, {100}, {200}}, means);
        for (int c = 0; c < 3; c++) {
            assertEquals(c * 100, means[match[c]][0], 0.01);
            assertEquals(1.0 / 3, g.weights()[match[c]], 1e-9);
        }
        // reg = 1e-6 x the global mean variance (~6667) is 60x the cluster variance 1e-4 and dominates it.
        double var = 1e-4 + 1e-6 * 20000.0 / 3 + 1e-9;
        double expected = Math.log(1.0 / 3) - 0.5 * Math.log(2 * Math.PI * var) - 0.5 * 1e-4 / var;
        assertEquals(expected, g.logLikelihood(data), 0.02);
    }

    @Test
    void oneComponentFitEqualsTheGaussianFit() {
        double[][] data = MIX_2D.sample(500, new SplittableRandom(4));
        GmmPrior g = GmmPrior.fit(data, 1, 1, GmmOptions.defaults());
        GaussianPrior n = GaussianPrior.fit(data);
        assertEquals(1.0, g.weights()[0], 1e-12);
        for (int j = 0; j < 2; j++) assertEquals(n.mean()[j], g.means()[0][j], 1e-9);
        assertEquals(n.logLikelihood(data), g.logLikelihood(data), 1e-9);
    }

    @Test
    void samplesHaveTheMixtureMoments() {
        GmmPrior g = new GmmPrior(MIX_2D.weights(), MIX_2D.means(), new double[][][] {
            MIX_2D.covariance(0), MIX_2D.covariance(1), MIX_2D.covariance(2)
        });
        int n = 40000;
        double[] s = g.sample(n, 2, DType.FLOAT64, new SplittableRandom(21)).toDoubleArray();
        double[] wantMean = new double[2];
        double[][] wantSecond = new double[2][2];
        for (int c = 0; c < 3; c++) {
            double[][] cov = MIX_2D.covariance(c);
            for (int i = 0; i < 2; i++) {
                wantMean[i] += MIX_2D.weights()[c] * MIX_2D.means()[c][i];
                for (int j = 0; j < 2; j++)
                    wantSecond[i][j] += MIX_2D.weights()[c] * (cov[i][j] + MIX_2D.means()[c][i] * MIX_2D.means()[c][j]);
            }
        }
        double[] mean = new double[2];
        double[][] second = new double[2][2];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < 2; i++) {
                mean[i] += s[2 * r + i] / n;
                for (int j = 0; j < 2; j++) second[i][j] += s[2 * r + i] * s[2 * r + j] / n;
            }
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(wantMean[i], mean[i], 0.08);
            for (int j = 0; j < 2; j++)
                assertEquals(wantSecond[i][j], second[i][j], 0.03 * (1 + Math.abs(wantSecond[i][j])));
        }
    }

    @Test
    void float32SamplesHaveTheRequestedShapeAndDtype() {
        GmmPrior g = GmmPrior.fit(MIX_2D.sample(300, new SplittableRandom(1)), 2, 1, GmmOptions.defaults());
        Tensor t = g.sample(7, 2, DType.FLOAT32, new SplittableRandom(2));
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new int[] {7, 2}, t.shape());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> g.sample(7, 3, DType.FLOAT32, new SplittableRandom(2)));
        assertTrue(
                e.getMessage().contains("2-dimensional") && e.getMessage().contains("latent size is 3"),
                e.getMessage());
    }

    @Test
    void identicalPointsDoNotCrash() {
        double[][] data = new double[40][];
        for (int i = 0; i < data.length; i++) data[i] = new double[] {0.3, -1.2, 4.0};
        GmmPrior g = GmmPrior.fit(data, 3, 5, GmmOptions.defaults());
        assertEquals(3, g.k());
        assertFiniteSamples(g, 3);
        for (double[] m : g.means()) assertArrayEquals(data[0], m, 1e-9);
        assertTrue(Double.isFinite(g.logLikelihood(data)));
    }

    @Test
    void moreComponentsThanDistinctPointsDoNotCrash() {
        double[][] data = new double[30][];
        for (int i = 0; i < data.length; i++) data[i] = new double[] {i % 3, 2.0 * (i % 3)};
        GmmPrior g = GmmPrior.fit(data, 5, 8, GmmOptions.defaults());
        assertEquals(5, g.k());
        assertFiniteSamples(g, 2);
        double sum = 0;
        for (double w : g.weights()) {
            assertTrue(w > 0);
            sum += w;
        }
        assertEquals(1.0, sum, 1e-12);
        // Fewer points than components.
        GmmPrior tiny = GmmPrior.fit(new double[][] {{1, 1}, {2, 0}}, 4, 3, GmmOptions.defaults());
        assertFiniteSamples(tiny, 2);
        // A single point still fits.
        assertFiniteSamples(GmmPrior.fit(new double[][] {{5}}, 2, 3, GmmOptions.defaults()), 1);
    }

    @Test
    void deadComponentIsReseededAtTheWorstExplainedPoint() {
        double[][] data = new double[11][];
        for (int i = 0; i < 10; i++) data[i] = new double[] {i - 4.5};
        data[10] = new double[] {100};
        double[][] resp = new double[11][2];
        for (double[] r : resp) r[0] = 1; // component 1 has no mass at all
        double[] badness = new double[11];
        for (int i = 0; i < 11; i++) badness[i] = Math.abs(data[i][0]);
        GmmPrior.Params p = GmmPrior.mStep(data, resp, 0.0, badness, false);
        assertTrue(p.reseeded());
        assertEquals(100, p.components()[1].mean[0], 0.0);
        assertEquals(
                p.components()[0].covariance[0][0],
                p.components()[1].covariance[0][0],
                1e-12,
                "pooled covariance of the live component");
        assertEquals(11.0 / 12, p.weights()[0], 1e-12);
        assertEquals(1.0 / 12, p.weights()[1], 1e-12);
        // Live component: plain weighted moments.
        double mean = 0, var = 0;
        for (double[] x : data) mean += x[0] / 11;
        for (double[] x : data) var += (x[0] - mean) * (x[0] - mean) / 11;
        assertEquals(mean, p.components()[0].mean[0], 1e-12);
        assertEquals(var, p.components()[0].covariance[0][0], 1e-9);
        assertFalse(
                GmmPrior.mStep(data, resp, 0.0, badness, true).reseeded(),
                "empty k-means clusters are not reported as re-seeds");
    }

    @Test
    void rejectsBadInputNamingTheProblem() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> GmmPrior.fit(new double[][] {{1, 2}, {3, Double.NaN}}, 2, 1, GmmOptions.defaults()));
        assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("column 1"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> GmmPrior.fit(new double[][] {{1, 2}, {3}}, 2, 1, GmmOptions.defaults()));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> GmmPrior.fit(new double[][] {{1}}, 0, 1, GmmOptions.defaults()));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new GmmPrior(
                        new double[] {0.5, 0.5}, new double[][] {{0}, {1}}, new double[][][] {{{1}}, {{-1}}}));
        assertTrue(
                e.getMessage().contains("covariance 1") && e.getMessage().contains("positive definite"),
                e.getMessage());
    }

    static void assertFiniteSamples(LatentPrior p, int d) {
        double[] s = p.sample(200, d, DType.FLOAT64, new SplittableRandom(4)).toDoubleArray();
        assertEquals(200 * d, s.length);
        for (double v : s) assertTrue(Double.isFinite(v), "sample value " + v);
    }
}
