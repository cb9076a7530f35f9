package org.pointgrad.pointcloud.neighbors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NearestNeighborsTest {
    @Test
    void autoPicksBruteForceForSmallAndTreeForLarge() {
        assertEquals(SearchStrategy.BRUTE_FORCE, NearestNeighbors.resolve(SearchStrategy.AUTO, 1024, 1024));
        assertEquals(SearchStrategy.KD_TREE, NearestNeighbors.resolve(SearchStrategy.AUTO, 50_000, 50_000));
        assertEquals(SearchStrategy.BRUTE_FORCE, NearestNeighbors.resolve(SearchStrategy.BRUTE_FORCE, 50_000, 50_000));
        assertEquals(SearchStrategy.KD_TREE, NearestNeighbors.resolve(SearchStrategy.KD_TREE, 10, 10));
        assertTrue(NearestNeighbors.useTree(100_000, 8192));
        assertFalse(NearestNeighbors.useTree(100_000, 100));
    }

    @Test
    void knnAgreesBetweenStrategies() {
        SplittableRandom r = new SplittableRandom(3);
        float[] p = NaiveNearest.cloud(r, 500, 2, true), q = NaiveNearest.cloud(r, 40, 2, true);
        int[][] a =
                NearestNeighbors.nearestK(q, 40, p, 500, 2, 7, DistanceMetric.MANHATTAN, SearchStrategy.BRUTE_FORCE);
        int[][] b = NearestNeighbors.nearestK(q, 40, p, 500, 2, 7, DistanceMetric.MANHATTAN, SearchStrategy.AUTO);
        for (int i = 0; i < 40; i++) assertArrayEquals(a[i], b[i]);
    }

    @Test
    void wholeArrayConvenience() {
        float[] p = {0, 0, 0, 10, 0, 0};
        float[] q = {9, 0, 0, 1, 1, 0};
        float[] d = new float[2];
        assertArrayEquals(new int[] {1, 0}, NearestNeighbors.nearest(q, p, 3, d));
        assertArrayEquals(new float[] {1, 2}, d);
    }
}
