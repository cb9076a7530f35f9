package org.pointgrad.vae.prior;

import java.util.random.RandomGenerator;

/**
 * A Gaussian mixture defined by weights, means and lower-triangular factors A (covariance A A^T), sampled here
 * independently of the code under test.
 */
record KnownMixture(double[] weights, double[][] means, double[][][] factors) {
    int k() {
        return weights.length;
    }

    int d() {
        return means[0].length;
    }

    double[][] covariance(int c) {
        double[][] a = factors[c];
        int d = d();
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) for (int p = 0; p < d; p++) cov[i][j] += a[i][p] * a[j][p];
        return cov;
    }

    double[][] sample(int n, RandomGenerator rng) {
        int d = d();
        double[][] out = new double[n][d];
        double[] eps = new double[d];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble(), acc = 0;
            int c = k() - 1;
            for (int j = 0; j < k(); j++) {
                acc += weights[j];
                if (u < acc) {
                    c = j;
                    break;
                }
            }
            for (int j = 0; j < d; j++) eps[j] = rng.nextGaussian();
            for (int r = 0; r < d; r++) {
                double s = means[c][r];
                for (int p = 0; p < d; p++) s += factors[c][r][p] * eps[p];
                out[i][r] = s;
            }
        }
        return out;
    }

    /** A random lower-triangular factor with diagonal in [lo, hi] and small off-diagonal terms. */
    static double[][] randomFactor(int d, double lo, double hi, RandomGenerator rng) {
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            a[i][i] = lo + (hi - lo) * rng.nextDouble();
            for (int j = 0; j < i; j++) a[i][j] = 0.3 * lo * (2 * rng.nextDouble() - 1);
        }
        return a;
    }

    /** A mixture of k components in d dimensions whose means are at least {@code separation} apart along some axis. */
    static KnownMixture random(int k, int d, double separation, RandomGenerator rng) {
        double[] w = new double[k];
        double total = 0;
        for (int c = 0; c < k; c++) {
            w[c] = 0.5 + rng.nextDouble();
            total += w[c];
        }
        for (int c = 0; c < k; c++) w[c] /= total;
        double[][] means = new double[k][d];
        double[][][] factors = new double[k][][];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) means[c][j] = rng.nextDouble() * 2;
            means[c][c % d] += separation * (1 + c / d);
            factors[c] = randomFactor(d, 0.3, 1.0, rng);
        }
        return new KnownMixture(w, means, factors);
    }
}
