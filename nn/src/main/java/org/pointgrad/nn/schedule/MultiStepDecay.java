package org.pointgrad.nn.schedule;

import java.util.Arrays;

/**
 * {@code baseLr * gamma^k} where k is the number of milestones {@code <= epoch} (like MultiStepLR). AtlasNet's
 * schedule is {@link #atlasNet(double)}: divide by 10 at epochs 120, 140 and 145.
 */
public record MultiStepDecay(double baseLr, int[] milestones, double gamma) implements LearningRateSchedule {
    /** Validates the arguments; milestones must be strictly increasing and positive. */
    public MultiStepDecay {
        if (!(baseLr >= 0) || Double.isInfinite(baseLr)) throw new IllegalArgumentException("MultiStepDecay: lr must be finite and >= 0, got " + baseLr);
        if (!(gamma >= 0) || Double.isInfinite(gamma)) throw new IllegalArgumentException("MultiStepDecay: gamma must be finite and >= 0, got " + gamma);
        milestones = milestones.clone();
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] <= 0 || (i > 0 && milestones[i] <= milestones[i - 1])) {
                throw new IllegalArgumentException("MultiStepDecay: milestones must be positive and strictly increasing, got "
                        + Arrays.toString(milestones));
            }
        }
    }

    /** AtlasNet's schedule: lr / 10 at epochs 120, 140 and 145. */
    public static MultiStepDecay atlasNet(double baseLr) {
        return new MultiStepDecay(baseLr, new int[] {120, 140, 145}, 0.1);
    }

    @Override
    public int[] milestones() {
        return milestones.clone();
    }

    @Override
    public double lr(double epoch) {
        LearningRateSchedule.checkEpoch("MultiStepDecay", epoch);
        double lr = baseLr;
        // Multiplying once per passed milestone (not gamma^k) gives the same rounding as PyTorch's chained updates.
        for (int m : milestones) if (epoch >= m) lr *= gamma;
        return lr;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiStepDecay s && s.baseLr == baseLr && s.gamma == gamma && Arrays.equals(s.milestones, milestones);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(baseLr) * 31 + Arrays.hashCode(milestones) * 17 + Double.hashCode(gamma);
    }

    @Override
    public String toString() {
        return "MultiStepDecay[baseLr=" + baseLr + ", milestones=" + Arrays.toString(milestones) + ", gamma=" + gamma + "]";
    }
}
