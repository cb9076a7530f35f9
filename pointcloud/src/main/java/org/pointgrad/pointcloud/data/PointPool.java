package org.pointgrad.pointcloud.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Dense clouds (such as a prepared dataset's 30,000 points per shape) from which fixed-size subsets are drawn:
 * one per round (e.g. per training epoch, or per training step), each a uniform subset seeded from the shape's id,
 * the seed and the round, so a round's draw is the same in every run, in any batch and on any thread count.
 */
public final class PointPool {
    private final List<String> ids;
    private final List<PointCloud> clouds;

    /** One id per cloud (the ids seed the draws). */
    public PointPool(List<String> ids, List<PointCloud> clouds) {
        if (ids.size() != clouds.size())
            throw new IllegalArgumentException("PointPool: " + ids.size() + " ids but " + clouds.size() + " clouds");
        this.ids = List.copyOf(ids);
        this.clouds = List.copyOf(clouds);
    }

    /** Clouds of packed x,y,z with ids "item-0", "item-1", ... (as {@link ShapeDataset#fromClouds} names them). */
    public static PointPool ofPacked(List<float[]> clouds) {
        List<String> ids = new ArrayList<>(clouds.size());
        List<PointCloud> wrapped = new ArrayList<>(clouds.size());
        for (int i = 0; i < clouds.size(); i++) {
            ids.add("item-" + i);
            wrapped.add(new PointCloud(clouds.get(i)));
        }
        return new PointPool(ids, wrapped);
    }

    /** Number of clouds. */
    public int size() {
        return clouds.size();
    }

    /** Cloud {@code i} as stored. */
    public PointCloud cloud(int i) {
        return clouds.get(i);
    }

    /** The smallest point count of the clouds (0 when there are none). */
    public int minPoints() {
        int min = clouds.isEmpty() ? 0 : Integer.MAX_VALUE;
        for (PointCloud c : clouds) min = Math.min(min, c.size());
        return min;
    }

    /** Packed x,y,z of {@code points} points per cloud for round {@code round}; repeats only in smaller clouds. */
    public List<float[]> draw(int points, long seed, long round) {
        Objects.checkIndex(points - 1, Integer.MAX_VALUE);
        float[][] out = new float[clouds.size()][];
        Parallel.forRange(clouds.size(), 8, (from, to) -> {
            for (int i = from; i < to; i++) out[i] = draw(i, points, seed, round);
        });
        return new ArrayList<>(List.of(out));
    }

    /**
     * Packed x,y,z of {@code points} points of cloud {@code i} for round {@code round}: all of them when the cloud has
     * exactly that many, else a uniform subset (repeats only in a smaller cloud) seeded from its id, seed and round.
     */
    public float[] draw(int i, int points, long seed, long round) {
        Objects.checkIndex(points - 1, Integer.MAX_VALUE);
        SplittableRandom rng = new SplittableRandom(StableHash.mix(StableHash.of(ids.get(i), seed) + round));
        return Resampling.toCount(clouds.get(i), points, rng).xyz();
    }
}
