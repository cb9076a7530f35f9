package org.pointgrad.vae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.pointcloud.data.PointPool;
import org.pointgrad.pointcloud.transform.Augmentation;
import org.pointgrad.pointcloud.transform.Axis;

/** Training with a per-shape point pool and augmentation: batches are fresh subsets, and resume stays exact. */
class AugmentedTrainingTest {
    static final Augmentation ALL = Augmentation.parse("rotate:5,mirror,scale:0.1", Axis.Y, Axis.Z);

    /** 128-point clouds for evaluation, a 512-point pool of the same shapes for training. */
    static TrainingData pooled() {
        TrainingData small = TrainingData.syntheticAirplanes(40, 128, 3);
        TrainingData big = TrainingData.syntheticAirplanes(40, 512, 3);
        return new TrainingData(
                small.train(),
                small.trainLabels(),
                small.test(),
                small.testLabels(),
                128,
                "pooled",
                List.of(),
                List.of(),
                null,
                PointPool.ofPacked(big.train()));
    }

    @Test
    void resumedAugmentedPooledRunMatchesAnUninterruptedOne(@TempDir Path a, @TempDir Path b) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        TrainingData data = pooled();
        Trainer.Result full =
                new Trainer(ShortTrainingTest.config(a, 3, false).withAugmentation(ALL), data, quiet).run(false);
        Trainer stopped = new Trainer(ShortTrainingTest.config(b, 3, false).withAugmentation(ALL), data, quiet);
        stopped.stopAtStep(5);
        assertTrue(stopped.run(false).interrupted());
        Trainer.Result resumed =
                new Trainer(ShortTrainingTest.config(b, 3, false).withAugmentation(ALL), data, quiet).run(true);
        Map<String, Tensor> pa = full.model().namedParameters(),
                pb = resumed.model().namedParameters();
        for (String name : pa.keySet())
            assertArrayEquals(pa.get(name).toFloatArray(), pb.get(name).toFloatArray(), name);
        assertEquals(
                full.history().get(2).trainChamfer(), resumed.history().get(2).trainChamfer());
        // The augmentation does change training: the same run without it ends elsewhere.
        Trainer.Result plain =
                new Trainer(ShortTrainingTest.config(b.resolve("plain"), 3, false), data, quiet).run(false);
        assertNotEquals(
                full.history().get(2).trainChamfer(), plain.history().get(2).trainChamfer());
    }

    @Test
    void poolBatchesAreFreshSubsetsOfDistinctPoolPointsDrawnByThePool() {
        float[] cloud = new float[3 * 50];
        for (int i = 0; i < 50; i++) cloud[3 * i] = i;
        PointPool pool = PointPool.ofPacked(List.of(cloud));
        BatchSource src = BatchSource.ofPool(pool, 7, 20, Augmentation.NONE);
        float[] first = src.batch(new int[] {0}, 1, new SplittableRandom(1)).floatData();
        float[] second = src.batch(new int[] {0}, 2, new SplittableRandom(1)).floatData();
        Set<Float> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) assertTrue(seen.add(first[3 * i]), "point " + first[3 * i] + " drawn twice");
        assertEquals(20, seen.size());
        assertFalse(Arrays.equals(first, second), "two steps drew the same subset");
        // One drawer: a step's subset is the pool's own draw for that round.
        assertArrayEquals(pool.draw(0, 20, 7, 2), second);
    }

    @Test
    void cloudsOfExactlyPointsAreCopiedAsIs() {
        float[] cloud = new float[3 * 16];
        for (int i = 0; i < cloud.length; i++) cloud[i] = i;
        BatchSource src = BatchSource.of(List.of(cloud, cloud), 16, Augmentation.NONE);
        float[] b = src.batch(new int[] {1, 0}, 0, new SplittableRandom(1)).floatData();
        assertArrayEquals(cloud, Arrays.copyOf(b, 48));
        var e = assertThrows(
                IllegalArgumentException.class, () -> BatchSource.of(List.of(cloud), 8, Augmentation.NONE));
        assertTrue(e.getMessage().contains("must have 8 points, got 16"), e.getMessage());
    }

    @Test
    void aPoolSmallerThanThePointsIsRejected() {
        TrainingData small = TrainingData.syntheticAirplanes(10, 64, 3);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new TrainingData(
                        small.train(),
                        small.trainLabels(),
                        small.test(),
                        small.testLabels(),
                        128,
                        "x",
                        List.of(),
                        List.of(),
                        null,
                        PointPool.ofPacked(small.train())));
        assertTrue(e.getMessage().contains("at least 128 points"), e.getMessage());
    }
}
