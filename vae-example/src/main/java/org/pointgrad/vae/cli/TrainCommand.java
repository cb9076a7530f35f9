package org.pointgrad.vae.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.vae.eval.QualityReport;
import org.pointgrad.vae.model.VaeConfig;
import org.pointgrad.vae.schedule.KlSchedule;
import org.pointgrad.vae.schedule.LrSchedule;
import org.pointgrad.vae.train.TrainConfig;
import org.pointgrad.vae.train.RunPipeline;
import org.pointgrad.vae.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pointvae train}: trains a model into a run folder and writes its pictures and report. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train the VAE; writes the model, metrics.csv, pictures and report.html into --out.")
public final class TrainCommand implements Callable<Integer> {
    /** Default Adam learning rate (4-minute runs: 2e-3 beat 1e-3 and 3e-3; README "Choosing the defaults"). */
    static final String DEFAULT_LR = "2e-3";
    /** Default clouds per step (4-minute runs: batch 4 and 8 reconstructed better than 16 in the same time). */
    static final String DEFAULT_BATCH = "4";

    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin DataOptions dataOptions;

    @Option(names = "--arch", defaultValue = "reference", description = "reference: the small default model (253,784 parameters with the default sizes); atlasnet: AtlasNet as published, with BatchNorm (19,882,827 parameters), see VaeConfig.atlasNet() (default: ${DEFAULT-VALUE}).") String arch;
    @Option(names = "--latent", description = "Latent size Z (default: 32; atlasnet: 1024, equal to --hidden).") Integer latent;
    @Option(names = "--patches", description = "AtlasNet patches K (default: 8; atlasnet: 25).") Integer patches;
    @Option(names = "--hidden", description = "Hidden width of each patch MLP (default: 128; atlasnet: 1024, the first of its widths H, H/2, H/4).") Integer hidden;
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
        VaeConfig model = modelConfig();
        // A resumed run trains on the data it started with (its run.properties), unless --data names new data:
        // the data options' defaults must not silently swap the data set under a checkpoint.
        boolean ownData = resume && dataOptions.data == null && Files.exists(this.out.resolve("run.properties"));
        TrainingData data = ownData ? DataOptions.forRun(this.out, null, 0) : dataOptions.load(common.seed);
        TrainConfig cfg = new TrainConfig(this.out, model, data.points(), batch, lr, LrSchedule.parse(lrSchedule), beta, KlSchedule.parse(klSchedule), freeBits,
                epochs, minutes, common.seed, evalShapes, !noProgress && System.console() != null);
        out.printf(Locale.ROOT, "pointvae train: kernel %s, %d threads, lr %.1e (%s), %s%n", Kernels.matmul().name(), Parallel.threads(),
                lr, cfg.lrSchedule().describe(), cfg.model().autoencoder() ? "autoencoder" : String.format(Locale.ROOT, "beta %.1e, KL schedule %s, free bits %.3g",
                        beta, cfg.klSchedule().describe(), freeBits));
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

    /** The model options on top of the --arch preset. */
    VaeConfig modelConfig() {
        String a = arch.trim().toLowerCase(Locale.ROOT);
        boolean atlas = a.equals("atlasnet");
        if (!atlas && !a.equals("reference")) {
            throw new ParameterException(spec.commandLine(), "--arch: expected reference or atlasnet, got '" + arch + "'");
        }
        VaeConfig c = atlas ? VaeConfig.atlasNet() : VaeConfig.defaults();
        if (atlas) {
            if (linearOutput) throw new ParameterException(spec.commandLine(), "--linear-output: the atlasnet patches have a linear output already");
            // z is added to the first patch layer's output, so one of --latent/--hidden sets both.
            Integer w = latent != null ? latent : hidden;
            if (latent != null && hidden != null && !latent.equals(hidden)) {
                throw new ParameterException(spec.commandLine(), "--arch atlasnet: --latent (" + latent + ") and --hidden (" + hidden
                        + ") must be equal: z is added to the first patch layer's output");
            }
            if (w != null) c = c.withLatentAndHidden(w);
        } else {
            if (latent != null) c = c.withLatent(latent);
            if (hidden != null) c = c.withHidden(hidden);
            c = c.withTanhOutput(!linearOutput);
        }
        if (patches != null) c = c.withPatches(patches);
        return c.withTemplate(VaeConfig.Template.valueOf(template.trim().toUpperCase(Locale.ROOT))).withAutoencoder(ae)
                .withDtype(float64 ? DType.FLOAT64 : DType.FLOAT32);
    }
}
