package org.pointgrad.vae.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Everything random is a function of the seed and the step or epoch ({@link RunRandom}), so a run resumed from a
 * checkpoint continues exactly as the uninterrupted run would. The learning rate of every step is base lr * lr
 * schedule factor (fractional epoch, planned epochs; {@link EpochPlan} plans the epochs of a time budget). A resume
 * must ask for the settings the run was started with (an error names the first that differs), so the resumed steps
 * match too. A non-finite loss or gradient stops training before the optimizer step, with the op anomaly mode
 * finds ({@link DivergenceException}); the last checkpoint written stays the newest.
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

    /** A trainer for {@code cfg} on {@code data}, printing progress to {@code out}. */
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
        Map<String, String> settings = describe(cfg);
        Session s = resume ? resumed(settings) : fresh();
        int stepsPerEpoch = stepsPerEpoch();
        printDataLine(s.model);
        EpochPlan plan = EpochPlan.start(cfg, s.state, resume, out);
        boolean interrupted = false;
        long sessionStart = System.nanoTime();
        while (!plan.finishedBefore(s.state.epoch())) {
            int epoch = s.state.epoch();
            EpochSteps steps = trainEpoch(s, plan, stepsPerEpoch);
            double elapsed = plan.elapsedSeconds();
            if (steps.interrupted()) {
                saveInterrupted(s, plan, elapsed, settings);
                interrupted = true;
                break;
            }
            plan.afterEpoch(epoch, elapsed, (System.nanoTime() - steps.startNanos()) / 1e9, s.history, out);
            record(s, evaluate(s, epoch, elapsed, steps));
            s.state = new RunState(epoch + 1, 0, s.state.globalStep(), 0, 0, elapsed, plan.planned());
            RunCheckpoint.save(cfg.out(), s.model, s.opt, s.state, settings);
        }
        double sessionSeconds = (System.nanoTime() - sessionStart) / 1e9;
        double throughput = s.shapesTrained / Math.max(sessionSeconds, 1e-9);
        return new Result(s.model, s.history, interrupted, throughput, cfg.lr(), cfg.lrSchedule());
    }

    /** What one session of training works on: the model and optimizer, where the run stands, the epochs so far. */
    private final class Session {
        final PointCloudVae model;
        final Adam opt;
        final List<EpochMetrics> history = new ArrayList<>();
        final TrainStep step;
        final HeadFlow headFlow;
        final ProgressReporter progress = new ProgressReporter(cfg.progress(), out);
        RunState state;
        long shapesTrained;

        Session(PointCloudVae model, Adam opt, RunState state) {
            this.model = model;
            this.opt = opt;
            this.state = state;
            this.step = new TrainStep(model, opt);
            this.headFlow = new HeadFlow(model, !cfg.model().autoencoder());
        }
    }

    /** The steps of one epoch: their loss sums, the KL weight of the last, and whether a stop cut the epoch short. */
    private record EpochSteps(
            double sumChamfer, double sumKl, int done, double beta, boolean interrupted, long startNanos) {}

    private Session fresh() {
        PointCloudVae model = new PointCloudVae(cfg.model(), new SplittableRandom(cfg.seed()));
        return new Session(model, new Adam(model.namedParameters(), cfg.lr()), new RunState(0, 0, 0, 0, 0, 0, 0));
    }

    private Session resumed(Map<String, String> settings) throws IOException {
        RunCheckpoint.Loaded l = RunCheckpoint.load(cfg.out(), cfg.lr());
        for (String why : l.skipped()) out.println("warning: " + why + "; resuming from the generation before it");
        requireSameSettings(l, settings);
        // model.safetensors may be a generation behind when the last save was cut short after its checkpoint.
        RunCheckpoint.exportModel(cfg.out(), l.model());
        Session s = new Session(l.model(), l.optimizer(), l.state());
        s.history.addAll(MetricsCsv.read(cfg.out().resolve("metrics.csv"), s.state.epoch()));
        out.printf(
                Locale.ROOT,
                "resuming %s at epoch %d, step %d of the epoch (%d steps done)%n",
                cfg.out(),
                s.state.epoch(),
                s.state.stepInEpoch(),
                s.state.globalStep());
        return s;
    }

    private int stepsPerEpoch() {
        int n = data.train().size();
        if (n / cfg.batch() < 1)
            throw new IllegalArgumentException(
                    "batch " + cfg.batch() + " is larger than the " + n + " training shapes");
        return n / cfg.batch();
    }

    private void printDataLine(PointCloudVae model) {
        out.printf(
                Locale.ROOT,
                "data: %s; %d train / %d held-out shapes, %d points; model: %d parameters (%s)%n",
                data.source(),
                data.train().size(),
                data.test().size(),
                data.points(),
                model.parameterCount(),
                cfg.model().autoencoder() ? "autoencoder" : "VAE");
    }

    /**
     * Trains the rest of the epoch {@code s} stands in, step by step, until its end, a stop request, or (with a time
     * budget) the end of the budget: then the epoch closes early so its metrics are still written.
     */
    private EpochSteps trainEpoch(Session s, EpochPlan plan, int stepsPerEpoch) {
        int epoch = s.state.epoch();
        int[] order = RunRandom.epochOrder(data.train().size(), cfg.seed(), epoch);
        // A pool (sampled once, larger than the clouds) or this epoch's clouds (a fresh draw per epoch, or fixed).
        BatchSource batches = data.hasPool()
                ? BatchSource.ofPool(
                        data.trainPool(), RunRandom.poolSeed(cfg.seed()), data.points(), cfg.augmentation())
                : BatchSource.of(data.trainEpoch(epoch), data.points(), cfg.augmentation());
        double sumCd = s.state.sumChamfer(), sumKl = s.state.sumKl();
        long startNanos = System.nanoTime();
        s.progress.startEpoch(epoch, stepsPerEpoch, s.state.stepInEpoch());
        int i = s.state.stepInEpoch();
        // A run resumed after the epoch's last step reports the schedules of that step, as the uninterrupted run does.
        double beta = applySchedules(s.opt, epoch, Math.min(i, stepsPerEpoch - 1), stepsPerEpoch, plan.planned());
        boolean interrupted = false;
        for (; i < stepsPerEpoch; i++) {
            beta = applySchedules(s.opt, epoch, i, stepsPerEpoch, plan.planned());
            int[] idx = Arrays.copyOfRange(order, i * cfg.batch(), (i + 1) * cfg.batch());
            long globalStep = s.state.globalStep();
            Tensor x = batches.batch(idx, globalStep, RunRandom.batch(cfg.seed(), globalStep));
            RandomGenerator rng = RunRandom.step(cfg.seed(), globalStep);
            TrainStep.Losses l;
            try {
                l = s.step.run(x, rng, beta, cfg.freeBits(), i == stepsPerEpoch - 1 ? s.headFlow : null);
            } catch (DivergenceException e) {
                throw diverged(e, s.step, x, beta, s.state, epoch, i);
            }
            sumCd += l.chamfer();
            sumKl += l.kl();
            s.state = s.state.advance(i + 1, sumCd, sumKl);
            s.shapesTrained += cfg.batch();
            s.progress.step(i + 1, l.chamfer(), l.kl());
            if (stopRequested || s.state.globalStep() >= stopAtGlobalStep) {
                interrupted = true;
                i++;
                break;
            }
            if (plan.outOfTime() && i + 1 < stepsPerEpoch) {
                i++;
                break;
            }
        }
        s.progress.endEpoch();
        return new EpochSteps(sumCd, sumKl, Math.max(1, i), beta, interrupted, startNanos);
    }

    /** Sets the learning rate of step {@code i} of {@code epoch} and returns its KL weight. */
    private double applySchedules(Adam opt, int epoch, int i, int stepsPerEpoch, double plannedEpochs) {
        double fracEpoch = epoch + (double) i / stepsPerEpoch;
        opt.setLearningRate(cfg.lr() * cfg.lrSchedule().factor(fracEpoch, plannedEpochs));
        return cfg.beta() * cfg.klSchedule().factor(fracEpoch, plannedEpochs);
    }

    private void saveInterrupted(Session s, EpochPlan plan, double elapsed, Map<String, String> settings)
            throws IOException {
        RunCheckpoint.save(cfg.out(), s.model, s.opt, s.state.withElapsed(elapsed, plan.planned()), settings);
        out.printf(
                Locale.ROOT,
                "interrupted: checkpoint written to %s at epoch %d step %d; continue with --resume%n",
                cfg.out(),
                s.state.epoch(),
                s.state.stepInEpoch());
    }

    /** An epoch's metrics and the warnings its diagnostics raised. */
    private record EpochReport(EpochMetrics metrics, List<String> warnings) {}

    /** The epoch's metrics: its mean training losses and the diagnostics on held-out shapes. */
    private EpochReport evaluate(Session s, int epoch, double elapsed, EpochSteps steps) {
        // At most 32 held-out shapes: the pairwise Chamfer matrix grows with the square.
        CollapseDiagnostics.Result diag = CollapseDiagnostics.evaluate(
                s.model, data.test(), data.testLabels(), data.points(), Math.min(cfg.evalShapes(), 32));
        EpochMetrics m = new EpochMetrics(
                epoch,
                elapsed,
                s.opt.learningRate(),
                steps.beta(),
                steps.sumChamfer() / steps.done(),
                steps.sumKl() / steps.done(),
                diag.reconstruction(),
                diag.specificity(),
                diag.activeUnits(),
                diag.familyKept(),
                diag.klPerDim(),
                s.headFlow.flags());
        String warning = CollapseDiagnostics.collapseWarning(
                diag, cfg.model().latent(), cfg.model().autoencoder());
        List<String> warnings = new ArrayList<>();
        if (warning != null && epoch >= 1) warnings.add(warning);
        String flow = s.headFlow.problem();
        if (flow != null) warnings.add(flow);
        return new EpochReport(m, warnings);
    }

    /** Adds the epoch to the history, prints it with its warnings and rewrites metrics.csv. */
    private void record(Session s, EpochReport e) throws IOException {
        s.history.add(e.metrics());
        out.println(e.metrics().consoleLine());
        for (String w : e.warnings()) out.println(w);
        MetricsCsv.write(cfg.out().resolve("metrics.csv"), s.history);
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
            step.run(x, RunRandom.step(cfg.seed(), state.globalStep()), beta, cfg.freeBits(), null);
        } catch (AnomalyException a) {
            op = a.getMessage();
        } catch (DivergenceException again) {
            // Non-finite without any single op producing it first (e.g. an overflow in the sum of a loss).
        } finally {
            Autograd.setAnomalyMode(was);
        }
        return new DivergenceException(String.format(
                Locale.ROOT,
                "training diverged at epoch %d, step %d of the epoch (global step %d): %s%s; %s "
                        + "keeps its last good checkpoint; " + "lower --lr (%s) or --beta (%s)",
                epoch,
                s + 1,
                state.globalStep() + 1,
                e.getMessage(),
                op == null ? "" : "; anomaly mode: " + op,
                cfg.out(),
                cfg.lr(),
                cfg.beta()));
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
