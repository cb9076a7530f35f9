package org.pointgrad.nn.schedule;

/** The base value at every epoch: the multiplier is 1. */
public record Constant() implements Schedule {
    @Override
    public double factor(double epoch, double totalEpochs) {
        Schedule.checkEpoch("Constant", epoch);
        return 1.0;
    }

    @Override
    public String describe() {
        return "constant";
    }
}
