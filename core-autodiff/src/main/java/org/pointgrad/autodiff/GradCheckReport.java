package org.pointgrad.autodiff;

import java.util.List;
import java.util.Locale;

/** The outcome of a {@link GradCheck}: per checked input, the largest errors and the worst element. */
public final class GradCheckReport {
    /**
     * Result for one input. {@code maxRelError} is taken over elements whose absolute error exceeds atol
     * (relative error is meaningless for gradients that are zero up to rounding).
     */
    public record InputResult(
            int input,
            int[] shape,
            boolean reachedByBackward,
            double maxAbsError,
            double maxRelError,
            int worstIndex,
            double worstAnalytic,
            double worstNumeric,
            int failures) {}

    private final List<InputResult> results;
    private final GradCheck.Options options;

    GradCheckReport(List<InputResult> results, GradCheck.Options options) {
        this.results = List.copyOf(results);
        this.options = options;
    }

    /** One result per checked input, in input order. */
    public List<InputResult> results() {
        return results;
    }

    /** True when every element of every checked input is within tolerance. */
    public boolean passed() {
        return results.stream().allMatch(r -> r.failures() == 0);
    }

    /** Largest absolute error over all checked inputs. */
    public double maxAbsError() {
        return results.stream().mapToDouble(InputResult::maxAbsError).max().orElse(0);
    }

    /** Largest relative error over all checked inputs (elements above atol only). */
    public double maxRelError() {
        return results.stream().mapToDouble(InputResult::maxRelError).max().orElse(0);
    }

    /** Throws an {@link AssertionError} describing the worst element when the check failed; returns this otherwise. */
    public GradCheckReport assertPassed() {
        if (!passed()) throw new AssertionError("gradient check failed:\n" + this);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "GradCheck (eps %.1e, atol %.1e, rtol %.1e): %s%n",
                options.eps(),
                options.atol(),
                options.rtol(),
                passed() ? "PASSED" : "FAILED"));
        for (InputResult r : results) {
            sb.append(String.format(
                    Locale.ROOT,
                    "  input %d %s: max abs err %.3e, max rel err %.3e (over elements with abs err > atol),"
                            + " %d failing; worst element %d: analytic %.10g vs numeric %.10g%s%n",
                    r.input(),
                    Shapes.str(r.shape()),
                    r.maxAbsError(),
                    r.maxRelError(),
                    r.failures(),
                    r.worstIndex(),
                    r.worstAnalytic(),
                    r.worstNumeric(),
                    r.reachedByBackward() ? "" : " (no gradient reached this input)"));
        }
        return sb.toString();
    }
}
