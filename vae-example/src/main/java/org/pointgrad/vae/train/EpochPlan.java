package org.pointgrad.vae.train;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * How many epochs a run plans and when it is out of time. With an epoch count the plan is that count. With a time
 * budget the plan is unknown (schedules stay at their start value) until the end of epoch 1, then
 * 2 + floor(remaining budget / duration of epoch 1); epoch 0 is not used because it includes JIT warm-up. From
 * epoch 2 on the plan follows the mean epoch time ({@link #revisePlan}).
 */
final class EpochPlan {
    /** The part of a planned run during which the plan may still grow (the default schedules hold still there). */
    static final double EARLY_PLAN_FRACTION = 0.2;

    private final TrainConfig cfg;
    private final long start;
    private final long budgetNanos;
    private double planned;

    private EpochPlan(TrainConfig cfg, long start, double planned) {
        this.cfg = cfg;
        this.start = start;
        this.budgetNanos = cfg.epochs() > 0 ? Long.MAX_VALUE : (long) (cfg.minutes() * 60e9);
        this.planned = planned;
    }

    /** The plan of a run standing at {@code state} (its clock continues from the state's elapsed time). */
    static EpochPlan start(TrainConfig cfg, RunState state, boolean resume, PrintStream out) {
        long start = System.nanoTime() - (long) (state.elapsedSeconds() * 1e9);
        // An old checkpoint's 0 means "not estimated yet", like infinity.
        double stored = state.plannedEpochs() > 0 ? state.plannedEpochs() : Double.POSITIVE_INFINITY;
        double planned = cfg.epochs() > 0 ? cfg.epochs() : stored;
        if (resume && state.globalStep() > 0 && planned != stored) {
            out.printf(
                    Locale.ROOT,
                    "note: the run had planned %s epochs, now %s; the schedules follow the new plan%n",
                    format(stored),
                    format(planned));
        }
        return new EpochPlan(cfg, start, planned);
    }

    /** The planned number of epochs (infinite while not yet estimated). */
    double planned() {
        return planned;
    }

    /** Seconds since the run started, over all its sessions. */
    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** True when the time budget is used up (never with an epoch count). */
    boolean outOfTime() {
        return System.nanoTime() - start >= budgetNanos;
    }

    /** True when epoch {@code epoch} is not to be trained: the epoch count is reached or the time is up. */
    boolean finishedBefore(int epoch) {
        return (cfg.epochs() > 0 && epoch >= cfg.epochs()) || outOfTime();
    }

    /**
     * Updates the plan after epoch {@code epoch} ended at {@code elapsed} seconds; {@code epochSeconds} is the epoch's
     * own training time, used for the first estimate when {@code history} does not reach back to epoch 0.
     */
    void afterEpoch(int epoch, double elapsed, double epochSeconds, List<EpochMetrics> history, PrintStream out) {
        if (cfg.epochs() > 0) return;
        double budget = cfg.minutes() * 60;
        if (epoch == 1 && Double.isInfinite(planned)) {
            // Epoch 1's cost includes epoch 0's diagnostics (measured between the two elapsed stamps), like every
            // later epoch.
            double seconds =
                    history.isEmpty() ? epochSeconds : elapsed - history.get(0).seconds();
            double remaining = Math.max(0, budget - elapsed);
            planned = 2 + Math.floor(remaining / Math.max(seconds, 1e-3));
            out.printf(
                    Locale.ROOT,
                    "planned epochs: %.0f (epoch 1 took %.1f s, %.1f s of the budget left)%n",
                    planned,
                    seconds,
                    remaining);
        }
        if (epoch >= 2
                && Double.isFinite(planned)
                && !history.isEmpty()
                && history.get(0).epoch() == 0) {
            // Epoch 1 alone set the plan, and it still pays for the JIT's warm-up (here 4.8 s against 3.7 s for
            // the epochs after it), so early on the plan follows the mean epoch time both ways; later it only
            // shrinks, when epochs run slower (a busy host), so the schedules still finish inside the budget.
            double meanEpoch = (elapsed - history.get(0).seconds()) / epoch;
            boolean early = epoch + 1 <= EARLY_PLAN_FRACTION * planned;
            double revised = revisePlan(planned, epoch + 1, meanEpoch, budget - elapsed, early);
            if (revised != planned) {
                out.printf(
                        Locale.ROOT,
                        "planned epochs: %.0f -> %.0f (epochs 1-%d took %.1f s each on average)%n",
                        planned,
                        revised,
                        epoch,
                        meanEpoch);
                planned = revised;
            }
        }
    }

    /**
     * The planned epoch count revised to what fits the time left at the mean epoch time so far ({@code done} epochs
     * finished). It is raised only when {@code mayRaise} (early in the run, while the schedules have barely moved);
     * lowering is always allowed: schedules that end early only hold their last value, ones cut short never finish.
     * A change under 2% of the plan (and under one epoch) is left alone: the schedules' last 2% barely move, and a plan
     * that followed every wobble of the epoch time would jump about.
     */
    static double revisePlan(
            double planned, int done, double meanEpochSeconds, double remainingSeconds, boolean mayRaise) {
        if (!(meanEpochSeconds > 0)) return planned;
        double fits = Math.max(done, done + Math.floor(Math.max(0, remainingSeconds) / meanEpochSeconds));
        double threshold = Math.max(1, 0.02 * planned);
        if (planned - fits >= threshold) return fits;
        if (mayRaise && fits - planned >= threshold) return fits;
        return planned;
    }

    private static String format(double p) {
        return Double.isInfinite(p) ? "(not yet estimated)" : String.format(Locale.ROOT, "%.0f", p);
    }
}
