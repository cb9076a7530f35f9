package org.pointgrad.vae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.pointcloud.data.DatasetPreparer;
import org.pointgrad.pointcloud.data.PreparedDataset;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.io.ShapeFormat;
import org.pointgrad.pointcloud.shapes.Primitives;

class TrainingDataTest {
    @Test
    void preparedDataDrawsAFreshSeededSubsetPerEpoch(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src"), ds = dir.resolve("ds");
        for (int i = 0; i < 10; i++) {
            Path f = src.resolve(i % 2 == 0 ? "a" : "b").resolve(i + ".off");
            Files.createDirectories(f.getParent());
            ShapeFiles.write(f, Primitives.box(1 + i, 1, 1), ShapeFormat.OFF);
        }
        new DatasetPreparer(src, ds).points(1000).testFraction(0.5).run(new DatasetPreparer.Listener() {});
        PreparedDataset prepared = PreparedDataset.open(ds);
        TrainingData fixed = TrainingData.fromPrepared(ds, 64, 3, false, false);
        TrainingData fresh = TrainingData.fromPrepared(ds, 64, 3, true, false);
        assertEquals(
                prepared.entries().size(), fixed.train().size() + fixed.test().size());
        long held = prepared.entries().stream()
                .filter(PreparedDataset.Entry::heldOut)
                .count();
        assertEquals(held, fixed.test().size());
        assertSame(fixed.train(), fixed.trainEpoch(5));
        List<float[]> e0 = fresh.trainEpoch(0), e1 = fresh.trainEpoch(1);
        for (int i = 0; i < fresh.train().size(); i++) {
            assertArrayEquals(fixed.train().get(i), fresh.train().get(i));
            assertArrayEquals(fresh.train().get(i), e0.get(i));
            assertEquals(64 * 3, e1.get(i).length);
            assertFalse(Arrays.equals(e0.get(i), e1.get(i)), "epoch 1 draws other points");
            assertArrayEquals(e1.get(i), fresh.trainEpoch(1).get(i));
        }
        for (int i = 0; i < fixed.trainLabels().size(); i++)
            assertTrue(List.of("a", "b").contains(fixed.trainLabels().get(i)));
        // Normalized as a whole: every drawn point lies in the unit ball.
        for (float[] c : e1) {
            for (int p = 0; p < c.length; p += 3)
                assertTrue(c[p] * c[p] + c[p + 1] * c[p + 1] + c[p + 2] * c[p + 2] <= 1 + 1e-5);
        }
    }

    @Test
    void preparedDataGivesItsStoredPointsAsTheTrainingPool(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src"), ds = dir.resolve("ds");
        for (int i = 0; i < 10; i++) {
            Path f = src.resolve("a").resolve(i + ".off");
            Files.createDirectories(f.getParent());
            ShapeFiles.write(f, Primitives.box(1 + i, 1, 1), ShapeFormat.OFF);
        }
        new DatasetPreparer(src, ds).points(1000).testFraction(0.5).run(new DatasetPreparer.Listener() {});
        TrainingData plain = TrainingData.fromPrepared(ds, 64, 3, false, false);
        TrainingData pooled = TrainingData.fromPrepared(ds, 64, 3, 500, false);
        assertFalse(plain.hasPool());
        assertTrue(pooled.hasPool());
        assertEquals(plain.train().size(), pooled.trainPool().size());
        assertEquals(500, pooled.poolPoints());
        for (int i = 0; i < plain.train().size(); i++)
            assertArrayEquals(plain.train().get(i), pooled.train().get(i));
        assertEquals(plain.test().size(), pooled.test().size());
        var e = assertThrows(IllegalArgumentException.class, () -> TrainingData.fromPrepared(ds, 64, 3, 32, false));
        assertTrue(e.getMessage().contains("pool size 32 must be at least the points per cloud, 64"), e.getMessage());
    }

    @Test
    void aRawFolderWithAPoolIsSampledOnceAndItsCloudsAreDrawnFromThePool(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 12; i++) {
            Path f = dir.resolve(i % 2 == 0 ? "a" : "b").resolve(i + ".off");
            Files.createDirectories(f.getParent());
            ShapeFiles.write(f, Primitives.box(1 + 0.1 * i, 1, 0.5), ShapeFormat.OFF);
        }
        TrainingData pooled = TrainingData.fromFolder(dir, null, 64, 3, 400, false);
        TrainingData plain = TrainingData.fromFolder(dir, null, 64, 3, false);
        assertTrue(pooled.hasPool());
        assertEquals(400, pooled.poolPoints());
        assertEquals(plain.trainLabels(), pooled.trainLabels());
        assertEquals(plain.testLabels(), pooled.testLabels());
        // Every training cloud is a subset of its shape's pool sample: the file was read and sampled once.
        for (int i = 0; i < pooled.train().size(); i++) {
            Set<List<Float>> pool = points(pooled.trainPool().cloud(i).xyz());
            for (List<Float> p : points(pooled.train().get(i))) assertTrue(pool.contains(p), "shape " + i + ": " + p);
        }
        var e = assertThrows(
                IllegalArgumentException.class, () -> TrainingData.fromFolder(dir, null, 64, 3, 32, false));
        assertTrue(e.getMessage().contains("pool size 32 must be at least the points per cloud, 64"), e.getMessage());
    }

    private static Set<List<Float>> points(float[] xyz) {
        Set<List<Float>> out = new HashSet<>();
        for (int i = 0; i < xyz.length; i += 3) out.add(List.of(xyz[i], xyz[i + 1], xyz[i + 2]));
        return out;
    }
}
