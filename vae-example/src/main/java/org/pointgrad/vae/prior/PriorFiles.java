package org.pointgrad.vae.prior;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.io.CheckpointException;
import org.pointgrad.nn.io.SafeTensors;
import org.pointgrad.nn.io.SafeTensorsFile;
import org.pointgrad.vae.eval.LatentPrior;

/**
 * Saves and loads fitted priors as safetensors: FLOAT64 tensors {@code weights} (K), {@code means} (K, d) and
 * {@code covariances} (K, d, d), with metadata {@code kind} (gaussian | gmm), {@code k} and {@code latent}. A
 * Gaussian is stored as a one-component mixture of weight 1. Values round-trip exactly, so a reloaded prior samples
 * the same codes as the one that was saved.
 */
public final class PriorFiles {
    /** Metadata key of the prior kind. */
    public static final String KIND_KEY = "kind";
    /** Metadata key of the component count. */
    public static final String K_KEY = "k";
    /** Metadata key of the code size. */
    public static final String LATENT_KEY = "latent";
    /** {@link #KIND_KEY} value of a {@link GaussianPrior}. */
    public static final String KIND_GAUSSIAN = "gaussian";
    /** {@link #KIND_KEY} value of a {@link GmmPrior}. */
    public static final String KIND_GMM = "gmm";

    private PriorFiles() {}

    /**
     * Atomically writes {@code prior} to {@code file}.
     *
     * @throws IllegalArgumentException for a prior that is neither a {@link GaussianPrior} nor a {@link GmmPrior}
     */
    public static void save(Path file, LatentPrior prior) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(prior, "prior");
        String kind;
        double[] weights;
        double[][] means;
        double[][][] covs;
        if (prior instanceof GaussianPrior g) {
            kind = KIND_GAUSSIAN;
            weights = new double[] {1.0};
            means = new double[][] {g.mean()};
            covs = new double[][][] {g.covariance()};
        } else if (prior instanceof GmmPrior m) {
            kind = KIND_GMM;
            weights = m.weights();
            means = m.means();
            covs = m.covariances();
        } else {
            throw new IllegalArgumentException("cannot save prior '" + prior.name() + "' to " + file
                    + ": only gaussian and gmm priors are stored in files");
        }
        int k = weights.length, d = means[0].length;
        double[] flatMeans = new double[k * d];
        double[] flatCovs = new double[k * d * d];
        for (int c = 0; c < k; c++) {
            System.arraycopy(means[c], 0, flatMeans, c * d, d);
            for (int i = 0; i < d; i++) System.arraycopy(covs[c][i], 0, flatCovs, (c * d + i) * d, d);
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("weights", Tensor.wrap(weights, k));
        tensors.put("means", Tensor.wrap(flatMeans, k, d));
        tensors.put("covariances", Tensor.wrap(flatCovs, k, d, d));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(KIND_KEY, kind);
        meta.put(K_KEY, Integer.toString(k));
        meta.put(LATENT_KEY, Integer.toString(d));
        SafeTensors.write(file, tensors, meta);
    }

    /**
     * Reads a prior written by {@link #save}: a {@link GaussianPrior} or a {@link GmmPrior}.
     *
     * @throws CheckpointException naming the file (and tensor) when the file is not a valid prior: unreadable
     *                             safetensors, missing or unknown metadata, a missing, extra, non-FLOAT64 or
     *                             wrongly shaped tensor, non-finite values, weights not positive or not summing to 1,
     *                             or a covariance that is not symmetric positive definite
     */
    public static LatentPrior load(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, String> meta = f.metadata();
        String kind = meta.get(KIND_KEY);
        if (kind == null)
            throw new CheckpointException(
                    file,
                    "not a prior file: metadata has no \"" + KIND_KEY + "\" (expected " + KIND_GAUSSIAN + " or "
                            + KIND_GMM + ")");
        kind = kind.toLowerCase(Locale.ROOT);
        if (!kind.equals(KIND_GAUSSIAN) && !kind.equals(KIND_GMM)) {
            throw new CheckpointException(
                    file,
                    "metadata " + KIND_KEY + " = \"" + meta.get(KIND_KEY) + "\"; expected " + KIND_GAUSSIAN + " or "
                            + KIND_GMM);
        }
        int k = positiveInt(file, meta, K_KEY);
        int d = positiveInt(file, meta, LATENT_KEY);
        if (kind.equals(KIND_GAUSSIAN) && k != 1)
            throw new CheckpointException(file, "a gaussian prior has k = 1, but metadata says k = " + k);
        for (String name : f.tensors().keySet()) {
            if (!name.equals("weights") && !name.equals("means") && !name.equals("covariances")) {
                throw new CheckpointException(
                        file,
                        name,
                        -1,
                        "unexpected tensor in a prior file (expected weights, means, covariances)",
                        null);
            }
        }
        double[] w = values(file, f, "weights", k);
        double[] m = values(file, f, "means", k, d);
        double[] cv = values(file, f, "covariances", k, d, d);
        double[][] means = new double[k][d];
        double[][][] covs = new double[k][d][d];
        for (int c = 0; c < k; c++) {
            System.arraycopy(m, c * d, means[c], 0, d);
            for (int i = 0; i < d; i++) System.arraycopy(cv, (c * d + i) * d, covs[c][i], 0, d);
        }
        try {
            if (kind.equals(KIND_GAUSSIAN)) {
                if (w[0] != 1.0)
                    throw new CheckpointException(
                            file, "weights", -1, "a gaussian prior has weight 1, got " + w[0], null);
                return new GaussianPrior(means[0], covs[0]);
            }
            return new GmmPrior(w, means, covs);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, null, -1, "invalid prior parameters: " + e.getMessage(), e);
        }
    }

    private static int positiveInt(Path file, Map<String, String> meta, String key) throws CheckpointException {
        String v = meta.get(key);
        if (v == null) throw new CheckpointException(file, "prior metadata has no \"" + key + "\"");
        try {
            int x = Integer.parseInt(v.trim());
            if (x >= 1) return x;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CheckpointException(file, "prior metadata " + key + " = \"" + v + "\"; expected a positive integer");
    }

    private static double[] values(Path file, SafeTensorsFile f, String name, int... shape) throws CheckpointException {
        Tensor t = f.tensor(name);
        if (t.dtype() != DType.FLOAT64)
            throw new CheckpointException(
                    file, name, -1, "is " + t.dtype() + "; prior tensors are FLOAT64 (F64)", null);
        if (!Arrays.equals(t.shape(), shape)) {
            throw new CheckpointException(
                    file,
                    name,
                    -1,
                    "has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape)
                            + " from metadata k and latent",
                    null);
        }
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i]))
                throw new CheckpointException(
                        file, name, -1, "element " + i + " is " + v[i] + "; expected finite values", null);
        }
        return v;
    }
}
