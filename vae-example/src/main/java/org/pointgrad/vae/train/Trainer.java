package org.pointgrad.vae.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.AnomalyException;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.optim.Adam;
import org.pointgrad.nn.schedule.Schedule;
import org.pointgrad.vae.diagnostics.CollapseDiagnostics;
import org.pointgrad.vae.diagnostics.HeadFlow;
import org.pointgrad.vae.model.PointCloudVae;

/**
 * Trains the VAE: Chamfer + beta(epoch) * KL (with free bits), Adam, a checkpoint after every epoch and on a stop
 * request (Ctrl-C), diagnostics every epoch into metrics.csv and the console.
 *
 * <p>All randomness of step {@code s} comes from a generator seeded by (seed, s) and the shuffle of epoch
 * {@code e} from (seed, e), so a run resumed from a checkpoint continues exactly as the uninterrupted run would.
 * The learning rate of every step is base lr * lr schedule factor (fractional epoch, planned epochs). A resume must
 * ask for the settings the run was started with (an error names the first that differs), so the resumed steps
 * match too. A non-finite loss or gradient stops training before the optimizer step, with the op anomaly mode
 * finds ({@link DivergenceException}); the last checkpoint written stays the newest.
 *
 * <p>Planned epochs: {@code --epochs} when given; with a time budget, unknown (schedules stay at their start value)
 * until the end of epoch 1, then 2 + floor(remaining budget / duration of epoch 1). Epoch 0 is not used for the
 * estimate because it includes JIT warm-up.
 */
public final class Trainer {
    private final TrainConfig cfg;
    private final TrainingData data;
    private final PrintStream out;
    private volatile boolean stopRequested;
    private long stopAtGlobalStep = Long.MAX_VALUE;

    /**
     * The outcome: the trained model and the per-epoch metrics, with the base lr and lr schedule actually used
     * (on resume: the original run's).
     */
    public record Result(
            PointCloudVae model,
            List<EpochMetrics> history,
            boolean interrupted,
            double shapesPerSecond,
            double baseLr,
            Schedule lrSchedule) {}

    public Trainer(TrainConfig cfg, TrainingData data, PrintStream out) {
        this.cfg = cfg;
        this.data = data;
        this.out = out;
    }

    /** Asks the loop to stop after the current step and write a checkpoint (called from a shutdown hook). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Tests: behave as if a stop was requested once {@code globalStep} steps are done. */
    void stopAtStep(long globalStep) {
        stopAtGlobalStep = globalStep;
    }

    /** Trains from scratch, or from the checkpoint in the run folder when {@code resume}. */
    public Result run(boolean resume) throws IOException {
        Files.createDirectories(cfg.out());
        PointCloudVae model;
        Adam opt;
        RunState state;
        List<EpochMetrics> history = new ArrayList<>();
        double baseLr = cfg.lr();
        Schedule lrSchedule = cfg.lrSchedule();
        Map<String, String> settings = describe(cfg);
        if (resume) {
            RunCheckpoint.Loaded l = RunCheckpoint.load(cfg.out(), cfg.lr());
            for (String why : l.skipped()) out.println("warning: " + why + "; resuming from the generation before it");
            requireSameSettings(l, settings);
            model = l.model();
            opt = l.optimizer();
            state = l.state();
            // model.safetensors may be a generation behind when the last save was cut short after its checkpoint.
            RunCheckpoint.exportModel(cfg.out(), model);
            history.addAll(MetricsCsv.read(cfg.out().resolve("metrics.csv"), state.epoch()));
            out.printf(
                    Locale.ROOT,
                    "resuming %s at epoch %d, step %d of the epoch (%d steps done)%n",
                    cfg.out(),
                    state.epoch(),
                    state.stepInEpoch(),
                    state.globalStep());
        } else {
            model = new PointCloudVae(cfg.model(), new SplittableRandom(cfg.seed()));
            opt = new Adam(model.namedParameters(), cfg.lr());
            state = new RunState(0, 0, 0, 0, 0, 0, 0);
        }
        int n = data.train().size();
        int stepsPerEpoch = n / cfg.batch();
        if (stepsPerEpoch < 1)
            throw new IllegalArgumentException(
                    "batch " + cfg.batch() + " is larger than the " + n + " training shapes");
        out.printf(
                Locale.ROOT,
                "data: %s; %d train / %d held-out shapes, %d points; model: %d parameters (%s)%n",
                data.source(),
                n,
                data.test().size(),
                data.points(),
                model.parameterCount(),
                cfg.model().autoencoder() ? "autoencoder" : "VAE");

        long budgetNanos = cfg.epochs() > 0 ? Long.MAX_VALUE : (long) (cfg.minutes() * 60e9);
        long start = System.nanoTime() - (long) (state.elapsedSeconds() * 1e9);
        // An old checkpoint's 0 means "not estimated yet", like infinity.
        double storedPlan = state.plannedEpochs() > 0 ? state.plannedEpochs() : Double.POSITIVE_INFINITY;
        double plannedEpochs = cfg.epochs() > 0 ? cfg.epochs() : storedPlan;
        if (resume && state.globalStep() > 0 && plannedEpochs != storedPlan) {
            out.printf(
                    Locale.ROOT,
                    "note: the run had planned %s epochs, now %s; the schedules follow the new plan%n",
                    fmtPlan(storedPlan),
                    fmtPlan(plannedEpochs));
        }
        boolean interrupted = false;
        long shapesThisSession = 0;
        long sessionStart = System.nanoTime();
        ProgressReporter progress = new ProgressReporter(cfg.progress(), out);
        HeadFlow headFlow = new HeadFlow(model, !cfg.model().autoencoder());
        TrainStep step = new TrainStep(model, opt);
        while (true) {
            int epoch = state.epoch();
            if (cfg.epochs() > 0 && epoch >= cfg.epochs()) break;
            if (System.nanoTime() - start >= budgetNanos) break;
            int[] order = shuffle(n, cfg.seed(), epoch);
            // A pool (sampled once, larger than --points) or this epoch's clouds (a fresh draw per epoch, or fixed).
            BatchSource batches = new BatchSource(
                    data.hasPool() ? data.trainPool() : data.trainEpoch(epoch), data.points(), cfg.augmentation());
            double sumCd = state.sumChamfer(), sumKl = state.sumKl();
            long epochStart = System.nanoTime();
            progress.startEpoch(epoch, stepsPerEpoch, state.stepInEpoch());
            int s = state.stepInEpoch();
            double beta = 0;
            for (; s < stepsPerEpoch; s++) {
                double fracEpoch = epoch + (double) s / stepsPerEpoch;
                beta = cfg.beta() * cfg.klSchedule().factor(fracEpoch, plannedEpochs);
                opt.setLearningRate(baseLr * lrSchedule.factor(fracEpoch, plannedEpochs));
                int[] idx = java.util.Arrays.copyOfRange(order, s * cfg.batch(), (s + 1) * cfg.batch());
                Tensor x = batches.batch(idx, stepRandom(cfg.seed() ^ BATCH_SALT, state.globalStep()));
                RandomGenerator rng = stepRandom(cfg.seed(), state.globalStep());
                boolean lastOfEpoch = s == stepsPerEpoch - 1;
                TrainStep.Losses l;
                try {
                    l = step.run(x, rng, beta, cfg.freeBits(), lastOfEpoch ? headFlow : null);
                } catch (DivergenceException e) {
                    throw diverged(e, step, x, beta, state, epoch, s);
                }
                sumCd += l.chamfer();
                sumKl += l.kl();
                state = state.advance(s + 1, sumCd, sumKl);
                shapesThisSession += cfg.batch();
                progress.step(s + 1, l.chamfer(), l.kl());
                if (stopRequested || state.globalStep() >= stopAtGlobalStep) {
                    interrupted = true;
                    s++;
                    break;
                }
                if (cfg.epochs() == 0 && System.nanoTime() - start >= budgetNanos && s + 1 < stepsPerEpoch) {
                    // Out of time mid-epoch: close the epoch early so its metrics are still written.
                    s++;
                    break;
                }
            }
            progress.endEpoch();
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (interrupted) {
                RunCheckpoint.save(cfg.out(), model, opt, state.withElapsed(elapsed, plannedEpochs), settings);
                out.printf(
                        Locale.ROOT,
                        "interrupted: checkpoint written to %s at epoch %d step %d; continue with --resume%n",
                        cfg.out(),
                        epoch,
                        state.stepInEpoch());
                break;
            }
            if (cfg.epochs() == 0 && epoch == 1 && Double.isInfinite(plannedEpochs)) {
                // Epoch 1's cost includes epoch 0's diagnostics (measured between the two elapsed stamps), like every
                // later epoch.
                double epochSeconds = history.isEmpty()
                        ? (System.nanoTime() - epochStart) / 1e9
                        : elapsed - history.get(0).seconds();
                double remaining = Math.max(0, cfg.minutes() * 60 - elapsed);
                plannedEpochs = 2 + Math.floor(remaining / Math.max(epochSeconds, 1e-3));
                out.printf(
                        Locale.ROOT,
                        "planned epochs: %.0f (epoch 1 took %.1f s, %.1f s of the budget left)%n",
                        plannedEpochs,
                        epochSeconds,
                        remaining);
            }
            if (cfg.epochs() == 0
                    && epoch >= 2
                    && Double.isFinite(plannedEpochs)
                    && !history.isEmpty()
                    && history.get(0).epoch() == 0) {
                // Epoch 1 alone set the plan, and it still pays for the JIT's warm-up (here 4.8 s against 3.7 s for
                // the epochs after it), so early on the plan follows the mean epoch time both ways; later it only
                // shrinks, when epochs run slower (a busy host), so the schedules still finish inside the budget.
                double meanEpoch = (elapsed - history.get(0).seconds()) / epoch;
                boolean early = epoch + 1 <= EARLY_PLAN_FRACTION * plannedEpochs;
                double revised = revisePlan(plannedEpochs, epoch + 1, meanEpoch, cfg.minutes() * 60 - elapsed, early);
                if (revised != plannedEpochs) {
                    out.printf(
                            Locale.ROOT,
                            "planned epochs: %.0f -> %.0f (epochs 1-%d took %.1f s each on average)%n",
                            plannedEpochs,
                            revised,
                            epoch,
                            meanEpoch);
                    plannedEpochs = revised;
                }
            }
            int stepsDone = Math.max(1, s);
            // Per-epoch diagnostics on at most 32 held-out shapes: the pairwise Chamfer matrix grows with the square.
            CollapseDiagnostics.Result diag = CollapseDiagnostics.evaluate(
                    model, data.test(), data.testLabels(), data.points(), Math.min(cfg.evalShapes(), 32));
            EpochMetrics m = new EpochMetrics(
                    epoch,
                    elapsed,
                    opt.learningRate(),
                    beta,
                    sumCd / stepsDone,
                    sumKl / stepsDone,
                    diag.reconstruction(),
                    diag.specificity(),
                    diag.activeUnits(),
                    diag.familyKept(),
                    diag.klPerDim(),
                    headFlow.flags());
            history.add(m);
            out.println(m.consoleLine());
            String warning = CollapseDiagnostics.collapseWarning(
                    diag, cfg.model().latent(), cfg.model().autoencoder());
            if (warning != null && epoch >= 1) out.println(warning);
            String flow = headFlow.problem();
            if (flow != null) out.println(flow);
            state = new RunState(epoch + 1, 0, state.globalStep(), 0, 0, elapsed, plannedEpochs);
            MetricsCsv.write(cfg.out().resolve("metrics.csv"), history);
            RunCheckpoint.save(cfg.out(), model, opt, state, settings);
        }
        double sessionSeconds = (System.nanoTime() - sessionStart) / 1e9;
        double throughput = shapesThisSession / Math.max(sessionSeconds, 1e-9);
        return new Result(model, history, interrupted, throughput, baseLr, lrSchedule);
    }

    /** True once a stop was requested (Ctrl-C); the pipeline checks it between its stages too. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /**
     * A resumed run keeps the settings it was started with: every stored setting must equal this trainer's, or the
     * resumed steps would not be the ones the uninterrupted run takes.
     */
    private void requireSameSettings(RunCheckpoint.Loaded l, Map<String, String> settings) {
        for (var e : settings.entrySet()) {
            String was = l.settings().get(e.getKey());
            if (was != null && !was.equals(e.getValue())) {
                throw new IllegalArgumentException(l.file() + ": the run was started with " + e.getKey() + " " + was
                        + ", this run asks for " + e.getValue() + "; a resumed run keeps its settings");
            }
        }
        if (!l.model().config().equals(cfg.model())) {
            throw new IllegalArgumentException(
                    l.file() + ": the run's model is " + l.model().config() + ", this run asks for " + cfg.model()
                            + "; a resumed run keeps its architecture");
        }
    }

    /**
     * The step failed on a non-finite loss or gradient: runs it again in anomaly mode (the optimizer has not stepped,
     * so the model is as it was) to name the first op that produced the non-finite value.
     */
    private DivergenceException diverged(
            DivergenceException e, TrainStep step, Tensor x, double beta, RunState state, int epoch, int s) {
        String op = null;
        boolean was = Autograd.isAnomalyMode();
        Autograd.setAnomalyMode(true);
        try {
            step.run(x, stepRandom(cfg.seed(), state.globalStep()), beta, cfg.freeBits(), null);
        } catch (AnomalyException a) {
            op = a.getMessage();
        } catch (DivergenceException again) {
            // Non-finite without any single op producing it first (e.g. an overflow in the sum of a loss).
        } finally {
            Autograd.setAnomalyMode(was);
        }
        return new DivergenceException(String.format(
                Locale.ROOT,
                "training diverged at epoch %d, step %d of the epoch (global step %d): %s%s; %s keeps its last good checkpoint; "
                        + "lower --lr (%s) or --beta (%s)",
                epoch,
                s + 1,
                state.globalStep() + 1,
                e.getMessage(),
                op == null ? "" : "; anomaly mode: " + op,
                cfg.out(),
                cfg.lr(),
                cfg.beta()));
    }

    /** The part of a planned run during which the plan may still grow (the default schedules hold still there). */
    static final double EARLY_PLAN_FRACTION = 0.2;

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

    private static String fmtPlan(double p) {
        return Double.isInfinite(p) ? "(not yet estimated)" : String.format(Locale.ROOT, "%.0f", p);
    }

    static int[] shuffle(int n, long seed, int epoch) {
        SplittableRandom r = new SplittableRandom(mix(seed, 0x5EED_0000_0000L + epoch));
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Separates the batch stream (pool subsets, augmentation) from the step's own stream (sampling noise). */
    private static final long BATCH_SALT = 0xA06_0000_0000L;

    static RandomGenerator stepRandom(long seed, long step) {
        return new SplittableRandom(mix(seed, step));
    }

    private static long mix(long seed, long v) {
        long z = seed * 0x9E3779B97F4A7C15L + v * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 29);
    }

    /** Describes the run for checkpoint metadata. */
    static Map<String, String> describe(TrainConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("beta", Double.toString(c.beta()));
        m.put("kl_schedule", c.klSchedule().describe());
        m.put("free_bits", Double.toString(c.freeBits()));
        m.put("lr", Double.toString(c.lr()));
        m.put("lr_schedule", c.lrSchedule().describe());
        m.put("batch", Integer.toString(c.batch()));
        m.put("points", Integer.toString(c.points()));
        m.put("seed", Long.toString(c.seed()));
        m.put("epochs", Integer.toString(c.epochs()));
        if (c.epochs() == 0) m.put("minutes", Double.toString(c.minutes()));
        m.put("eval_shapes", Integer.toString(c.evalShapes()));
        m.put("augment", c.augmentation().describe());
        return m;
    }
}
