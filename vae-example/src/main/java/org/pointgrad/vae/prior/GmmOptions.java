package org.pointgrad.vae.prior;

/**
 * Settings of {@link GmmPrior#fit}.
 *
 * <p>The covariance regularization added to every component's covariance in every M-step (and to the Gaussian
 * prior's covariance) is {@code relativeRegularization * meanVariance + regularizationFloor}, where meanVariance is
 * trace(Cov(data)) / d of the whole data set. The relative part keeps the amount scale-free; the floor keeps it
 * positive when every point is identical.
 *
 * @param maxIterations          EM iterations (M-steps) at most, >= 0
 * @param tolerance              stop when the mean per-point log-likelihood changes by at most this much, >= 0
 * @param relativeRegularization regularization as a fraction of the data's mean variance, >= 0
 * @param regularizationFloor    absolute regularization added on top, > 0
 * @param kmeansIterations       Lloyd iterations after k-means++ seeding and before EM, >= 0
 */
public record GmmOptions(
        int maxIterations,
        double tolerance,
        double relativeRegularization,
        double regularizationFloor,
        int kmeansIterations) {
    /** Relative covariance regularization used unless told otherwise. */
    public static final double DEFAULT_RELATIVE_REGULARIZATION = 1e-6;
    /** Absolute covariance regularization floor used unless told otherwise. */
    public static final double DEFAULT_REGULARIZATION_FLOOR = 1e-9;

    /** Validates the settings. */
    public GmmOptions {
        if (maxIterations < 0)
            throw new IllegalArgumentException("GmmOptions: maxIterations must be >= 0, got " + maxIterations);
        if (!(tolerance >= 0))
            throw new IllegalArgumentException("GmmOptions: tolerance must be >= 0, got " + tolerance);
        if (!(relativeRegularization >= 0) || Double.isInfinite(relativeRegularization)) {
            throw new IllegalArgumentException(
                    "GmmOptions: relativeRegularization must be finite and >= 0, got " + relativeRegularization);
        }
        if (!(regularizationFloor > 0) || Double.isInfinite(regularizationFloor)) {
            throw new IllegalArgumentException(
                    "GmmOptions: regularizationFloor must be finite and > 0, got " + regularizationFloor);
        }
        if (kmeansIterations < 0)
            throw new IllegalArgumentException("GmmOptions: kmeansIterations must be >= 0, got " + kmeansIterations);
    }

    /** 500 EM iterations, tolerance 1e-6, regularization 1e-6 x mean variance + 1e-9, 10 k-means iterations. */
    public static GmmOptions defaults() {
        return new GmmOptions(500, 1e-6, DEFAULT_RELATIVE_REGULARIZATION, DEFAULT_REGULARIZATION_FLOOR, 10);
    }

    /** A copy with another iteration cap. */
    public GmmOptions withMaxIterations(int n) {
        return new GmmOptions(n, tolerance, relativeRegularization, regularizationFloor, kmeansIterations);
    }

    /** A copy with another convergence tolerance. */
    public GmmOptions withTolerance(double tol) {
        return new GmmOptions(maxIterations, tol, relativeRegularization, regularizationFloor, kmeansIterations);
    }

    /** A copy with another number of k-means iterations. */
    public GmmOptions withKmeansIterations(int n) {
        return new GmmOptions(maxIterations, tolerance, relativeRegularization, regularizationFloor, n);
    }

    /** The amount added to covariance diagonals for data whose mean per-dimension variance is {@code meanVariance}. */
    public double regularization(double meanVariance) {
        return relativeRegularization * meanVariance + regularizationFloor;
    }
}
