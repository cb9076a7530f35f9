package org.pointgrad.vae.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pointgrad.vae.prior.GaussianPrior;
import org.pointgrad.vae.prior.GmmPrior;
import org.pointgrad.vae.prior.PriorFiles;

/**
 * Finds the priors available for a run folder: "standard" (N(0, I)) always, plus the ex-post priors fitted to the
 * run's encoded means and stored as {@value #GAUSSIAN_FILE} and {@value #GMM_FILE}.
 */
public final class Priors {
    /** Run-folder file of the fitted full-covariance Gaussian prior. */
    public static final String GAUSSIAN_FILE = "prior_gaussian.safetensors";
    /** Run-folder file of the fitted Gaussian-mixture prior. */
    public static final String GMM_FILE = "prior_gmm.safetensors";

    private Priors() {}

    /**
     * The prior named {@code spec} for the run in {@code run}: "standard", "gaussian", "gmm" (the stored mixture,
     * whatever its K) or "gmm:K" (the stored mixture, which must have K components).
     *
     * @throws IllegalArgumentException for an unknown spec, a prior file that does not exist (saying how to fit it),
     *                                  or a stored mixture with another K
     * @throws UncheckedIOException     when the prior file exists but cannot be read or is malformed (the message
     *                                  names it)
     */
    public static LatentPrior forRun(Path run, String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("standard")) return LatentPrior.standard();
        if (s.equals("gaussian")) return load(run, GAUSSIAN_FILE, spec);
        if (s.equals("gmm")) return load(run, GMM_FILE, spec);
        if (s.startsWith("gmm:")) {
            int k;
            try {
                k = Integer.parseInt(s.substring(4).trim());
            } catch (NumberFormatException e) {
                k = -1;
            }
            if (k < 1)
                throw new IllegalArgumentException(
                        "--prior: '" + spec + "' should be gmm:K with a positive integer K, e.g. gmm:8");
            LatentPrior p = load(run, GMM_FILE, spec);
            int stored = ((GmmPrior) p).k();
            if (stored != k) {
                throw new IllegalArgumentException("--prior " + spec + ": " + run.resolve(GMM_FILE)
                        + " holds a mixture of " + stored + " components, not " + k + "; use --prior gmm:" + stored
                        + " or refit the prior with " + k + " components");
            }
            return p;
        }
        throw new IllegalArgumentException(
                "--prior: unknown or unavailable prior '" + spec + "' for " + run + "; available: " + available(run));
    }

    /** Every prior the run has: standard, then gaussian and gmm:K when their files exist. */
    public static List<LatentPrior> all(Path run) {
        List<LatentPrior> out = new ArrayList<>();
        out.add(LatentPrior.standard());
        if (Files.exists(run.resolve(GAUSSIAN_FILE))) out.add(load(run, GAUSSIAN_FILE, "gaussian"));
        if (Files.exists(run.resolve(GMM_FILE))) out.add(load(run, GMM_FILE, "gmm"));
        return out;
    }

    private static LatentPrior load(Path run, String fileName, String spec) {
        Path file = run.resolve(fileName);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(
                    "--prior " + spec + ": " + file + " does not exist; fit it with `pointvae fit-prior --model " + run
                            + "` (training to the end also fits it)");
        }
        LatentPrior p;
        try {
            p = PriorFiles.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        boolean wantGaussian = fileName.equals(GAUSSIAN_FILE);
        if (wantGaussian ? !(p instanceof GaussianPrior) : !(p instanceof GmmPrior)) {
            String msg = file + ": holds a " + p.name() + " prior, expected " + (wantGaussian ? "gaussian" : "gmm");
            throw new UncheckedIOException(msg, new IOException(msg));
        }
        return p;
    }

    private static String available(Path run) {
        List<String> names = new ArrayList<>();
        try {
            for (LatentPrior p : all(run)) names.add(p.name());
        } catch (RuntimeException e) {
            // A broken prior file should not hide the real problem (an unknown spec); list what is certain.
            names.add("standard");
        }
        return String.join(", ", names);
    }
}
