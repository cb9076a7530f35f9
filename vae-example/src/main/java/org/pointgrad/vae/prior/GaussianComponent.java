package org.pointgrad.vae.prior;

import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/** One multivariate normal with a cached Cholesky factor: log-density and sampling. Immutable. */
final class GaussianComponent {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    /** Factor-of-10 jitter steps tried before giving up on a fitted covariance. */
    private static final int JITTER_ATTEMPTS = 12;

    final double[] mean;
    final double[][] covariance;
    /** The lower-triangular factor L of the covariance, L L^T = covariance (EJML's Cholesky). */
    final DMatrixRMaj chol;
    /** -(d log 2 pi + log det Sigma) / 2. */
    final double logNormalizer;

    private GaussianComponent(double[] mean, double[][] covariance, DMatrixRMaj chol) {
        this.mean = mean;
        this.covariance = covariance;
        this.chol = chol;
        double logDetHalf = 0;
        for (int i = 0; i < mean.length; i++) logDetHalf += Math.log(chol.unsafe_get(i, i));
        this.logNormalizer = -0.5 * (mean.length * LOG_2PI + 2 * logDetHalf);
    }

    /**
     * The lower Cholesky factor of {@code a}.
     *
     * @throws IllegalArgumentException when {@code a} is not (numerically) positive definite
     */
    private static DMatrixRMaj lower(double[][] a) {
        CholeskyDecomposition_F64<DMatrixRMaj> decomposition = DecompositionFactory_DDRM.chol(a.length, true);
        if (!decomposition.decompose(new DMatrixRMaj(a))) {
            throw new IllegalArgumentException("matrix is not positive definite (a Cholesky pivot is <= 0)");
        }
        DMatrixRMaj l = decomposition.getT(null);
        for (int i = 0; i < a.length; i++) {
            double d = l.unsafe_get(i, i);
            // EJML stops at a non-positive pivot but lets NaN and infinity through.
            if (!(d > 0) || !Double.isFinite(d)) {
                throw new IllegalArgumentException(
                        "matrix is not positive definite (Cholesky pivot at row " + i + " is " + d + ")");
            }
        }
        return l;
    }

    /**
     * A component with exactly this covariance (copied).
     *
     * @throws IllegalArgumentException when the covariance is not symmetric or not positive definite
     */
    static GaussianComponent of(double[] mean, double[][] covariance) {
        int d = mean.length;
        double[][] c = new double[d][];
        for (int i = 0; i < d; i++) {
            if (covariance[i].length != d)
                throw new IllegalArgumentException(
                        "covariance row " + i + " has " + covariance[i].length + " values, expected " + d);
            c[i] = covariance[i].clone();
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double tol = 1e-9 * Math.sqrt(Math.abs(c[i][i] * c[j][j]));
                if (!(Math.abs(c[i][j] - c[j][i]) <= tol)) {
                    throw new IllegalArgumentException("covariance is not symmetric: [" + i + "][" + j + "] = "
                            + c[i][j] + " but [" + j + "][" + i + "] = " + c[j][i]);
                }
            }
        }
        return new GaussianComponent(mean.clone(), c, lower(c));
    }

    /**
     * A component for a fitted covariance (taken over, not copied): if rounding left it not quite positive
     * definite, jitter starting at {@code jitter} and growing tenfold is added to the diagonal until it factors, so
     * the stored covariance is always the one actually sampled from.
     */
    static GaussianComponent fitted(double[] mean, double[][] covariance, double jitter) {
        double step = jitter > 0 ? jitter : Double.MIN_NORMAL;
        IllegalArgumentException last = null;
        for (int attempt = 0; attempt <= JITTER_ATTEMPTS; attempt++) {
            try {
                return new GaussianComponent(mean, covariance, lower(covariance));
            } catch (IllegalArgumentException e) {
                last = e;
                SampleMoments.addToDiagonal(covariance, step);
                step *= 10;
            }
        }
        throw new IllegalStateException(
                "fitted covariance stays non-positive-definite after jitter up to " + step, last);
    }

    int dimension() {
        return mean.length;
    }

    /** log N(x; mean, covariance); {@code diff} and {@code scratch} are work arrays of length d. */
    double logDensity(double[] x, double[] diff, double[] scratch) {
        for (int j = 0; j < mean.length; j++) diff[j] = x[j] - mean[j];
        // |L^-1 diff|^2 = diff^T covariance^-1 diff, by forward substitution in scratch.
        System.arraycopy(diff, 0, scratch, 0, mean.length);
        TriangularSolver_DDRM.solveL(chol.data, scratch, mean.length);
        double sum = 0;
        for (int j = 0; j < mean.length; j++) sum += scratch[j] * scratch[j];
        return logNormalizer - 0.5 * sum;
    }

    /** Writes mean + L eps (eps standard normal from {@code rng}, drawn in index order) to out[offset, offset + d). */
    void sampleInto(RandomGenerator rng, double[] eps, double[] out, int offset) {
        int d = mean.length;
        for (int j = 0; j < d; j++) eps[j] = rng.nextGaussian();
        for (int i = 0; i < d; i++) {
            double s = mean[i];
            for (int p = 0; p <= i; p++) s += chol.unsafe_get(i, p) * eps[p];
            out[offset + i] = s;
        }
    }

    double[][] covarianceCopy() {
        double[][] c = new double[covariance.length][];
        for (int i = 0; i < c.length; i++) c[i] = covariance[i].clone();
        return c;
    }
}
