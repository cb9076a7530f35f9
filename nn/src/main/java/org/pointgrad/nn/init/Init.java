package org.pointgrad.nn.init;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Tensor;

/**
 * In-place initialisers with PyTorch's formulas ({@code torch.nn.init}). Every method draws from the given
 * generator in flat row-major order, so a seeded generator gives the same tensor every run, and returns the tensor.
 * Values are drawn in double precision and rounded once to the tensor's dtype.
 */
public final class Init {
    private Init() {}

    /** Gain for ReLU: sqrt(2). */
    public static double reluGain() {
        return Math.sqrt(2.0);
    }

    /** Gain for leaky ReLU with the given negative slope: sqrt(2 / (1 + slope^2)). */
    public static double leakyReluGain(double negativeSlope) {
        return Math.sqrt(2.0 / (1.0 + negativeSlope * negativeSlope));
    }

    /** Gain for tanh: 5/3. */
    public static double tanhGain() {
        return 5.0 / 3.0;
    }

    /** Fills with zeros. */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0.0);
    }

    /** Fills with {@code value}. */
    public static Tensor constant(Tensor t, double value) {
        int n = t.numel();
        for (int i = 0; i < n; i++) t.setFlat(i, value);
        return t;
    }

    /** Uniform samples in [lo, hi). */
    public static Tensor uniform(Tensor t, double lo, double hi, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        if (!(hi >= lo))
            throw new IllegalArgumentException("Init.uniform: need lo <= hi, got [" + lo + ", " + hi + ")");
        int n = t.numel();
        for (int i = 0; i < n; i++) t.setFlat(i, lo + (hi - lo) * rng.nextDouble());
        return t;
    }

    /** Normal samples with the given mean and standard deviation. */
    public static Tensor normal(Tensor t, double mean, double std, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        if (!(std >= 0)) throw new IllegalArgumentException("Init.normal: std must be >= 0, got " + std);
        int n = t.numel();
        for (int i = 0; i < n; i++) t.setFlat(i, mean + std * rng.nextGaussian());
        return t;
    }

    /** He/Kaiming normal for ReLU, fan-in mode: N(0, 2 / fan_in). */
    public static Tensor kaimingNormal(Tensor w, RandomGenerator rng) {
        return kaimingNormal(w, 0.0, rng);
    }

    /** He/Kaiming normal for leaky ReLU with slope {@code a}, fan-in mode: std = gain(a) / sqrt(fan_in). */
    public static Tensor kaimingNormal(Tensor w, double a, RandomGenerator rng) {
        Fans f = Fans.of(w.shape());
        return normal(w, 0.0, leakyReluGain(a) / Math.sqrt(nonZero(f.fanIn(), "kaimingNormal")), rng);
    }

    /** He/Kaiming uniform for ReLU, fan-in mode: U(-b, b) with b = sqrt(6 / fan_in). */
    public static Tensor kaimingUniform(Tensor w, RandomGenerator rng) {
        return kaimingUniform(w, 0.0, rng);
    }

    /** He/Kaiming uniform for leaky ReLU with slope {@code a}, fan-in mode: b = gain(a) * sqrt(3 / fan_in). */
    public static Tensor kaimingUniform(Tensor w, double a, RandomGenerator rng) {
        Fans f = Fans.of(w.shape());
        double bound = leakyReluGain(a) * Math.sqrt(3.0 / nonZero(f.fanIn(), "kaimingUniform"));
        return uniform(w, -bound, bound, rng);
    }

    /** Xavier/Glorot uniform: U(-b, b) with b = gain * sqrt(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform(Tensor w, double gain, RandomGenerator rng) {
        Fans f = Fans.of(w.shape());
        double bound = gain * Math.sqrt(6.0 / nonZero(f.fanIn() + f.fanOut(), "xavierUniform"));
        return uniform(w, -bound, bound, rng);
    }

    /** Xavier/Glorot normal: std = gain * sqrt(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor w, double gain, RandomGenerator rng) {
        Fans f = Fans.of(w.shape());
        return normal(w, 0.0, gain * Math.sqrt(2.0 / nonZero(f.fanIn() + f.fanOut(), "xavierNormal")), rng);
    }

    /**
     * PyTorch's default {@code nn.Linear} initialisation: weight by kaiming_uniform with a = sqrt(5) (which works
     * out to U(-1/sqrt(fan_in), 1/sqrt(fan_in))), then bias (may be null) from the same bound. Weight first, then
     * bias, as PyTorch's {@code reset_parameters} does.
     */
    public static void pytorchLinearDefault(Tensor weight, Tensor bias, RandomGenerator rng) {
        kaimingUniform(weight, Math.sqrt(5.0), rng);
        if (bias != null) {
            double bound = 1.0 / Math.sqrt(nonZero(Fans.of(weight.shape()).fanIn(), "pytorchLinearDefault"));
            uniform(bias, -bound, bound, rng);
        }
    }

    private static int nonZero(int fan, String op) {
        if (fan <= 0) throw new IllegalArgumentException("Init." + op + ": fan must be > 0 (zero-sized weight)");
        return fan;
    }
}
