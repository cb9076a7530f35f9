package org.pointgrad.vae.prior;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pointgrad.vae.eval.LatentPrior;
import org.pointgrad.vae.eval.Priors;

/** Fits the ex-post priors of a run and stores them in its folder. */
public final class PriorFitting {
    private PriorFitting() {}

    /**
     * Fits a {@link GaussianPrior} and a {@code gmmComponents}-component {@link GmmPrior} (default options) to
     * {@code encodedMeans} (n x latent) and writes them to {@code run}/{@value Priors#GAUSSIAN_FILE} and
     * {@code run}/{@value Priors#GMM_FILE}; returns [gaussian, gmm].
     */
    public static List<LatentPrior> fitAndSave(Path run, double[][] encodedMeans, int gmmComponents, long seed)
            throws IOException {
        return fitAndSave(run, encodedMeans, gmmComponents, seed, GmmOptions.defaults());
    }

    /**
     * As {@link #fitAndSave(Path, double[][], int, long)} with explicit EM options (their regularization also applies
     * to the Gaussian).
     */
    public static List<LatentPrior> fitAndSave(
            Path run, double[][] encodedMeans, int gmmComponents, long seed, GmmOptions options) throws IOException {
        GaussianPrior gaussian =
                GaussianPrior.fit(encodedMeans, options.relativeRegularization(), options.regularizationFloor());
        GmmPrior gmm = GmmPrior.fit(encodedMeans, gmmComponents, seed, options);
        Files.createDirectories(run);
        PriorFiles.save(run.resolve(Priors.GAUSSIAN_FILE), gaussian);
        PriorFiles.save(run.resolve(Priors.GMM_FILE), gmm);
        return List.of(gaussian, gmm);
    }
}
