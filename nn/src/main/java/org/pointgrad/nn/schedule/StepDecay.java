package org.pointgrad.nn.schedule;

/** {@code gamma^floor(epoch / stepSize)}: multiply by gamma every {@code stepSize} epochs (like StepLR). */
public record StepDecay(int stepSize, double gamma) implements Schedule {
    /** Validates the arguments. */
    public StepDecay {
        if (stepSize <= 0) throw new IllegalArgumentException("StepDecay: stepSize must be > 0, got " + stepSize);
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("StepDecay: gamma must be finite and >= 0, got " + gamma);
        }
    }

    @Override
    public double factor(double epoch, double totalEpochs) {
        Schedule.checkEpoch("StepDecay", epoch);
        return Math.pow(gamma, Math.floor(epoch / stepSize));
    }
}
