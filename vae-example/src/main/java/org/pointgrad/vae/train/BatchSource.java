package org.pointgrad.vae.train;

import java.util.List;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.pointcloud.transform.Augmentation;

/**
 * Builds the training batches: for each shape {@code points} points of its pool (all of them when the pool has
 * exactly that many, else a fresh random subset without repeats), then the augmentation. Everything random comes
 * from the generator passed per step, so a step's batch depends only on (seed, step).
 */
final class BatchSource {
    private final List<float[]> pool;
    private final int points;
    private final Augmentation augmentation;
    private int[] perm = new int[0];

    BatchSource(List<float[]> pool, int points, Augmentation augmentation) {
        this.pool = pool;
        this.points = points;
        this.augmentation = augmentation;
    }

    /** The (B, points, 3) FLOAT32 batch of pool shapes {@code idx}. */
    Tensor batch(int[] idx, RandomGenerator rng) {
        float[] data = new float[idx.length * points * 3];
        for (int b = 0; b < idx.length; b++) {
            float[] cloud = pool.get(idx[b]);
            int offset = b * points * 3;
            int available = cloud.length / 3;
            if (available == points) {
                System.arraycopy(cloud, 0, data, offset, points * 3);
            } else {
                subset(cloud, available, data, offset, rng);
            }
            augmentation.applyInPlace(data, offset, points, rng);
        }
        return Tensor.wrap(data, idx.length, points, 3);
    }

    /** A partial Fisher-Yates shuffle: the first {@code points} of a random permutation of the pool. */
    private void subset(float[] cloud, int available, float[] out, int offset, RandomGenerator rng) {
        if (perm.length != available) perm = new int[available];
        for (int i = 0; i < available; i++) perm[i] = i;
        for (int i = 0; i < points; i++) {
            int j = i + rng.nextInt(available - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
            System.arraycopy(cloud, 3 * perm[i], out, offset + 3 * i, 3);
        }
    }
}
