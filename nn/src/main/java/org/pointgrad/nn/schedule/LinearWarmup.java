package org.pointgrad.nn.schedule;

import java.util.Objects;

/**
 * Wraps another schedule with a linear warm-up over the first {@code warmupEpochs}: the rate rises linearly from
 * {@code startFactor * inner} at epoch 0 to the full inner rate at epoch {@code warmupEpochs}.
 *
 * <p>With {@code shiftInner == false} the warm-up factor multiplies {@code inner.lr(epoch)} (the inner schedule runs
 * on the same clock, like chaining PyTorch's LinearLR with another scheduler). With {@code shiftInner == true} the
 * inner schedule starts only after warm-up: the rate is {@code factor * inner.lr(0)} during warm-up and
 * {@code inner.lr(epoch - warmupEpochs)} after (warm-up then a full cosine, as in most transformer recipes).
 */
public record LinearWarmup(LearningRateSchedule inner, double warmupEpochs, double startFactor, boolean shiftInner)
        implements LearningRateSchedule {
    /** Validates the arguments. */
    public LinearWarmup {
        Objects.requireNonNull(inner, "inner");
        if (!(warmupEpochs > 0) || Double.isInfinite(warmupEpochs)) {
            throw new IllegalArgumentException("LinearWarmup: warmupEpochs must be finite and > 0, got " + warmupEpochs);
        }
        if (!(startFactor >= 0 && startFactor <= 1)) throw new IllegalArgumentException("LinearWarmup: startFactor must be in [0, 1], got " + startFactor);
    }

    /** Warm-up from 0 on the same clock as {@code inner}. */
    public LinearWarmup(LearningRateSchedule inner, double warmupEpochs) {
        this(inner, warmupEpochs, 0.0, false);
    }

    @Override
    public double lr(double epoch) {
        LearningRateSchedule.checkEpoch("LinearWarmup", epoch);
        if (epoch >= warmupEpochs) return inner.lr(shiftInner ? epoch - warmupEpochs : epoch);
        double factor = startFactor + (1 - startFactor) * (epoch / warmupEpochs);
        return factor * inner.lr(shiftInner ? 0.0 : epoch);
    }
}
