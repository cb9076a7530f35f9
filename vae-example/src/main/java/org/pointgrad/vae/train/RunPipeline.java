package org.pointgrad.vae.train;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.nn.io.AtomicFiles;
import org.pointgrad.vae.eval.Evaluation;
import org.pointgrad.vae.eval.LatentPrior;
import org.pointgrad.vae.eval.QualityReport;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.prior.EncodedMeans;
import org.pointgrad.vae.prior.PriorFitting;
import org.pointgrad.vae.report.RunArtifacts;

/**
 * A whole run: train (or resume), fit the ex-post priors to the encoded training means, evaluate on the held-out
 * split, and write eval.json, the pictures and report.html. Used by {@code pointvae train} and {@code pointvae sweep}.
 */
public final class RunPipeline {
    /** Components of the ex-post Gaussian mixture prior. */
    public static final int GMM_COMPONENTS = 16;

    /** What a finished run produced. */
    public record Outcome(
            PointCloudVae model,
            List<EpochMetrics> history,
            QualityReport quality,
            double shapesPerSecond,
            boolean interrupted) {}

    private RunPipeline() {}

    /** Ctrl-C after the last epoch: stop between stages; the model is saved, and a resume writes what is missing. */
    private static boolean stoppedBefore(Trainer trainer, String stage, TrainConfig cfg, PrintStream out) {
        if (!trainer.stopRequested()) return false;
        out.println("interrupted after training, before " + stage + " were written: the trained model is saved in "
                + cfg.out() + "; resuming the run writes the rest");
        return true;
    }

    /**
     * Runs everything; {@code onTrainer} receives the trainer before training starts (the CLI registers its Ctrl-C
     * hook there). {@code evalShapes} held-out shapes are used for the final figures.
     */
    public static Outcome run(
            TrainConfig cfg,
            TrainingData data,
            boolean resume,
            int evalShapes,
            PrintStream out,
            Consumer<Trainer> onTrainer)
            throws IOException {
        Trainer trainer = new Trainer(cfg, data, out);
        if (onTrainer != null) onTrainer.accept(trainer);
        Trainer.Result result = trainer.run(resume);
        Outcome stopped = new Outcome(result.model(), result.history(), null, result.shapesPerSecond(), true);
        if (result.interrupted()) return stopped;
        if (stoppedBefore(trainer, "the priors", cfg, out)) return stopped;
        PointCloudVae model = result.model();
        List<LatentPrior> priors = new ArrayList<>();
        priors.add(LatentPrior.standard());
        // Fitted for the autoencoder too: it has no prior of its own, and this makes its samples comparable.
        priors.addAll(PriorFitting.fitAndSave(
                cfg.out(), EncodedMeans.of(model, data.train(), data.points(), 32), GMM_COMPONENTS, cfg.seed()));
        if (stoppedBefore(trainer, "the evaluation", cfg, out)) return stopped;
        out.println("evaluating on the held-out split ...");
        QualityReport q = Evaluation.evaluate(model, data, priors, evalShapes, cfg.seed() + 99);
        AtomicFiles.writeString(cfg.out().resolve("eval.json"), q.toJson());
        if (stoppedBefore(trainer, "the pictures and report", cfg, out)) return stopped;
        String summary = String.format(
                Locale.ROOT,
                "data: %s%nmodel: %s, %d parameters%ntraining: %d epochs, %.1f s, beta %.1e "
                        + "(%s), free bits %.3g, lr %.1e (%s), batch %d, seed %d%nthroughput: %.1f "
                        + "shapes/s (%s kernel, %d threads)",
                data.source(),
                cfg.model().autoencoder() ? "autoencoder" : "VAE",
                model.parameterCount(),
                result.history().size(),
                result.history().isEmpty()
                        ? 0.0
                        : result.history().get(result.history().size() - 1).seconds(),
                cfg.beta(),
                cfg.klSchedule().describe(),
                cfg.freeBits(),
                result.baseLr(),
                result.lrSchedule().describe(),
                cfg.batch(),
                cfg.seed(),
                result.shapesPerSecond(),
                Kernels.matmul().name(),
                Parallel.threads());
        RunArtifacts.write(cfg.out(), model, data, result.history(), q, priors, cfg.seed(), summary);
        return new Outcome(model, result.history(), q, result.shapesPerSecond(), false);
    }
}
