package org.pointgrad.vae.prior;

import java.util.List;
import java.util.Objects;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.train.TrainingData;

/** The encoder means of a set of shapes: the data the ex-post priors are fitted to. */
public final class EncodedMeans {
    private EncodedMeans() {}

    /**
     * mu(x) for every cloud (n x latent), encoded in eval mode without a graph, {@code batchSize} clouds at a time.
     *
     * @param clouds xyz arrays of at least {@code points} points each (as in {@link TrainingData#train()})
     */
    public static double[][] of(PointCloudVae model, List<float[]> clouds, int points, int batchSize) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(clouds, "clouds");
        if (clouds.isEmpty()) throw new IllegalArgumentException("EncodedMeans: no clouds to encode");
        if (points < 1 || batchSize < 1)
            throw new IllegalArgumentException(
                    "EncodedMeans: points and batchSize must be >= 1, got " + points + " and " + batchSize);
        for (int i = 0; i < clouds.size(); i++) {
            if (clouds.get(i).length < points * 3) {
                throw new IllegalArgumentException(
                        "EncodedMeans: cloud " + i + " has " + clouds.get(i).length / 3 + " points, need " + points);
            }
        }
        int z = model.config().latent();
        double[][] out = new double[clouds.size()][z];
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            for (int s = 0; s < clouds.size(); s += batchSize) {
                int[] idx = new int[Math.min(batchSize, clouds.size() - s)];
                for (int i = 0; i < idx.length; i++) idx[i] = s + i;
                Tensor batch = TrainingData.batch(clouds, idx, points)
                        .to(model.config().dtype());
                double[] mu = model.encode(batch).mu().toDoubleArray();
                for (int i = 0; i < idx.length; i++) System.arraycopy(mu, i * z, out[s + i], 0, z);
            }
        } finally {
            model.train(wasTraining);
        }
        return out;
    }
}
