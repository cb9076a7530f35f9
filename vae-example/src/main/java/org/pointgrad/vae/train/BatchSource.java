package org.pointgrad.vae.train;

import java.util.List;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.pointcloud.data.PointPool;
import org.pointgrad.pointcloud.transform.Augmentation;

/**
 * Builds the training batches: for each shape its cloud of {@code points} points (or, with a pool, the pool's draw
 * for the step: a fresh subset per step, seeded by the shape, the seed and the step), then the augmentation with the
 * step's batch generator. So a step's batch depends only on (seed, step).
 */
final class BatchSource {
    private final List<float[]> clouds;
    private final PointPool pool;
    private final long poolSeed;
    private final int points;
    private final Augmentation augmentation;

    private BatchSource(List<float[]> clouds, PointPool pool, long poolSeed, int points, Augmentation augmentation) {
        this.clouds = clouds;
        this.pool = pool;
        this.poolSeed = poolSeed;
        this.points = points;
        this.augmentation = augmentation;
    }

    /** Batches of the clouds as they are (each of exactly {@code points} points). */
    static BatchSource of(List<float[]> clouds, int points, Augmentation augmentation) {
        for (float[] c : clouds) {
            if (c.length != 3 * points)
                throw new IllegalArgumentException(
                        "training clouds must have " + points + " points, got " + c.length / 3);
        }
        return new BatchSource(clouds, null, 0, points, augmentation);
    }

    /** Batches drawn afresh from {@code pool} every step, with draws seeded by {@code seed}. */
    static BatchSource ofPool(PointPool pool, long seed, int points, Augmentation augmentation) {
        return new BatchSource(null, pool, seed, points, augmentation);
    }

    /** The (B, points, 3) FLOAT32 batch of shapes {@code idx} at global step {@code step}. */
    Tensor batch(int[] idx, long step, RandomGenerator rng) {
        float[] data = new float[idx.length * points * 3];
        for (int b = 0; b < idx.length; b++) {
            float[] cloud = pool == null ? clouds.get(idx[b]) : pool.draw(idx[b], points, poolSeed, step);
            int offset = b * points * 3;
            System.arraycopy(cloud, 0, data, offset, points * 3);
            augmentation.applyInPlace(data, offset, points, rng);
        }
        return Tensor.wrap(data, idx.length, points, 3);
    }
}
