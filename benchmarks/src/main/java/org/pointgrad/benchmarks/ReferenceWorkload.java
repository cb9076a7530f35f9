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
 * [0.5, 1], the reference model (253,784 parameters), Chamfer + 1e-3 KL, Adam lr 1e-3.
 */
public final class ReferenceWorkload {
    public static final int B = 16, N = 1024;
    public static final double BETA = 1e-3;

    public final PointCloudVae model;
    public final Adam adam;
    public final TrainStep step;
    public final Tensor batch;

    public ReferenceWorkload(DType dtype) {
        model = new PointCloudVae(VaeConfig.defaults().withDtype(dtype), new SplittableRandom(0));
        adam = new Adam(model.namedParameters(), 1e-3);
        step = new TrainStep(model, adam);
        batch = sphereBatch(dtype, 1);
    }

    /** Points on spheres of radius in [0.5, 1] (as timing_batch in vae_ref.py). */
    public static Tensor sphereBatch(DType dtype, long seed) {
        SplittableRandom g = new SplittableRandom(seed);
        double[] d = new double[B * N * 3];
        for (int b = 0; b < B; b++) {
            double s = 0.5 + 0.5 * g.nextDouble();
            for (int i = 0; i < N; i++) {
                double x = g.nextGaussian(), y = g.nextGaussian(), z = g.nextGaussian();
                double n = Math.sqrt(x * x + y * y + z * z);
                int o = (b * N + i) * 3;
                d[o] = x / n * s;
                d[o + 1] = y / n * s;
                d[o + 2] = z / n * s;
            }
        }
        return Tensor.of(d, B, N, 3).to(dtype);
    }

    /** One full training step. */
    public TrainStep.Losses trainStep(long stepIndex) {
        return step.run(batch, new SplittableRandom(stepIndex), BETA, 0, null);
    }

    /** Inference: encode and decode with z = mu, no graph. */
    public Tensor inference() {
        return model.reconstruct(batch, N);
    }
}
