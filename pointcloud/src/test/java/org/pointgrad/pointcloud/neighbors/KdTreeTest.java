package org.pointgrad.pointcloud.neighbors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KdTreeTest {

    @Property(tries = 200)
    void queriesMatchNaiveReference(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 300) int np,
            @ForAll @IntRange(min = 1, max = 60) int nq,
            @ForAll @IntRange(min = 1, max = 5) int dim,
            @ForAll boolean grid,
            @ForAll DistanceMetric metric,
            @ForAll @IntRange(min = 0, max = 12) int k) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = NaiveNearest.cloud(r, np, dim, grid);
        float[] q = NaiveNearest.cloud(r, nq, dim, grid);
        KdTree tree = new KdTree(p, 0, np, dim, metric);
        float[] dist = new float[nq];
        int[] idx = new int[nq];
        tree.nearestAll(q, 0, nq, dist, 0, idx, 0);
        float[] dist2 = new float[nq];
        int[] idx2 = new int[nq];
        tree.nearestAll(new KdTree(q, 0, nq, dim, metric), dist2, 0, idx2, 0);
        assertArrayEquals(idx, idx2, "tree-ordered, warm-started queries");
        assertArrayEquals(dist, dist2);
        float radius = grid ? 2 : 0.3f;
        for (int i = 0; i < nq; i++) {
            int want = NaiveNearest.nearest(q, i, p, np, dim, metric);
            assertEquals(want, idx[i]);
            assertEquals(want, tree.nearest(q, i * dim));
            if (want >= 0) assertEquals(NaiveNearest.dist(q, i, p, want, dim, metric), dist[i]);
            List<Integer> sorted = sortedByDistance(q, i, p, np, dim, metric);
            int[] wantK = sorted.stream().limit(k).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(wantK, tree.nearestK(q, i * dim, k, null));
            final int qi = i;
            int[] wantR = sorted.stream()
                    .filter(j -> NaiveNearest.dist(q, qi, p, j, dim, metric) <= radius)
                    .mapToInt(Integer::intValue)
                    .toArray();
            assertArrayEquals(wantR, tree.withinDistance(q, i * dim, radius));
        }
    }

    @Test
    void treeAgreesWithBruteForceOnLargeCloudWithDuplicates() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 20_000;
        float[] p = NaiveNearest.cloud(r, n, 3, false);
        for (int i = 0; i < 2000; i++) System.arraycopy(p, 3 * r.nextInt(n), p, 3 * r.nextInt(n), 3);
        float[] q = NaiveNearest.cloud(r, 5000, 3, false);
        System.arraycopy(p, 0, q, 0, 3000); // some queries sit exactly on points
        float[] a = new float[5000], b = new float[5000];
        int[] ia = new int[5000], ib = new int[5000];
        NearestNeighbors.nearest(
                q, 0, 5000, p, 0, n, 3, DistanceMetric.SQUARED_EUCLIDEAN, SearchStrategy.KD_TREE, a, 0, ia, 0);
        NearestNeighbors.nearest(
                q, 0, 5000, p, 0, n, 3, DistanceMetric.SQUARED_EUCLIDEAN, SearchStrategy.BRUTE_FORCE, b, 0, ib, 0);
        assertArrayEquals(b, a);
        assertArrayEquals(ib, ia);
        for (int i = 0; i < 1000; i++) assertEquals(0f, a[i]);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new KdTree(new float[5], 0, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> KdTree.of(new float[5], 3));
        KdTree t = KdTree.of(new float[6], 3);
        assertThrows(IllegalArgumentException.class, () -> t.nearest(new float[2], 0));
        assertEquals(-1, KdTree.of(new float[0], 3).nearest(new float[3], 0));
    }

    private static List<Integer> sortedByDistance(float[] q, int qi, float[] p, int np, int dim, DistanceMetric m) {
        List<Integer> all = new ArrayList<>();
        for (int j = 0; j < np; j++) all.add(j);
        all.sort(Comparator.<Integer>comparingDouble(j -> NaiveNearest.dist(q, qi, p, j, dim, m))
                .thenComparingInt(j -> j));
        return all;
    }
}
