package org.pointgrad.nn.schedule;

/**
 * 1 until fraction {@code start} of the planned epochs, then half a cosine down to {@code floor} at the planned last
 * epoch, {@code floor} after: {@code floor + (1 - floor) (1 + cos(pi t)) / 2} with {@code t} the fraction of the
 * decay part done. {@code start = 0} is plain cosine annealing; a late start keeps the full rate while the model is
 * still far from a fit. Before the run is planned (infinite total) the multiplier is 1.
 */
public record Cosine(double floor, double start) implements Schedule {
    /** Floor of {@code cosine} without an explicit one: a twentieth of the base value. */
    public static final double DEFAULT_FLOOR = 0.05;

    /** Validates the arguments. */
    public Cosine {
        if (!(floor >= 0 && floor <= 1)) {
            throw new IllegalArgumentException("cosine floor must be in [0, 1], got " + floor);
        }
        if (!(start >= 0 && start < 1)) {
            throw new IllegalArgumentException("cosine start must be in [0, 1), got " + start);
        }
    }

    @Override
    public double factor(double epoch, double totalEpochs) {
        Schedule.checkEpoch("Cosine", epoch);
        if (!(totalEpochs > 0) || Double.isInfinite(totalEpochs)) return 1.0;
        double t = Math.min(1.0, Math.max(0.0, (epoch / totalEpochs - start) / (1 - start)));
        return floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * t));
    }

    @Override
    public String describe() {
        return "cosine:" + Schedule.format(floor) + (start > 0 ? ":" + Schedule.format(start) : "");
    }
}
