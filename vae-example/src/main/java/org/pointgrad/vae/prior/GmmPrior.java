package org.pointgrad.vae.prior;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.vae.eval.LatentPrior;

/**
 * A K-component full-covariance Gaussian mixture over latent codes, fitted by EM to encoded means (ex-post density
 * estimation, Ghosh et al. 2020). Immutable.
 *
 * <p>Fitting: k-means++ seeding and up to {@link GmmOptions#kmeansIterations} Lloyd iterations give a hard
 * assignment, from which the first weights, means and covariances are computed. EM then alternates an E-step in log
 * space (log-sum-exp over components, so far-away points do not underflow) and an M-step that adds
 * {@code reg * I} to every covariance, until the mean per-point log-likelihood changes by at most the tolerance or the
 * iteration cap is hit. A component whose responsibility mass falls below {@link #DEAD_COMPONENT_MASS} points (or an
 * empty k-means cluster) is re-seeded, never dropped, so K is fixed: its mean moves to the point the current model
 * explains worst (lowest mixture density; for an empty k-means cluster, the point farthest from its center), its
 * covariance becomes the mass-weighted average of the live components' covariances and its mass one point.
 * Everything is deterministic for a fixed seed (parallel work is per point or per component, sums are sequential).
 * Because {@code reg * I} moves the M-step slightly off the exact maximizer, the log-likelihood is non-decreasing only
 * up to a tiny amount that grows as a component approaches a singular covariance (see GmmEmProperties).
 */
public final class GmmPrior implements LatentPrior {
    /** Effective points below which a component counts as dead and is re-seeded. */
    public static final double DEAD_COMPONENT_MASS = 1e-6;

    private final double[] weights;
    private final double[] logWeights;
    private final GaussianComponent[] components;
    private final GmmFitReport report;

    /**
     * A mixture with these parameters (copied): weights positive and summing to 1 (within 1e-6), means K x d,
     * covariances K x d x d symmetric positive definite.
     *
     * @throws IllegalArgumentException naming the offending component otherwise
     */
    public GmmPrior(double[] weights, double[][] means, double[][][] covariances) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(means, "means");
        Objects.requireNonNull(covariances, "covariances");
        int k = weights.length;
        if (k == 0) throw new IllegalArgumentException("GmmPrior: need at least one component");
        if (means.length != k || covariances.length != k) {
            throw new IllegalArgumentException("GmmPrior: " + k + " weights but " + means.length + " means and "
                    + covariances.length + " covariances");
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            if (!(weights[c] > 0) || !Double.isFinite(weights[c]))
                throw new IllegalArgumentException(
                        "GmmPrior: weight " + c + " is " + weights[c] + "; expected a finite value > 0");
            sum += weights[c];
        }
        if (Math.abs(sum - 1) > 1e-6)
            throw new IllegalArgumentException("GmmPrior: weights sum to " + sum + "; expected 1");
        if (means[0] == null || means[0].length == 0) throw new IllegalArgumentException("GmmPrior: mean 0 is empty");
        int d = means[0].length;
        GaussianComponent[] comps = new GaussianComponent[k];
        for (int c = 0; c < k; c++) {
            if (means[c] == null || means[c].length != d)
                throw new IllegalArgumentException(
                        "GmmPrior: mean " + c + " does not have " + d + " values like mean 0");
            if (covariances[c] == null || covariances[c].length != d)
                throw new IllegalArgumentException("GmmPrior: covariance " + c + " is not " + d + " x " + d);
            PriorChecks.finite("mean " + c, means[c]);
            for (int i = 0; i < d; i++) {
                if (covariances[c][i] == null || covariances[c][i].length != d)
                    throw new IllegalArgumentException("GmmPrior: covariance " + c + " is not " + d + " x " + d);
                PriorChecks.finite("covariance " + c + " row " + i, covariances[c][i]);
            }
            try {
                comps[c] = GaussianComponent.of(means[c], covariances[c]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("GmmPrior: covariance " + c + ": " + e.getMessage(), e);
            }
        }
        this.weights = weights.clone();
        this.logWeights = logs(this.weights);
        this.components = comps;
        this.report = GmmFitReport.none();
    }

    private GmmPrior(double[] weights, GaussianComponent[] components, GmmFitReport report) {
        this.weights = weights;
        this.logWeights = logs(weights);
        this.components = components;
        this.report = report;
    }

    private static double[] logs(double[] w) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) out[i] = Math.log(w[i]);
        return out;
    }

    /**
     * Fits a {@code k}-component mixture to the rows of {@code data} (n x d, finite). Any k >= 1 is accepted, also
     * more than the number of distinct points: the regularization keeps every covariance positive definite.
     */
    public static GmmPrior fit(double[][] data, int k, long seed, GmmOptions options) {
        int d = SampleMoments.checkData(data);
        if (k < 1) throw new IllegalArgumentException("GmmPrior.fit: need k >= 1 components, got " + k);
        Objects.requireNonNull(options, "options");
        int n = data.length;
        double[][] globalCov = SampleMoments.covariance(data, SampleMoments.mean(data));
        double reg = options.regularization(SampleMoments.meanVariance(globalCov));

        KMeansInit.Result km = KMeansInit.run(data, k, options.kmeansIterations(), new SplittableRandom(seed));
        double[][] resp = new double[n][k];
        for (int i = 0; i < n; i++) resp[i][km.assignment()[i]] = 1;
        double[] badness = km.distanceSquared().clone(); // larger = worse explained
        Params p = mStep(data, resp, reg, badness, true);

        List<Integer> reseedSteps = new ArrayList<>();
        double[] trace = new double[options.maxIterations() + 1];
        double[] logMix = new double[n];
        int steps = 0;
        boolean converged = false;
        boolean lastStepReseeded = false;
        while (true) {
            trace[steps] = eStep(data, p, resp, logMix);
            if (steps > 0 && !lastStepReseeded && Math.abs(trace[steps] - trace[steps - 1]) <= options.tolerance()) {
                converged = true;
                break;
            }
            if (steps == options.maxIterations()) break;
            for (int i = 0; i < n; i++) badness[i] = -logMix[i];
            p = mStep(data, resp, reg, badness, false);
            steps++;
            lastStepReseeded = p.reseeded;
            if (p.reseeded) reseedSteps.add(steps);
        }
        GmmFitReport report = new GmmFitReport(steps, converged, Arrays.copyOf(trace, steps + 1), reseedSteps);
        return new GmmPrior(p.weights, p.components, report);
    }

    record Params(double[] weights, double[] logWeights, GaussianComponent[] components, boolean reseeded) {}

    /** Responsibilities into {@code resp}, log mixture densities into {@code logMix}; returns their mean. */
    private static double eStep(double[][] data, Params p, double[][] resp, double[] logMix) {
        int n = data.length, k = p.components.length, d = data[0].length;
        Parallel.forRange(n, 64, (from, to) -> {
            double[] diff = new double[d], scratch = new double[d];
            for (int i = from; i < to; i++) {
                double[] r = resp[i];
                for (int c = 0; c < k; c++) r[c] = p.logWeights[c] + p.components[c].logDensity(data[i], diff, scratch);
                double lse = logSumExp(r);
                if (lse == Double.NEGATIVE_INFINITY) {
                    // Overflowing distances (absurdly scaled data) leave no information: fall back to the weights.
                    System.arraycopy(p.weights, 0, r, 0, k);
                } else {
                    for (int c = 0; c < k; c++) r[c] = Math.exp(r[c] - lse);
                }
                logMix[i] = lse;
            }
        });
        double total = 0;
        for (int i = 0; i < n; i++) total += logMix[i];
        return total / n;
    }

    /**
     * Weights, means and regularized covariances from responsibilities. Dead components are re-seeded (see the class
     * comment); {@code badness} ranks the points for that (higher = worse explained). At {@code initialization} an
     * empty k-means cluster is expected and not reported as a re-seed.
     */
    static Params mStep(double[][] data, double[][] resp, double reg, double[] badness, boolean initialization) {
        int n = data.length, k = resp[0].length, d = data[0].length;
        double[] mass = new double[k];
        for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) mass[c] += resp[i][c];
        double[][] means = new double[k][];
        double[][][] covs = new double[k][][];
        Parallel.forRange(k, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                if (mass[c] < DEAD_COMPONENT_MASS) continue;
                double[] m = new double[d];
                for (int i = 0; i < n; i++) {
                    double r = resp[i][c];
                    if (r == 0) continue;
                    for (int j = 0; j < d; j++) m[j] += r * data[i][j];
                }
                for (int j = 0; j < d; j++) m[j] /= mass[c];
                double[][] cov = new double[d][d];
                double[] diff = new double[d];
                for (int i = 0; i < n; i++) {
                    double r = resp[i][c];
                    if (r == 0) continue;
                    for (int j = 0; j < d; j++) diff[j] = data[i][j] - m[j];
                    for (int a = 0; a < d; a++) {
                        double ra = r * diff[a];
                        double[] ca = cov[a];
                        for (int b = 0; b <= a; b++) ca[b] += ra * diff[b];
                    }
                }
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b <= a; b++) {
                        cov[a][b] /= mass[c];
                        cov[b][a] = cov[a][b];
                    }
                    cov[a][a] += reg;
                }
                means[c] = m;
                covs[c] = cov;
            }
        });

        boolean reseeded = false;
        double liveMass = 0;
        double[][] pooled = new double[d][d];
        for (int c = 0; c < k; c++) {
            if (covs[c] == null) continue;
            liveMass += mass[c];
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) pooled[a][b] += mass[c] * covs[c][a][b];
        }
        for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) pooled[a][b] /= liveMass;
        Integer[] worstFirst = null;
        int nextWorst = 0;
        for (int c = 0; c < k; c++) {
            if (covs[c] != null) continue;
            if (!initialization) reseeded = true;
            if (worstFirst == null) worstFirst = worstFirst(badness);
            means[c] = data[worstFirst[nextWorst % n]].clone();
            nextWorst++;
            covs[c] = new double[d][];
            for (int a = 0; a < d; a++) covs[c][a] = pooled[a].clone();
            mass[c] = 1;
        }

        double total = 0;
        for (double m : mass) total += m;
        double[] w = new double[k];
        GaussianComponent[] comps = new GaussianComponent[k];
        for (int c = 0; c < k; c++) {
            w[c] = mass[c] / total;
            comps[c] = GaussianComponent.fitted(means[c], covs[c], reg);
        }
        return new Params(w, logs(w), comps, reseeded);
    }

    /** Point indices ordered from the highest badness down, ties by index (deterministic). */
    private static Integer[] worstFirst(double[] badness) {
        Integer[] idx = new Integer[badness.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> {
            int cmp = Double.compare(badness[b], badness[a]);
            return cmp != 0 ? cmp : Integer.compare(a, b);
        });
        return idx;
    }

    /** Number of components K. */
    public int k() {
        return components.length;
    }

    /** Size of the codes. */
    public int dimension() {
        return components[0].dimension();
    }

    /** A copy of the mixture weights (K). */
    public double[] weights() {
        return weights.clone();
    }

    /** A copy of the component means (K x d). */
    public double[][] means() {
        double[][] out = new double[components.length][];
        for (int c = 0; c < out.length; c++) out[c] = components[c].mean.clone();
        return out;
    }

    /** A copy of the (regularized) component covariances (K x d x d). */
    public double[][][] covariances() {
        double[][][] out = new double[components.length][][];
        for (int c = 0; c < out.length; c++) out[c] = components[c].covarianceCopy();
        return out;
    }

    /** How the EM fit went ({@link GmmFitReport#iterations()} = 0 when not fitted here). */
    public GmmFitReport fitReport() {
        return report;
    }

    /** log of the mixture density at {@code z}. */
    public double logDensity(double[] z) {
        PriorChecks.dimension(z, dimension());
        int d = dimension();
        return logDensity(z, new double[components.length], new double[d], new double[d]);
    }

    private double logDensity(double[] z, double[] terms, double[] diff, double[] scratch) {
        for (int c = 0; c < components.length; c++)
            terms[c] = logWeights[c] + components[c].logDensity(z, diff, scratch);
        return logSumExp(terms);
    }

    /** log(sum exp(t)) computed relative to the largest term, so it neither underflows nor overflows. */
    static double logSumExp(double[] t) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : t) max = Math.max(max, v);
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) return max;
        double s = 0;
        for (double v : t) s += Math.exp(v - max);
        return max + Math.log(s);
    }

    /** Mean per-point log-density of the rows of {@code data}. */
    public double logLikelihood(double[][] data) {
        int d = SampleMoments.checkData(data);
        PriorChecks.dimension(data[0], dimension());
        double[] terms = new double[components.length], diff = new double[d], scratch = new double[d];
        double s = 0;
        for (double[] row : data) s += logDensity(row, terms, diff, scratch);
        return s / data.length;
    }

    /** Per row: one uniform picks the component by weight, then d standard normals go through its Cholesky factor. */
    @Override
    public Tensor sample(int count, int latent, DType dtype, RandomGenerator rng) {
        PriorChecks.sampleArguments(name(), count, latent, dimension(), rng);
        int d = dimension();
        double[] out = new double[count * d];
        double[] eps = new double[d];
        for (int i = 0; i < count; i++) components[pick(rng.nextDouble())].sampleInto(rng, eps, out, i * d);
        return Tensor.wrap(out, count, d).to(dtype);
    }

    private int pick(double u) {
        double acc = 0;
        for (int c = 0; c < weights.length - 1; c++) {
            acc += weights[c];
            if (u < acc) return c;
        }
        return weights.length - 1; // also absorbs rounding of the cumulative sum
    }

    /** "gmm:K". */
    @Override
    public String name() {
        return "gmm:" + components.length;
    }

    @Override
    public String toString() {
        return "GmmPrior(k=" + k() + ", d=" + dimension() + ")";
    }
}
