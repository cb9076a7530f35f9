package org.pointgrad.vae.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.nn.schedule.Cosine;
import org.pointgrad.pointcloud.transform.Augmentation;
import org.pointgrad.pointcloud.transform.Axis;
import org.pointgrad.pointcloud.transform.AxisConvention;
import org.pointgrad.vae.eval.QualityReport;
import org.pointgrad.vae.model.VaeConfig;
import org.pointgrad.vae.report.RunAxes;
import org.pointgrad.vae.schedule.ScheduleSpecs;
import org.pointgrad.vae.train.DivergenceException;
import org.pointgrad.vae.train.RunCheckpoint;
import org.pointgrad.vae.train.RunFolder;
import org.pointgrad.vae.train.RunLock;
import org.pointgrad.vae.train.RunPipeline;
import org.pointgrad.vae.train.TrainConfig;
import org.pointgrad.vae.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pointvae train}: trains a model into a run folder and writes its pictures and report. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train the VAE; writes the model, metrics.csv, pictures and report.html into --out.")
public final class TrainCommand implements Callable<Integer> {
    /** {@link TrainConfig#DEFAULT_LR} as an option default. */
    static final String DEFAULT_LR = "" + TrainConfig.DEFAULT_LR;
    /** {@link TrainConfig#DEFAULT_BATCH} as an option default. */
    static final String DEFAULT_BATCH = "" + TrainConfig.DEFAULT_BATCH;
    /** {@link TrainConfig#DEFAULT_LR_SCHEDULE} as an option default (a test checks that the two agree). */
    static final String DEFAULT_LR_SCHEDULE = "cosine:0.05:0.6";
    /**
     * Options a resumed run may change: they affect speed and console output, not the settings. (Work split across
     * threads is chunked by thread count, so a bit-identical continuation also needs the same --threads.)
     */
    static final Set<String> MAY_CHANGE_ON_RESUME =
            new LinkedHashSet<>(List.of("--threads", "--no-progress", "--verbose"));
    /** Options that pick the run folder and how it is opened, not part of a run's settings. */
    static final Set<String> NOT_STORED =
            Set.of("--threads", "--no-progress", "--verbose", "--out", "--resume", "--overwrite");

    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    AxesOptions axes;

    @Option(
            names = "--arch",
            defaultValue = "reference",
            description = "reference: the small default model (253,784 parameters with the default sizes); "
                    + "atlasnet: AtlasNet as published, with BatchNorm (19,882,827 parameters), see "
                    + "VaeConfig.atlasNet() (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--latent", description = "Latent size Z (default: 32; atlasnet: 1024, equal to --hidden).")
    Integer latent;

    @Option(names = "--patches", description = "AtlasNet patches K (default: 8; atlasnet: 25).")
    Integer patches;

    @Option(
            names = "--hidden",
            description = "Hidden width of each patch MLP (default: 128; atlasnet: 1024, the first of its "
                    + "widths H, H/2, H/4).")
    Integer hidden;

    @Option(
            names = "--template",
            defaultValue = "square",
            description = "square or sphere (default: ${DEFAULT-VALUE}).")
    String template;

    @Option(names = "--linear-output", description = "Linear patch output instead of tanh.")
    boolean linearOutput;

    @Option(names = "--epochs", defaultValue = "0", description = "Epochs to train (0: use --minutes).")
    int epochs;

    @Option(
            names = "--minutes",
            defaultValue = "7.5",
            description = "Training time budget when --epochs is 0 (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(
            names = "--batch",
            defaultValue = DEFAULT_BATCH,
            description = "Clouds per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = DEFAULT_LR, description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--lr-schedule",
            defaultValue = DEFAULT_LR_SCHEDULE,
            description = "Learning-rate schedule over the planned epochs: "
                    + "constant|cosine[:FLOOR[:START]]|step:E1,E2:F; cosine decays from 1 to FLOOR (default "
                    + Cosine.DEFAULT_FLOOR
                    + "), starting at fraction START of the plan (default 0). Default: "
                    + "${DEFAULT-VALUE} (full rate for the first 60% of the plan). On --resume the "
                    + "run's own lr and schedule are used (giving a different one is an error).")
    String lrSchedule;

    @Option(
            names = "--beta",
            defaultValue = "1e-5",
            description = "KL weight (default: ${DEFAULT-VALUE}; see the rate-distortion sweep in docs/results.md).")
    double beta;

    @Option(
            names = "--kl-schedule",
            defaultValue = "constant",
            description = "constant|linear:E|cyclical:M:R|step:E1,E2:F (default: ${DEFAULT-VALUE}).")
    String klSchedule;

    @Option(
            names = "--free-bits",
            defaultValue = "0",
            description = "Per-dimension KL floor in nats (default: ${DEFAULT-VALUE}).")
    double freeBits;

    @Option(
            names = "--augment",
            defaultValue = "none",
            description = "Random changes to every training batch: none or a "
                    + "comma-separated list of rotate:DEGREES (about the up axis), mirror (across the "
                    + "symmetry plane), scale:S (each "
                    + "axis by 1 +- S, then back to the input's radius), e.g. "
                    + "rotate:5,mirror,scale:0.1 (default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(
            names = "--augment-axes",
            defaultValue = "y,z",
            description = "UP,SPAN axes the augmentation uses: rotation about "
                    + "UP, mirror across the plane normal to SPAN (default: ${DEFAULT-VALUE}).")
    String augmentAxes;

    @Option(names = "--ae", description = "Plain autoencoder: no sampling, no KL (for comparison).")
    boolean ae;

    @Option(names = "--out", defaultValue = "runs/default", description = "Run folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--resume",
            description = "Continue the run in --out from its last checkpoint, with the options it was started with "
                    + "(an option given again must have the run's value; "
                    + "--threads, --no-progress and --verbose may change).")
    boolean resume;

    @Option(
            names = "--overwrite",
            description = "Replace the run in --out (its checkpoints, model, priors, metrics, pictures and report).")
    boolean overwrite;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--eval-shapes",
            defaultValue = "64",
            description = "Held-out shapes for diagnostics and metrics (default: ${DEFAULT-VALUE}).")
    int evalShapes;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Option(names = "--float64", description = "Train in FLOAT64 instead of FLOAT32.")
    boolean float64;

    @Override
    public Integer call() throws IOException {
        RunFolder.checkPath(this.out, "--out");
        if (resume && overwrite)
            throw new IllegalArgumentException(
                    "--resume continues the run in --out, --overwrite replaces it: give one");
        try (RunLock lock = RunLock.acquire(this.out, "train")) {
            if (lock.staleHolder() != null)
                System.out.println("note: " + this.out + " was locked by " + lock.staleHolder() + ", which has ended");
            prepareFolder();
            return run();
        } catch (DivergenceException e) {
            System.err.println("pointvae: " + e.getMessage());
            return 1;
        }
    }

    /** Refuses to write over a run unless asked to; on --resume, takes the run's options. */
    private void prepareFolder() throws IOException {
        RunFolder.removeStaleTemps(this.out);
        if (resume) {
            if (!RunCheckpoint.exists(this.out)) {
                throw new IllegalArgumentException(this.out + ": no checkpoint to resume"
                        + (RunFolder.holdsRun(this.out)
                                ? " (the run stopped before its first checkpoint); start it again with --overwrite"
                                : "; start a run without --resume"));
            }
            if (!RunOptions.exists(this.out)) {
                throw new IllegalArgumentException(this.out + ": no " + RunOptions.FILE + " (the options the run was"
                        + " started with), so it cannot be resumed exactly; start it again with --overwrite");
            }
            RunOptions.restore(this.out, spec, MAY_CHANGE_ON_RESUME, NOT_STORED);
            System.out.println(
                    "resuming " + this.out + " with the options it was started with (" + RunOptions.FILE + ")");
        } else if (RunFolder.holdsRun(this.out)) {
            if (!overwrite) {
                throw new IllegalArgumentException(
                        this.out + " holds a run; continue it with --resume, replace it with --overwrite, or choose "
                                + "another --out");
            }
            System.out.printf(
                    Locale.ROOT,
                    "--overwrite: removed %d files of the previous run in %s%n",
                    RunFolder.clear(this.out),
                    this.out);
        }
    }

    private Integer run() throws IOException {
        common.apply();
        PrintStream out = System.out;
        VaeConfig model = modelConfig();
        Augmentation augmentation = parseAugmentation(augment, augmentAxes);
        // On --resume the data options are the run's own (restored from its options file).
        TrainingData data = dataOptions.load(common.seed);
        TrainConfig cfg = TrainSettings.build(
                TrainConfig.builder(this.out)
                        .model(model)
                        .points(data.points())
                        .batch(batch)
                        .lr(lr)
                        .lrSchedule(ScheduleSpecs.learningRate(lrSchedule))
                        .beta(beta)
                        .klSchedule(ScheduleSpecs.klWeight(klSchedule))
                        .freeBits(freeBits)
                        .epochs(epochs)
                        .minutes(minutes)
                        .seed(common.seed)
                        .evalShapes(evalShapes)
                        .progress(!noProgress && System.console() != null)
                        .augmentation(augmentation),
                TrainSettings.TRAIN_FLAGS);
        out.printf(
                Locale.ROOT,
                "pointvae train: kernel %s, %d threads, lr %.1e (%s), %s%n",
                Kernels.matmul().name(),
                Parallel.threads(),
                lr,
                cfg.lrSchedule().describe(),
                cfg.model().autoencoder()
                        ? "autoencoder"
                        : String.format(
                                Locale.ROOT,
                                "beta %.1e, KL schedule %s, free bits %.3g",
                                beta,
                                cfg.klSchedule().describe(),
                                freeBits));
        if (!augmentation.isIdentity()) {
            out.printf(
                    Locale.ROOT,
                    "augmentation: %s (up %s, span %s)%n",
                    augmentation.describe(),
                    augmentation.up(),
                    augmentation.span());
        }
        if (!resume) {
            Files.createDirectories(this.out);
            dataOptions.writeRunProperties(this.out, common.seed);
            RunOptions.save(this.out, spec, NOT_STORED);
        }
        // Recorded so that the run's pictures, and later commands on the run, draw the shapes upright.
        AxisConvention pictureAxes = resume ? axes.forRun(this.out) : axes.resolve(AxisConvention.POINTGRAD);
        RunAxes.write(this.out, pictureAxes);
        out.println("pictures drawn with " + pictureAxes.describe() + " (recorded in " + RunAxes.FILE + ")");
        DataOptions.reportProblems(data, this.out, out);
        RunPipeline.Outcome result;
        try (StopOnInterrupt stop = new StopOnInterrupt()) {
            result = RunPipeline.run(cfg, data, resume, evalShapes, out, stop::attach);
        }
        if (result.interrupted()) {
            out.println("to continue: pointvae train --resume --out " + this.out);
            return 130;
        }
        QualityReport q = result.quality();
        out.println();
        out.print(q.table());
        out.printf(
                Locale.ROOT,
                "throughput: %.1f shapes/s (%s kernel, %d threads)%n",
                result.shapesPerSecond(),
                Kernels.matmul().name(),
                Parallel.threads());
        out.println("wrote " + this.out.resolve("report.html")
                + " (open it in a browser) with the pictures, metrics.csv, eval.json and the model");
        return 0;
    }

    /** {@code --augment} with the axes of {@code --augment-axes} ("UP,SPAN", e.g. "y,z"). */
    static Augmentation parseAugmentation(String spec, String axes) {
        String[] a = axes.trim().split(",");
        if (a.length != 2)
            throw new IllegalArgumentException("--augment-axes: expected UP,SPAN such as y,z, got '" + axes + "'");
        return Augmentation.parse(spec, axis(a[0], axes), axis(a[1], axes));
    }

    private static Axis axis(String name, String axes) {
        try {
            return Axis.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--augment-axes '" + axes + "': '" + name.trim() + "' is not an axis; expected x, y or z");
        }
    }

    /** The model options on top of the --arch preset. */
    VaeConfig modelConfig() {
        String a = arch.trim().toLowerCase(Locale.ROOT);
        boolean atlas = a.equals("atlasnet");
        if (!atlas && !a.equals("reference")) {
            throw new ParameterException(
                    spec.commandLine(), "--arch: expected reference or atlasnet, got '" + arch + "'");
        }
        VaeConfig c = atlas ? VaeConfig.atlasNet() : VaeConfig.defaults();
        if (atlas) {
            if (linearOutput)
                throw new ParameterException(
                        spec.commandLine(), "--linear-output: the atlasnet patches have a linear output already");
            // z is added to the first patch layer's output, so one of --latent/--hidden sets both.
            Integer w = latent != null ? latent : hidden;
            if (latent != null && hidden != null && !latent.equals(hidden)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--arch atlasnet: --latent (" + latent + ") and --hidden (" + hidden
                                + ") must be equal: z is added to the first patch layer's output");
            }
            if (w != null) c = c.withLatentAndHidden(w);
        } else {
            if (latent != null) c = c.withLatent(latent);
            if (hidden != null) c = c.withHidden(hidden);
            c = c.withTanhOutput(!linearOutput);
        }
        if (patches != null) c = c.withPatches(patches);
        return c.withTemplate(VaeConfig.Template.valueOf(template.trim().toUpperCase(Locale.ROOT)))
                .withAutoencoder(ae)
                .withDtype(float64 ? DType.FLOAT64 : DType.FLOAT32);
    }
}
