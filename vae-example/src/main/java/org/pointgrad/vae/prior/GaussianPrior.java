package org.pointgrad.vae.prior;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.vae.eval.LatentPrior;

/**
 * A full-covariance Gaussian fitted to encoded means (ex-post density estimation, Ghosh et al. 2020). The fitted
 * covariance is the maximum-likelihood one (divided by n) plus {@code reg * I}, with reg as in
 * {@link GmmOptions#regularization}. Immutable.
 */
public final class GaussianPrior implements LatentPrior {
    private final GaussianComponent component;

    /**
     * A prior with this mean and covariance (both copied).
     *
     * @throws IllegalArgumentException when sizes disagree, a value is not finite, or the covariance is not symmetric
     *                                  positive definite
     */
    public GaussianPrior(double[] mean, double[][] covariance) {
        this(checked(mean, covariance));
    }

    private GaussianPrior(GaussianComponent component) {
        this.component = component;
    }

    private static GaussianComponent checked(double[] mean, double[][] covariance) {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(covariance, "covariance");
        int d = mean.length;
        if (d == 0) throw new IllegalArgumentException("GaussianPrior: mean is empty");
        if (covariance.length != d)
            throw new IllegalArgumentException(
                    "GaussianPrior: covariance has " + covariance.length + " rows, mean has " + d + " values");
        PriorChecks.finite("mean", mean);
        for (int i = 0; i < d; i++) {
            if (covariance[i] == null || covariance[i].length != d)
                throw new IllegalArgumentException("GaussianPrior: covariance row " + i + " is not of length " + d);
            PriorChecks.finite("covariance row " + i, covariance[i]);
        }
        return GaussianComponent.of(mean, covariance);
    }

    /** Fits to the rows of {@code data} (n x d) with the default regularization (1e-6 x mean variance + 1e-9). */
    public static GaussianPrior fit(double[][] data) {
        return fit(data, GmmOptions.DEFAULT_RELATIVE_REGULARIZATION, GmmOptions.DEFAULT_REGULARIZATION_FLOOR);
    }

    /** Fits with regularization {@code relative * meanVariance(data) + floor} added to the covariance diagonal. */
    public static GaussianPrior fit(double[][] data, double relative, double floor) {
        SampleMoments.checkData(data);
        // Validation of the two amounts lives in GmmOptions; the other fields are irrelevant here.
        GmmOptions reg = new GmmOptions(0, 0, relative, floor, 0);
        double[] mean = SampleMoments.mean(data);
        double[][] cov = SampleMoments.covariance(data, mean);
        double amount = reg.regularization(SampleMoments.meanVariance(cov));
        SampleMoments.addToDiagonal(cov, amount);
        return new GaussianPrior(GaussianComponent.fitted(mean, cov, amount));
    }

    /** Size of the codes. */
    public int dimension() {
        return component.dimension();
    }

    /** A copy of the mean. */
    public double[] mean() {
        return component.mean.clone();
    }

    /** A copy of the (regularized) covariance. */
    public double[][] covariance() {
        return component.covarianceCopy();
    }

    /** log N(z; mean, covariance). */
    public double logDensity(double[] z) {
        PriorChecks.dimension(z, dimension());
        int d = dimension();
        return component.logDensity(z, new double[d], new double[d]);
    }

    /** Mean per-point log-density of the rows of {@code data}. */
    public double logLikelihood(double[][] data) {
        int d = SampleMoments.checkData(data);
        PriorChecks.dimension(data[0], dimension());
        double[] diff = new double[d], scratch = new double[d];
        double s = 0;
        for (double[] row : data) s += component.logDensity(row, diff, scratch);
        return s / data.length;
    }

    /** Draws row i from index-ordered standard normals mapped through mean + L eps. */
    @Override
    public Tensor sample(int count, int latent, DType dtype, RandomGenerator rng) {
        PriorChecks.sampleArguments(name(), count, latent, dimension(), rng);
        int d = dimension();
        double[] out = new double[count * d];
        double[] eps = new double[d];
        for (int i = 0; i < count; i++) component.sampleInto(rng, eps, out, i * d);
        return Tensor.wrap(out, count, d).to(dtype);
    }

    /** "gaussian". */
    @Override
    public String name() {
        return "gaussian";
    }

    GaussianComponent component() {
        return component;
    }

    @Override
    public String toString() {
        return "GaussianPrior(d=" + dimension() + ")";
    }
}
