package org.pointgrad.vae.train;

import java.util.Locale;

/** One row of metrics.csv: training losses and held-out diagnostics at the end of an epoch. */
public record EpochMetrics(
        int epoch,
        double seconds,
        double lr,
        double beta,
        double trainChamfer,
        double trainKl,
        double testChamfer,
        double specificity,
        int activeUnits,
        double familyKept,
        double[] klPerDim,
        String headFlags) {

    /** The console line printed after each epoch. */
    public String consoleLine() {
        return String.format(
                Locale.ROOT,
                "epoch %3d  %6.1fs  lr %.1e  beta %.1e  train CD %.5f  KL %7.2f | held-out CD "
                        + "%.5f  specificity %.3f  active %d/%d  family kept %.0f%%  heads: %s",
                epoch,
                seconds,
                lr,
                beta,
                trainChamfer,
                trainKl,
                testChamfer,
                specificity,
                activeUnits,
                klPerDim.length,
                100 * familyKept,
                headFlags);
    }
}
