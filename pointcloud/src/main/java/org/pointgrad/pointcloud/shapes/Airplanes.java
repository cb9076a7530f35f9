package org.pointgrad.pointcloud.shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.MeshSampler;
import org.pointgrad.pointcloud.PointCloud;

/** Generates procedural airplanes, samples point clouds from them, and builds balanced labelled data sets. */
public final class Airplanes {
    private Airplanes() {}

    /** Draws parameters of {@code family} from {@code rng} and builds the unit-ball-normalised mesh. */
    public static Airplane generate(AirplaneFamily family, RandomGenerator rng) {
        AirplaneParams params = family.sampleParams(rng);
        return new Airplane(family, params, build(params));
    }

    /** Builds the unit-ball-normalised mesh for explicit parameters. */
    public static Mesh build(AirplaneParams params) {
        return MeshTransforms.normalizeToUnitBall(AirplaneBuilder.build(params));
    }

    /** Samples {@code points} points uniformly over the airplane's surface area (no normals). */
    public static PointCloud sampleCloud(Airplane airplane, int points, RandomGenerator rng) {
        if (points <= 0)
            throw new IllegalArgumentException("Airplanes.sampleCloud: points must be positive, got " + points);
        return MeshSampler.sample(airplane.mesh(), points, rng);
    }

    /**
     * A balanced data set: item {@code i} belongs to family {@code values()[i % 4]} and is generated and sampled from
     * its own generator seeded by ({@code seed}, {@code i}), so a longer data set starts with the items of a shorter
     * one and the result does not depend on the thread count.
     */
    public static List<LabelledCloud> dataset(int count, int points, long seed) {
        if (count < 0) throw new IllegalArgumentException("Airplanes.dataset: count must be >= 0, got " + count);
        if (points <= 0)
            throw new IllegalArgumentException("Airplanes.dataset: points must be positive, got " + points);
        AirplaneFamily[] families = AirplaneFamily.values();
        LabelledCloud[] out = new LabelledCloud[count];
        Parallel.forRange(count, 4, (from, to) -> {
            for (int i = from; i < to; i++) {
                RandomGenerator rng = itemRandom(seed, i);
                Airplane a = generate(families[i % families.length], rng);
                out[i] = new LabelledCloud(sampleCloud(a, points, rng), a.family(), a.params());
            }
        });
        return new ArrayList<>(Arrays.asList(out));
    }

    /** An independent generator for item {@code index} of the data set with {@code seed}. */
    static RandomGenerator itemRandom(long seed, int index) {
        // SplittableRandom mixes its seed, so neighbouring (seed, index) pairs still give unrelated streams.
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }
}
