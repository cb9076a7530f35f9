package org.pointgrad.pointcloud.neighbors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class KdTreeDoubleTest {

    @Property(tries = 100)
    void nearestEqualsBruteForceInDouble(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 400) int np,
            @ForAll @IntRange(min = 1, max = 80) int nq,
            @ForAll @IntRange(min = 1, max = 5) int dim,
            @ForAll DistanceMetric metric) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] p = new double[np * dim], q = new double[nq * dim];
        // a coarse grid makes ties common, so the lowest-index rule is exercised too
        for (int i = 0; i < p.length; i++) p[i] = r.nextInt(7) * 0.25 + 1e-9 * r.nextInt(3);
        for (int i = 0; i < q.length; i++) q[i] = r.nextDouble(-0.5, 2);
        double[] want = new double[nq], got = new double[nq], warm = new double[nq];
        int[] wantIdx = new int[nq], gotIdx = new int[nq], warmIdx = new int[nq];
        BruteForceDouble.nearest(false, q, 0, nq, p, 0, np, dim, metric, want, 0, wantIdx, 0);
        KdTreeDouble tree = new KdTreeDouble(p, 0, np, dim, metric);
        tree.nearestAll(q, 0, nq, got, 0, gotIdx, 0);
        tree.nearestAll(new KdTreeDouble(q, 0, nq, dim, metric), warm, 0, warmIdx, 0);
        assertArrayEquals(wantIdx, gotIdx);
        assertArrayEquals(want, got);
        assertArrayEquals(wantIdx, warmIdx);
        assertArrayEquals(want, warm);
    }
}
