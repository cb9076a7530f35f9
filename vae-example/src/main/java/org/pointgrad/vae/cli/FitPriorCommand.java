package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pointgrad.vae.eval.LatentPrior;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.prior.EncodedMeans;
import org.pointgrad.vae.prior.PriorFitting;
import org.pointgrad.vae.train.RunCheckpoint;
import org.pointgrad.vae.train.RunLock;
import org.pointgrad.vae.train.RunPipeline;
import org.pointgrad.vae.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pointvae fit-prior}: fits the ex-post Gaussian and Gaussian-mixture priors of a run (training does it too).
 */
@Command(
        name = "fit-prior",
        mixinStandardHelpOptions = true,
        description = "Fit a full-covariance Gaussian and a K-component Gaussian mixture (EM) to the "
                + "encoded means of the training set; saved next to the model.")
public final class FitPriorCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--model", required = true, description = "Run folder written by `pointvae train`.")
    Path model;

    @Option(
            names = "--components",
            defaultValue = "" + RunPipeline.GMM_COMPONENTS,
            description = "Mixture components K (default: ${DEFAULT-VALUE}).")
    int components;

    @Override
    public Integer call() throws IOException {
        common.apply();
        if (components < 1) throw new IllegalArgumentException("--components must be >= 1, got " + components);
        PointCloudVae vae = RunCheckpoint.loadModel(model);
        TrainingData d = DataOptions.forRun(model, null, 0);
        List<LatentPrior> priors;
        try (RunLock lock = RunLock.acquire(model, "fit-prior")) {
            priors = PriorFitting.fitAndSave(
                    model, EncodedMeans.of(vae, d.train(), d.points(), 32), components, common.seed);
        }
        for (LatentPrior p : priors)
            System.out.println("fitted prior " + p.name() + " on " + d.train().size() + " encoded training shapes");
        System.out.println("saved next to the model in " + model);
        return 0;
    }
}
