package org.pointgrad.nn.schedule;

import java.util.Arrays;

/**
 * Multiply by {@code factor} at each listed epoch (like MultiStepLR; the {@code step:E1,E2:F} form). AtlasNet's
 * learning-rate schedule is {@link #atlasNet()}: divide by 10 at epochs 120, 140 and 145.
 */
public record MultiStepDecay(double[] epochs, double factor) implements Schedule {
    /** Validates the arguments and sorts the epochs. */
    public MultiStepDecay {
        epochs = epochs.clone();
        Arrays.sort(epochs);
        if (epochs.length == 0) throw new IllegalArgumentException("step schedule needs at least one epoch");
        for (double m : epochs) {
            if (!(m >= 0) || Double.isInfinite(m)) {
                throw new IllegalArgumentException("step schedule epochs must be finite and >= 0, got " + m);
            }
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("step schedule factor must be finite and > 0, got " + factor);
        }
    }

    /** AtlasNet's schedule: / 10 at epochs 120, 140 and 145. */
    public static MultiStepDecay atlasNet() {
        return new MultiStepDecay(new double[] {120, 140, 145}, 0.1);
    }

    /** The epochs at which the rate is multiplied by the factor (a copy). */
    @Override
    public double[] epochs() {
        return epochs.clone();
    }

    @Override
    public double factor(double epoch, double totalEpochs) {
        Schedule.checkEpoch("MultiStepDecay", epoch);
        double f = 1.0;
        // Multiplying once per passed epoch (not factor^k) gives the same rounding as PyTorch's chained updates.
        for (double m : epochs) if (epoch >= m) f *= factor;
        return f;
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("step:");
        for (int i = 0; i < epochs.length; i++) sb.append(i > 0 ? "," : "").append(Schedule.format(epochs[i]));
        return sb.append(':').append(Schedule.format(factor)).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiStepDecay s && s.factor == factor && Arrays.equals(s.epochs, epochs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(epochs) * 31 + Double.hashCode(factor);
    }

    @Override
    public String toString() {
        return "MultiStepDecay[epochs=" + Arrays.toString(epochs) + ", factor=" + factor + "]";
    }
}
