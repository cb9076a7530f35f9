package org.pointgrad.pointcloud.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Dense clouds (such as a prepared dataset's 30,000 points per shape) from which fixed-size subsets are drawn:
 * one per round (e.g. per training epoch), each a uniform subset seeded from the shape's id, the seed and the round,
 * so a round's draw is the same in every run and on any thread count.
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

    /** Number of clouds. */
    public int size() {
        return clouds.size();
    }

    /** Cloud {@code i} as stored. */
    public PointCloud cloud(int i) {
        return clouds.get(i);
    }

    /** Packed x,y,z of {@code points} points per cloud for round {@code round}; repeats only in smaller clouds. */
    public List<float[]> draw(int points, long seed, long round) {
        Objects.checkIndex(points - 1, Integer.MAX_VALUE);
        float[][] out = new float[clouds.size()][];
        Parallel.forRange(clouds.size(), 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                SplittableRandom rng = new SplittableRandom(StableHash.mix(StableHash.of(ids.get(i), seed) + round));
                out[i] = Resampling.toCount(clouds.get(i), points, rng).xyz();
            }
        });
        return new ArrayList<>(List.of(out));
    }
}
