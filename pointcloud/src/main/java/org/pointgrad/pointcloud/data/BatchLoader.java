package org.pointgrad.pointcloud.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Yields mini-batches of a dataset as packed float arrays of shape (B, N, 3). The order is shuffled per epoch with a
 * generator seeded from (seed, epoch), so epoch k is the same in every run and independent of earlier epochs.
 */
public final class BatchLoader {
    private final ShapeDataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final int points;

    /**
     * One batch.
     *
     * @param points         packed coordinates, index {@code (b * pointsPerCloud + i) * 3 + axis}
     * @param size           B, the number of clouds in this batch
     * @param pointsPerCloud N
     * @param indices        the dataset index of each cloud
     * @param labels         each cloud's label index ({@link ShapeDataset#labelIndex}, -1 when unlabelled)
     */
    public record Batch(float[] points, int size, int pointsPerCloud, int[] indices, int[] labels) {}

    /**
     * @param dataset   all clouds must have the same point count
     * @param batchSize B (> 0)
     * @param shuffle   shuffle per epoch; otherwise dataset order
     * @param dropLast  drop a final batch smaller than B
     * @param seed      shuffle seed
     */
    public BatchLoader(ShapeDataset dataset, int batchSize, boolean shuffle, boolean dropLast, long seed) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        if (batchSize <= 0) throw new IllegalArgumentException("BatchLoader: batch size must be > 0, got " + batchSize);
        this.points = dataset.pointsPerCloud();
        if (dataset.size() > 0 && points < 0) {
            throw new IllegalArgumentException(
                    "BatchLoader: clouds have different point counts; resample them to one count first");
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The dataset order used in epoch {@code epoch} (a permutation of 0..size-1). */
    public int[] order(int epoch) {
        int n = dataset.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        if (shuffle) {
            SplittableRandom rng = new SplittableRandom(StableHash.mix(seed * 0x9E3779B97F4A7C15L + epoch));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        }
        return idx;
    }

    /** The batches of epoch {@code epoch}, built lazily as they are iterated. */
    public Iterable<Batch> epoch(int epoch) {
        int[] order = order(epoch);
        int count = batchesPerEpoch();
        return () -> new Iterator<>() {
            private int b;

            @Override
            public boolean hasNext() {
                return b < count;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int from = b * batchSize, to = Math.min(order.length, from + batchSize);
                b++;
                return assemble(order, from, to);
            }
        };
    }

    private Batch assemble(int[] order, int from, int to) {
        int size = to - from;
        float[] packed = new float[size * points * 3];
        int[] idx = new int[size], labels = new int[size];
        for (int k = 0; k < size; k++) {
            int i = order[from + k];
            idx[k] = i;
            labels[k] = dataset.labelIndex(i);
            System.arraycopy(dataset.cloud(i).xyz(), 0, packed, k * points * 3, points * 3);
        }
        return new Batch(packed, size, points, idx, labels);
    }
}
