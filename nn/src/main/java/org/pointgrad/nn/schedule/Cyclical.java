package org.pointgrad.nn.schedule;

/**
 * Cyclical annealing (Fu et al. 2019): {@code cycles} cycles over the planned run; within each, a linear rise from 0
 * over the first fraction {@code ratio}, then 1. Before the run is planned (infinite total) it stays at the start of
 * the first cycle, 0.
 */
public record Cyclical(int cycles, double ratio) implements Schedule {
    /** Validates the arguments. */
    public Cyclical {
        if (cycles < 1) throw new IllegalArgumentException("cyclical schedule needs at least 1 cycle, got " + cycles);
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("cyclical schedule ratio must be in (0, 1], got " + ratio);
        }
    }

    @Override
    public double factor(double epoch, double totalEpochs) {
        Schedule.checkEpoch("Cyclical", epoch);
        if (!(totalEpochs > 0)) return 1.0;
        double period = totalEpochs / cycles;
        double tau = (epoch % period) / period;
        return Math.min(1.0, tau / ratio);
    }

    @Override
    public String describe() {
        return "cyclical:" + cycles + ":" + Schedule.format(ratio);
    }
}
