package org.pointgrad.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Compares analytic gradients with central finite differences in double precision. Use it on your own layers:
 * {@code GradCheck.check(in -> myLayer(in[0], in[1]), x, w).assertPassed();}
 *
 * <p>Inputs are copied to FLOAT64. Inputs marked {@code requiresGrad(true)} are checked; when none is marked,
 * all are. A non-scalar output is reduced with a fixed random projection {@code sum(out * r)}, which checks the
 * whole Jacobian-vector product. An element passes when {@code |analytic - numeric| <= atol + rtol * |numeric|}.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Step and tolerances. Defaults: eps 1e-6, atol 1e-8, rtol 1e-6, projection seed 1234. */
    public record Options(double eps, double atol, double rtol, long seed) {
        /** Validates the step and the tolerances. */
        public Options {
            if (!(eps > 0)) throw new IllegalArgumentException("GradCheck: eps must be > 0, got " + eps);
            if (atol < 0 || rtol < 0) throw new IllegalArgumentException("GradCheck: tolerances must be >= 0");
        }

        /** These options with finite-difference step {@code v}. */
        public Options withEps(double v) {
            return new Options(v, atol, rtol, seed);
        }

        /** These options with absolute tolerance {@code v}. */
        public Options withAtol(double v) {
            return new Options(eps, v, rtol, seed);
        }

        /** These options with relative tolerance {@code v}. */
        public Options withRtol(double v) {
            return new Options(eps, atol, v, seed);
        }

        /** These options with seed {@code v} for the random projection of the output. */
        public Options withSeed(long v) {
            return new Options(eps, atol, rtol, v);
        }
    }

    /** The default options. */
    public static Options defaults() {
        return new Options(1e-6, 1e-8, 1e-6, 1234L);
    }

    /** Checks with default options. */
    public static GradCheckReport check(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return check(fn, defaults(), inputs);
    }

    /** Checks {@code fn} at {@code inputs}; returns a report (call {@link GradCheckReport#assertPassed()} to throw). */
    public static GradCheckReport check(Function<Tensor[], Tensor> fn, Options opt, Tensor... inputs) {
        if (inputs.length == 0) throw new IllegalArgumentException("GradCheck: no inputs");
        boolean anyMarked = false;
        for (Tensor t : inputs) anyMarked |= t.requiresGrad();
        Tensor[] xs = new Tensor[inputs.length];
        boolean[] checked = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            checked[i] = !anyMarked || inputs[i].requiresGrad();
            xs[i] = new Tensor(inputs[i].toDoubleArray(), inputs[i].shape()).requiresGrad(checked[i]);
        }
        Tensor out = fn.apply(xs);
        if (out.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException(
                    "GradCheck: the function returned " + out.dtype() + "; it must keep FLOAT64 inputs in FLOAT64");
        }
        Tensor proj =
                out.numel() == 1 ? null : Tensor.randn(new SplittableRandom(opt.seed()), DType.FLOAT64, out.shape());
        Tensor loss = proj == null ? out.sum() : out.mul(proj).sum();
        if (loss.requiresGrad()) loss.backward();

        List<GradCheckReport.InputResult> results = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            if (!checked[i]) continue;
            double[] data = xs[i].doubleData();
            Tensor g = xs[i].grad();
            double maxAbs = 0, maxRel = 0;
            int worst = -1, failures = 0;
            double worstA = 0, worstN = 0;
            for (int j = 0; j < data.length; j++) {
                double v = data[j];
                data[j] = v + opt.eps();
                double lp = evaluate(fn, xs, proj);
                data[j] = v - opt.eps();
                double lm = evaluate(fn, xs, proj);
                data[j] = v;
                double numeric = (lp - lm) / (2 * opt.eps());
                double analytic = g == null ? 0.0 : g.getFlat(j);
                double abs = Math.abs(analytic - numeric);
                double rel = abs / Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), 1e-12);
                if (!(abs <= opt.atol() + opt.rtol() * Math.abs(numeric))) failures++;
                if (worst < 0 || abs > maxAbs || Double.isNaN(abs)) {
                    worst = j;
                    worstA = analytic;
                    worstN = numeric;
                }
                maxAbs = Math.max(maxAbs, abs);
                if (abs > opt.atol()) maxRel = Math.max(maxRel, rel);
            }
            results.add(new GradCheckReport.InputResult(
                    i, inputs[i].shape(), g != null, maxAbs, maxRel, worst, worstA, worstN, failures));
        }
        return new GradCheckReport(results, opt);
    }

    private static double evaluate(Function<Tensor[], Tensor> fn, Tensor[] xs, Tensor proj) {
        try (Autograd.Scope s = Autograd.noGrad()) {
            Tensor out = fn.apply(xs);
            return proj == null ? out.sum().item() : out.mul(proj).sum().item();
        }
    }
}
