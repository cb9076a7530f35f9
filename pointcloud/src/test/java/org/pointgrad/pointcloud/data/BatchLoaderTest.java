package org.pointgrad.pointcloud.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pointgrad.pointcloud.PointCloud;

class BatchLoaderTest {
    static ShapeDataset dataset(int size, int points) {
        List<PointCloud> clouds = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < size; c++) {
            float[] p = new float[3 * points];
            for (int i = 0; i < p.length; i++) p[i] = c * 1000 + i;
            clouds.add(new PointCloud(p));
            labels.add("class" + (c % 3));
        }
        return ShapeDataset.fromClouds(clouds, labels);
    }

    private static List<BatchLoader.Batch> collect(Iterable<BatchLoader.Batch> it) {
        List<BatchLoader.Batch> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }

    @Property(tries = 50)
    void everyCloudOncePerEpochInPackedLayout(
            @ForAll @IntRange(min = 1, max = 40) int size,
            @ForAll @IntRange(min = 1, max = 9) int batch,
            @ForAll boolean dropLast,
            @ForAll long seed) {
        ShapeDataset ds = dataset(size, 4);
        BatchLoader loader = new BatchLoader(ds, batch, true, dropLast, seed);
        List<BatchLoader.Batch> batches = collect(loader.epoch(0));
        assertEquals(loader.batchesPerEpoch(), batches.size());
        assertEquals(dropLast ? size / batch : (size + batch - 1) / batch, batches.size());
        int[] seen = new int[size];
        for (BatchLoader.Batch b : batches) {
            if (dropLast) assertEquals(batch, b.size());
            assertEquals(b.size() * 4 * 3, b.points().length);
            assertEquals(4, b.pointsPerCloud());
            for (int k = 0; k < b.size(); k++) {
                int idx = b.indices()[k];
                seen[idx]++;
                assertArrayEquals(ds.cloud(idx).xyz(), Arrays.copyOfRange(b.points(), k * 12, (k + 1) * 12));
                assertEquals(ds.labelIndex(idx), b.labels()[k]);
            }
        }
        int total = Arrays.stream(seen).sum();
        assertEquals(dropLast ? size / batch * batch : size, total);
        for (int s : seen) assertEquals(true, s <= 1);
    }

    @Test
    void shuffleIsSeededPerEpoch() {
        BatchLoader a = new BatchLoader(dataset(50, 2), 8, true, false, 7),
                b = new BatchLoader(dataset(50, 2), 8, true, false, 7);
        assertArrayEquals(a.order(3), b.order(3));
        assertFalse(Arrays.equals(a.order(0), a.order(1)));
        assertFalse(Arrays.equals(a.order(0), new BatchLoader(dataset(50, 2), 8, true, false, 8).order(0)));
        int[] identity = new int[50];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(identity, new BatchLoader(dataset(50, 2), 8, false, false, 7).order(5));
        List<BatchLoader.Batch> e1 = collect(a.epoch(1)), e1again = collect(b.epoch(1));
        for (int i = 0; i < e1.size(); i++)
            assertArrayEquals(e1.get(i).points(), e1again.get(i).points());
    }

    @Test
    void rejectsMixedPointCountsAndBadBatchSize() {
        ShapeDataset mixed =
                ShapeDataset.fromClouds(List.of(new PointCloud(new float[3]), new PointCloud(new float[6])), null);
        assertThrows(IllegalArgumentException.class, () -> new BatchLoader(mixed, 2, true, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new BatchLoader(dataset(3, 2), 0, true, false, 0));
        assertEquals(
                0,
                collect(new BatchLoader(dataset(3, 2), 4, true, true, 0).epoch(0))
                        .size());
    }
}
