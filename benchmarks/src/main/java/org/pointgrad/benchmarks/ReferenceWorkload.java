package org.pointgrad.benchmarks;

import java.util.SplittableRandom;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.optim.Adam;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.model.VaeConfig;
import org.pointgrad.vae.train.TrainStep;

/**
 * The workload of {@code shared/ref/vae_ref.py}: B=16 clouds of N=1024 points on spheres of random radius in
 * [0.5, 1], the reference model (253,784 parameters), Chamfer + 1e-3 KL, Adam lr 1e-3. {@link #atlasNet} is the
 * reference servers' {@code train-atlas}/{@code inference-atlas}: AtlasNet with BatchNorm
 * ({@link VaeConfig#atlasNet()}, 19,882,827 parameters) on B=32 clouds of N=2500 points from the same generator.
 */
public final class ReferenceWorkload {
    /** Clouds and points per cloud of the reference workload. */
    public static final int B = 16, N = 1024;
    /** Clouds and points per cloud of the AtlasNet workload. */
    public static final int ATLAS_B = 32, ATLAS_N = 2500;

    /** Weight of the KL term in the training loss. */
    public static final double BETA = 1e-3;

    /** The model, with weights from seed 0. */
    public final PointCloudVae model;
    /** Adam over the model's parameters, lr 1e-3. */
    public final Adam adam;
    /** The training step the benchmarks time. */
    public final TrainStep step;
    /** The fixed batch of sphere clouds that every training step and inference call runs on. */
    public final Tensor batch;

    /** The reference model's workload. */
    public ReferenceWorkload(DType dtype) {
        this(VaeConfig.defaults().withDtype(dtype), B, N);
    }

    private ReferenceWorkload(VaeConfig config, int b, int n) {
        model = new PointCloudVae(config, new SplittableRandom(0));
        adam = new Adam(model.namedParameters(), 1e-3);
        step = new TrainStep(model, adam);
        batch = sphereBatch(config.dtype(), b, n, 1);
    }

    /** The AtlasNet workload: B=32 clouds of 2500 points, AtlasNet with BatchNorm. */
    public static ReferenceWorkload atlasNet(DType dtype) {
        return new ReferenceWorkload(VaeConfig.atlasNet().withDtype(dtype), ATLAS_B, ATLAS_N);
    }

    /** B x N points on spheres of radius in [0.5, 1] (as timing_batch in vae_ref.py). */
    public static Tensor sphereBatch(DType dtype, long seed) {
        return sphereBatch(dtype, B, N, seed);
    }

    /** {@code clouds} x {@code points} points on spheres of radius in [0.5, 1], from {@link SplittableRandom}(seed). */
    public static Tensor sphereBatch(DType dtype, int clouds, int points, long seed) {
        SplittableRandom g = new SplittableRandom(seed);
        double[] d = new double[clouds * points * 3];
        for (int b = 0; b < clouds; b++) {
            double s = 0.5 + 0.5 * g.nextDouble();
            for (int i = 0; i < points; i++) {
                double x = g.nextGaussian(), y = g.nextGaussian(), z = g.nextGaussian();
                double n = Math.sqrt(x * x + y * y + z * z);
                int o = (b * points + i) * 3;
                d[o] = x / n * s;
                d[o + 1] = y / n * s;
                d[o + 2] = z / n * s;
            }
        }
        return Tensor.of(d, clouds, points, 3).to(dtype);
    }

    /** One full training step (training mode). */
    public TrainStep.Losses trainStep(long stepIndex) {
        model.train(true);
        return step.run(batch, new SplittableRandom(stepIndex), BETA, 0, null);
    }

    /** Inference: encode and decode with z = mu, no graph, eval mode (running statistics). */
    public Tensor inference() {
        return model.reconstruct(batch, batch.size(1));
    }
}
