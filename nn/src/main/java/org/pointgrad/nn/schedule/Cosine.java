package org.pointgrad.nn.schedule;

/**
 * Cosine annealing from {@code baseLr} at epoch 0 to {@code minLr} at epoch {@code totalEpochs}, then held at
 * {@code minLr}: {@code minLr + (baseLr - minLr) * (1 + cos(pi * min(epoch, T) / T)) / 2}.
 */
public record Cosine(double baseLr, double minLr, double totalEpochs) implements LearningRateSchedule {
    /** Validates the arguments. */
    public Cosine {
        if (!(baseLr >= 0) || Double.isInfinite(baseLr)) throw new IllegalArgumentException("Cosine: lr must be finite and >= 0, got " + baseLr);
        if (!(minLr >= 0) || minLr > baseLr) throw new IllegalArgumentException("Cosine: need 0 <= minLr <= baseLr, got minLr " + minLr + ", baseLr " + baseLr);
        if (!(totalEpochs > 0) || Double.isInfinite(totalEpochs)) throw new IllegalArgumentException("Cosine: totalEpochs must be finite and > 0, got " + totalEpochs);
    }

    @Override
    public double lr(double epoch) {
        LearningRateSchedule.checkEpoch("Cosine", epoch);
        double t = Math.min(epoch, totalEpochs) / totalEpochs;
        return minLr + (baseLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * t));
    }
}
