package org.pointgrad.nn.schedule;

import org.pointgrad.nn.optim.Optimizer;

/**
 * Learning rate as a function of a (possibly fractional) epoch. The argument is epochs completed so far: 0 at the
 * start of training, {@code e + b / batchesPerEpoch} before batch b of epoch e, so a schedule can be applied once
 * per epoch (with whole numbers) or once per step (with fractions). Step-like schedules change at whole-epoch
 * boundaries: the new value applies from epoch {@code N} itself on.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The learning rate at {@code epoch} (>= 0). */
    double lr(double epoch);

    /** Sets the optimizer's learning rate to {@code lr(epoch)}. */
    default void apply(Optimizer optimizer, double epoch) {
        optimizer.setLearningRate(lr(epoch));
    }

    /** Checks an epoch argument, naming the schedule in the error. */
    static double checkEpoch(String schedule, double epoch) {
        if (!(epoch >= 0) || Double.isInfinite(epoch)) {
            throw new IllegalArgumentException(schedule + ": epoch must be finite and >= 0, got " + epoch);
        }
        return epoch;
    }
}
