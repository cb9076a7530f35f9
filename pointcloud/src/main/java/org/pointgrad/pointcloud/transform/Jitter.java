package org.pointgrad.pointcloud.transform;

import java.util.random.RandomGenerator;
import org.pointgrad.pointcloud.PointCloud;

/** Per-coordinate Gaussian noise, clipped so no point moves more than a bound along any axis. */
public final class Jitter {
    private Jitter() {}

    /**
     * Adds {@code clamp(sigma * N(0,1), -clip, clip)} independently to every coordinate (the PointNet augmentation,
     * commonly sigma = 0.01, clip = 0.05). Normals are kept as they are.
     */
    public static PointCloud gaussian(PointCloud cloud, double sigma, double clip, RandomGenerator rng) {
        if (!(sigma >= 0) || !(clip >= 0)) {
            throw new IllegalArgumentException(
                    "Jitter: sigma and clip must be >= 0, got sigma=" + sigma + ", clip=" + clip);
        }
        float[] p = cloud.xyz();
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            double noise = Math.max(-clip, Math.min(clip, sigma * rng.nextGaussian()));
            out[i] = (float) (p[i] + noise);
        }
        return new PointCloud(
                out, cloud.normals() == null ? null : cloud.normals().clone());
    }
}
