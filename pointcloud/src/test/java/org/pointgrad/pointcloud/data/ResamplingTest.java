package org.pointgrad.pointcloud.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.pointgrad.pointcloud.PointCloud;

/** Farthest-point and Poisson-disk subsets: exact counts, real members of the cloud, evenly spread, deterministic. */
class ResamplingTest {
    /** A cloud with clumps: half the points in a tiny ball, the rest spread over a cube; normals tag each point. */
    private static PointCloud clumpy(int m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[3 * m], n = new float[3 * m];
        for (int i = 0; i < m; i++) {
            double s = i % 2 == 0 ? 0.01 : 1;
            for (int d = 0; d < 3; d++) p[3 * i + d] = (float) (s * r.nextDouble(-1, 1));
            n[3 * i] = i;
        }
        return new PointCloud(p, n);
    }

    private static double minDistance(PointCloud c) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < c.size(); i++) {
            for (int j = i + 1; j < c.size(); j++) {
                double dx = c.x(i) - c.x(j), dy = c.y(i) - c.y(j), dz = c.z(i) - c.z(j);
                best = Math.min(best, dx * dx + dy * dy + dz * dz);
            }
        }
        return Math.sqrt(best);
    }

    /** Each chosen point is a distinct member of the source, with its own normal carried along. */
    private static void assertSubset(PointCloud src, PointCloud sub, int n) {
        assertEquals(n, sub.size());
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < n; k++) {
            int i = (int) sub.normals()[3 * k];
            assertTrue(seen.add(i), "point " + i + " chosen twice");
            assertEquals(src.x(i), sub.x(k));
            assertEquals(src.y(i), sub.y(k));
            assertEquals(src.z(i), sub.z(k));
        }
    }

    @Property(tries = 25)
    void spreadingSubsetsAreExactDeterministicAndSpreadOut(
            @ForAll @IntRange(min = 8, max = 300) int m,
            @ForAll @IntRange(min = 2, max = 40) int n,
            @ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
        n = Math.min(n, m / 2);
        PointCloud c = clumpy(m, seed);
        PointCloud fps = Resampling.farthestPoint(c, n, new SplittableRandom(seed));
        PointCloud pds = Resampling.poissonDisk(c, n, new SplittableRandom(seed));
        assertSubset(c, fps, n);
        assertSubset(c, pds, n);
        assertEquals(fps, Resampling.farthestPoint(c, n, new SplittableRandom(seed)));
        assertEquals(pds, Resampling.poissonDisk(c, n, new SplittableRandom(seed)));
        // Both avoid the clump: their closest pair is no closer than a uniform subset's, averaged over draws.
        double uniform = 0;
        for (int k = 0; k < 5; k++) {
            uniform += minDistance(Resampling.toCount(c, n, new SplittableRandom(seed + k))) / 5;
        }
        assertTrue(
                minDistance(fps) >= uniform * 0.999, "farthest-point " + minDistance(fps) + " vs uniform " + uniform);
        assertTrue(minDistance(pds) >= uniform * 0.999, "Poisson-disk " + minDistance(pds) + " vs uniform " + uniform);
    }

    @Test
    void farthestPointPicksTheExtremes() {
        // Corners of a unit square plus its centre: after a random first pick, every corner is farther from the chosen
        // points than the centre is, so the centre is only ever picked first.
        PointCloud c = new PointCloud(new float[] {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0.5f, 0.5f, 0});
        for (long s = 0; s < 10; s++) {
            PointCloud f = Resampling.farthestPoint(c, 4, new SplittableRandom(s));
            for (int k = 1; k < 4; k++) assertTrue(f.x(k) != 0.5f, "centre chosen at pick " + k + " with seed " + s);
        }
    }

    @Test
    void poissonDiskTakesAllPointsWhenAllAreAsked() {
        PointCloud c = clumpy(30, 1);
        PointCloud all = Resampling.poissonDisk(c, 30, new SplittableRandom(2));
        assertSubset(c, all, 30);
        assertArrayEquals(
                new float[0],
                Resampling.farthestPoint(c, 0, new SplittableRandom(2)).xyz());
    }

    @Test
    void impossibleCountsAreRejected() {
        PointCloud c = clumpy(10, 1);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Resampling.poissonDisk(c, 11, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("cannot choose 11 of 10"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Resampling.farthestPoint(c, -1, new SplittableRandom(1)));
    }
}
