package org.pointgrad.vae.prior;

import java.util.List;

/**
 * How an EM fit went.
 *
 * @param iterations     M-steps performed (0 for a prior built from parameters or loaded from a file)
 * @param converged      whether the log-likelihood change fell within the tolerance before the iteration cap
 * @param logLikelihoods mean per-point log-likelihood after initialization (entry 0) and after each M-step
 * @param reseedSteps    M-steps (1-based) in which a dead component was re-seeded; the log-likelihood may drop there
 */
public record GmmFitReport(int iterations, boolean converged, double[] logLikelihoods, List<Integer> reseedSteps) {
    /** Copies the arrays so the report is immutable. */
    public GmmFitReport {
        logLikelihoods = logLikelihoods.clone();
        reseedSteps = List.copyOf(reseedSteps);
    }

    /** The mean per-point log-likelihood after initialization and after each M-step (a copy). */
    @Override
    public double[] logLikelihoods() {
        return logLikelihoods.clone();
    }

    /** The report of a prior that was not fitted here. */
    static GmmFitReport none() {
        return new GmmFitReport(0, false, new double[0], List.of());
    }
}
