package org.pointgrad.nn.schedule;

/** {@code baseLr * gamma^floor(epoch / stepSize)}: multiply by gamma every {@code stepSize} epochs (like StepLR). */
public record StepDecay(double baseLr, int stepSize, double gamma) implements LearningRateSchedule {
    /** Validates the arguments. */
    public StepDecay {
        if (!(baseLr >= 0) || Double.isInfinite(baseLr)) throw new IllegalArgumentException("StepDecay: lr must be finite and >= 0, got " + baseLr);
        if (stepSize <= 0) throw new IllegalArgumentException("StepDecay: stepSize must be > 0, got " + stepSize);
        if (!(gamma >= 0) || Double.isInfinite(gamma)) throw new IllegalArgumentException("StepDecay: gamma must be finite and >= 0, got " + gamma);
    }

    @Override
    public double lr(double epoch) {
        LearningRateSchedule.checkEpoch("StepDecay", epoch);
        return baseLr * Math.pow(gamma, Math.floor(epoch / stepSize));
    }
}
