package org.pointgrad.nn.schedule;

import java.util.Objects;

/**
 * Wraps another schedule with a linear warm-up over the first {@code warmupEpochs}: the multiplier rises linearly
 * from {@code startFactor * inner} at epoch 0 to the full inner value at epoch {@code warmupEpochs}.
 *
 * <p>With {@code shiftInner == false} the warm-up factor multiplies {@code inner.factor(epoch)} (the inner schedule
 * runs on the same clock, like chaining PyTorch's LinearLR with another scheduler). With {@code shiftInner == true}
 * the inner schedule starts only after warm-up: {@code factor * inner(0)} during warm-up and
 * {@code inner(epoch - warmupEpochs)} after (warm-up then a full cosine, as in most transformer recipes).
 */
public record LinearWarmup(Schedule inner, double warmupEpochs, double startFactor, boolean shiftInner)
        implements Schedule {
    /** Validates the arguments. */
    public LinearWarmup {
        Objects.requireNonNull(inner, "inner");
        if (!(warmupEpochs > 0) || Double.isInfinite(warmupEpochs)) {
            throw new IllegalArgumentException(
                    "linear warm-up needs a finite number of epochs > 0, got " + warmupEpochs);
        }
        if (!(startFactor >= 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearWarmup: startFactor must be in [0, 1], got " + startFactor);
        }
    }

    /** Warm-up from 0 on the same clock as {@code inner}. */
    public LinearWarmup(Schedule inner, double warmupEpochs) {
        this(inner, warmupEpochs, 0.0, false);
    }

    @Override
    public double factor(double epoch, double totalEpochs) {
        Schedule.checkEpoch("LinearWarmup", epoch);
        if (epoch >= warmupEpochs) return inner.factor(shiftInner ? epoch - warmupEpochs : epoch, totalEpochs);
        double factor = startFactor + (1 - startFactor) * (epoch / warmupEpochs);
        return factor * inner.factor(shiftInner ? 0.0 : epoch, totalEpochs);
    }

    @Override
    public String describe() {
        if (inner instanceof Constant && startFactor == 0 && !shiftInner) {
            return "linear:" + Schedule.format(warmupEpochs);
        }
        return "warmup:" + Schedule.format(warmupEpochs) + " from " + Schedule.format(startFactor)
                + (shiftInner ? " then " : " times ") + inner.describe();
    }
}
