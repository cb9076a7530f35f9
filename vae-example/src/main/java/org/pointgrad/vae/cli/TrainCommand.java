package org.pointgrad.vae.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.pointcloud.transform.Augmentation;
import org.pointgrad.pointcloud.transform.Axis;
import org.pointgrad.vae.eval.QualityReport;
import org.pointgrad.vae.model.VaeConfig;
import org.pointgrad.vae.schedule.KlSchedule;
import org.pointgrad.vae.schedule.LrSchedule;
import org.pointgrad.vae.train.TrainConfig;
import org.pointgrad.vae.train.RunPipeline;
import org.pointgrad.vae.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pointvae train}: trains a model into a run folder and writes its pictures and report. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train the VAE; writes the model, metrics.csv, pictures and report.html into --out.")
public final class TrainCommand implements Callable<Integer> {
    /** Default Adam learning rate (4-minute runs: 2e-3 beat 1e-3 and 3e-3; README "Choosing the defaults"). */
    static final String DEFAULT_LR = "2e-3";
    /** Default clouds per step (4-minute runs: batch 4 and 8 reconstructed better than 16 in the same time). */
    static final String DEFAULT_BATCH = "4";

    @Mixin CommonOptions common;
    @Mixin DataOptions dataOptions;

    @Option(names = "--latent", defaultValue = "32", description = "Latent size Z (default: ${DEFAULT-VALUE}).") int latent;
    @Option(names = "--patches", defaultValue = "8", description = "AtlasNet patches K (default: ${DEFAULT-VALUE}).") int patches;
    @Option(names = "--hidden", defaultValue = "128", description = "Hidden width of each patch MLP (default: ${DEFAULT-VALUE}).") int hidden;
    @Option(names = "--template", defaultValue = "square", description = "square or sphere (default: ${DEFAULT-VALUE}).") String template;
    @Option(names = "--linear-output", description = "Linear patch output instead of tanh.") boolean linearOutput;
    @Option(names = "--epochs", defaultValue = "0", description = "Epochs to train (0: use --minutes).") int epochs;
    @Option(names = "--minutes", defaultValue = "7.5", description = "Training time budget when --epochs is 0 (default: ${DEFAULT-VALUE}).") double minutes;
    @Option(names = "--batch", defaultValue = DEFAULT_BATCH, description = "Clouds per step (default: ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--lr", defaultValue = DEFAULT_LR, description = "Adam learning rate (default: ${DEFAULT-VALUE}).") double lr;
    @Option(names = "--lr-schedule", defaultValue = "cosine:0.05:0.6", description = "Learning-rate schedule over the planned epochs: constant|cosine[:FLOOR[:START]]|step:E1,E2:F; cosine decays from 1 to FLOOR (default " + LrSchedule.DEFAULT_FLOOR + "), starting at fraction START of the plan (default 0). Default: ${DEFAULT-VALUE} (a full-run cosine was worse than constant in 40-epoch runs). On --resume the run's own lr and schedule are kept.") String lrSchedule;
    @Option(names = "--beta", defaultValue = "1e-5", description = "KL weight (default: ${DEFAULT-VALUE}; see the rate-distortion sweep in README.md).") double beta;
    @Option(names = "--kl-schedule", defaultValue = "constant", description = "constant|linear:E|cyclical:M:R|step:E1,E2:F (default: ${DEFAULT-VALUE}).") String klSchedule;
    @Option(names = "--free-bits", defaultValue = "0", description = "Per-dimension KL floor in nats (default: ${DEFAULT-VALUE}).") double freeBits;
    @Option(names = "--augment", defaultValue = "none", description = "Random changes to every training batch: none or a "
            + "comma-separated list of rotate:DEGREES (about the up axis), mirror (across the symmetry plane), scale:S (each "
            + "axis by 1 +- S, then back to the input's radius), e.g. rotate:5,mirror,scale:0.1 (default: ${DEFAULT-VALUE}).")
    String augment;
    @Option(names = "--augment-axes", defaultValue = "y,z", description = "UP,SPAN axes the augmentation uses: rotation about "
            + "UP, mirror across the plane normal to SPAN (default: ${DEFAULT-VALUE}).") String augmentAxes;
    @Option(names = "--ae", description = "Plain autoencoder: no sampling, no KL (for comparison).") boolean ae;
    @Option(names = "--out", defaultValue = "runs/default", description = "Run folder (default: ${DEFAULT-VALUE}).") Path out;
    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.") boolean resume;
    @Option(names = "--eval-shapes", defaultValue = "64", description = "Held-out shapes for diagnostics and metrics (default: ${DEFAULT-VALUE}).") int evalShapes;
    @Option(names = "--no-progress", description = "No progress bar.") boolean noProgress;
    @Option(names = "--float64", description = "Train in FLOAT64 instead of FLOAT32.") boolean float64;

    @Override
    public Integer call() throws IOException {
        common.apply();
        PrintStream out = System.out;
        VaeConfig model = VaeConfig.defaults().withLatent(latent).withPatches(patches).withHidden(hidden)
                .withTemplate(VaeConfig.Template.valueOf(template.trim().toUpperCase(Locale.ROOT)))
                .withTanhOutput(!linearOutput).withAutoencoder(ae)
                .withDtype(float64 ? org.pointgrad.autodiff.DType.FLOAT64 : org.pointgrad.autodiff.DType.FLOAT32);
        // A resumed run trains on the data it started with (its run.properties), unless --data names new data:
        // the data options' defaults must not silently swap the data set under a checkpoint.
        boolean ownData = resume && dataOptions.data == null && Files.exists(this.out.resolve("run.properties"));
        Augmentation augmentation = parseAugmentation(augment, augmentAxes);
        TrainingData data = ownData ? DataOptions.forResume(this.out) : dataOptions.load(common.seed);
        TrainConfig cfg = new TrainConfig(this.out, model, data.points(), batch, lr, LrSchedule.parse(lrSchedule), beta, KlSchedule.parse(klSchedule), freeBits,
                epochs, minutes, common.seed, evalShapes, !noProgress && System.console() != null, augmentation);
        out.printf(Locale.ROOT, "pointvae train: kernel %s, %d threads, lr %.1e (%s), %s%n", Kernels.matmul().name(), Parallel.threads(),
                lr, cfg.lrSchedule().describe(), cfg.model().autoencoder() ? "autoencoder" : String.format(Locale.ROOT, "beta %.1e, KL schedule %s, free bits %.3g",
                        beta, cfg.klSchedule().describe(), freeBits));
        if (!augmentation.isIdentity()) {
            out.printf(Locale.ROOT, "augmentation: %s (up %s, span %s)%n", augmentation.describe(), augmentation.up(), augmentation.span());
        }
        if (ownData) {
            out.println("resuming on the run's own data: " + data.source() + " (run.properties; --data would override it, "
                    + "the other data options are not used on --resume)");
        } else {
            Files.createDirectories(this.out);
            dataOptions.writeRunProperties(this.out, common.seed);
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread[] hook = new Thread[1];
        RunPipeline.Outcome result;
        try {
            result = RunPipeline.run(cfg, data, resume, evalShapes, out, trainer -> {
                hook[0] = new Thread(() -> {
                    trainer.requestStop();
                    try {
                        // Let the training thread write its checkpoint before the JVM exits.
                        finished.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }, "pointvae-stop");
                Runtime.getRuntime().addShutdownHook(hook[0]);
            });
        } finally {
            finished.countDown();
        }
        if (result.interrupted()) return 130;
        try {
            Runtime.getRuntime().removeShutdownHook(hook[0]);
        } catch (IllegalStateException ignored) {
            // Already shutting down.
        }
        QualityReport q = result.quality();
        out.println();
        out.print(q.table());
        out.printf(Locale.ROOT, "throughput: %.1f shapes/s (%s kernel, %d threads)%n", result.shapesPerSecond(), Kernels.matmul().name(),
                Parallel.threads());
        out.println("wrote " + this.out.resolve("report.html") + " (open it in a browser) with the pictures, metrics.csv, eval.json and the model");
        return 0;
    }

    /** {@code --augment} with the axes of {@code --augment-axes} ("UP,SPAN", e.g. "y,z"). */
    static Augmentation parseAugmentation(String spec, String axes) {
        String[] a = axes.trim().split(",");
        if (a.length != 2) throw new IllegalArgumentException("--augment-axes: expected UP,SPAN such as y,z, got '" + axes + "'");
        return Augmentation.parse(spec, axis(a[0], axes), axis(a[1], axes));
    }

    private static Axis axis(String name, String axes) {
        try {
            return Axis.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--augment-axes '" + axes + "': '" + name.trim() + "' is not an axis; expected x, y or z");
        }
    }
}
