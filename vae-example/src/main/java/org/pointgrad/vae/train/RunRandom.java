package org.pointgrad.vae.train;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The random streams of a run, each a function of the seed and a position only, so a resumed run draws exactly what
 * the uninterrupted run would: the shuffle of epoch e from (seed, e), the sampling noise of step s from (seed, s),
 * the batch of step s (augmentation) from a separate stream of (seed, s), and the pool subsets of step s from the
 * shape, {@link #poolSeed} and s.
 */
final class RunRandom {
    /** Separates the batch stream from the step's own stream. */
    private static final long BATCH_SALT = 0xA06_0000_0000L;
    /** Separates the per-step pool draws from the per-epoch draws of the same shapes. */
    private static final long POOL_SALT = 0x9001_0000_0000L;

    private RunRandom() {}

    /** The order of the {@code n} training shapes in epoch {@code epoch} (a Fisher-Yates shuffle). */
    static int[] epochOrder(int n, long seed, int epoch) {
        SplittableRandom r = new SplittableRandom(mix(seed, 0x5EED_0000_0000L + epoch));
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The sampling noise of global step {@code step}. */
    static RandomGenerator step(long seed, long step) {
        return new SplittableRandom(mix(seed, step));
    }

    /** The batch stream of global step {@code step}. */
    static RandomGenerator batch(long seed, long step) {
        return step(seed ^ BATCH_SALT, step);
    }

    /** The seed of the per-step pool draws. */
    static long poolSeed(long seed) {
        return seed ^ POOL_SALT;
    }

    private static long mix(long seed, long v) {
        long z = seed * 0x9E3779B97F4A7C15L + v * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 29);
    }
}
