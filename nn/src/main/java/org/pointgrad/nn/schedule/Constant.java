package org.pointgrad.nn.schedule;

/** The same learning rate at every epoch. */
public record Constant(double baseLr) implements LearningRateSchedule {
    /** Validates the rate. */
    public Constant {
        if (!(baseLr >= 0) || Double.isInfinite(baseLr)) throw new IllegalArgumentException("Constant: lr must be finite and >= 0, got " + baseLr);
    }

    @Override
    public double lr(double epoch) {
        LearningRateSchedule.checkEpoch("Constant", epoch);
        return baseLr;
    }
}
