package org.pointgrad.pointcloud.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pointgrad.pointcloud.PointCloud;

class NormalizationTest {
    static PointCloud randomCloud(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double sx = r.nextDouble(0.1, 50), ox = r.nextDouble(-100, 100);
        float[] p = new float[3 * n];
        for (int i = 0; i < p.length; i++) p[i] = (float) (ox + sx * r.nextDouble(-1, 1) * (1 + i % 3));
        return new PointCloud(p);
    }

    private static double maxRadius(PointCloud c, double cx, double cy, double cz) {
        double m = 0;
        for (int i = 0; i < c.size(); i++) {
            double dx = c.x(i) - cx, dy = c.y(i) - cy, dz = c.z(i) - cz;
            m = Math.max(m, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        return m;
    }

    @Property(tries = 100)
    void unitBallCentresTheBoundingBoxAndTouchesRadiusOne(
            @ForAll long seed, @ForAll @IntRange(min = 2, max = 200) int n) {
        PointCloud out = Normalization.UNIT_BALL.apply(randomCloud(seed, n));
        for (int d = 0; d < 3; d++) {
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, out.xyz()[3 * i + d]);
                hi = Math.max(hi, out.xyz()[3 * i + d]);
            }
            assertEquals(0, lo + hi, 1e-5, "bounding box centre on axis " + d);
        }
        assertEquals(1, maxRadius(out, 0, 0, 0), 1e-5);
    }

    @Property(tries = 100)
    void centroidVariantHasZeroMean(@ForAll long seed, @ForAll @IntRange(min = 2, max = 200) int n) {
        PointCloud out = Normalization.UNIT_BALL_CENTROID.apply(randomCloud(seed, n));
        double[] mean = new double[3];
        for (int i = 0; i < out.xyz().length; i++) mean[i % 3] += out.xyz()[i] / n;
        for (double m : mean) assertEquals(0, m, 1e-5);
        assertEquals(1, maxRadius(out, 0, 0, 0), 1e-5);
    }

    @Property(tries = 100)
    void unitBoxFitsMinusOneToOneAndTouchesOnTheLongestAxis(
            @ForAll long seed, @ForAll @IntRange(min = 2, max = 200) int n) {
        PointCloud out = Normalization.UNIT_BOX.apply(randomCloud(seed, n));
        double maxAbs = 0;
        for (float v : out.xyz()) maxAbs = Math.max(maxAbs, Math.abs(v));
        assertEquals(1, maxAbs, 1e-5);
    }

    @Test
    void knownExample() {
        // Box [0,4]x[0,2]x[0,0]: centre (2,1,0); farthest corner distance sqrt(5).
        PointCloud c = new PointCloud(new float[] {0, 0, 0, 4, 2, 0, 4, 0, 0});
        PointCloud ball = Normalization.UNIT_BALL.apply(c);
        double s = 1 / Math.sqrt(5);
        assertArrayEquals(
                new float[] {
                    (float) (-2 * s),
                    (float) (-1 * s),
                    0,
                    (float) (2 * s),
                    (float) s,
                    0,
                    (float) (2 * s),
                    (float) (-s),
                    0
                },
                ball.xyz(),
                1e-6f);
        PointCloud box = Normalization.UNIT_BOX.apply(c);
        assertArrayEquals(new float[] {-1, -0.5f, 0, 1, 0.5f, 0, 1, -0.5f, 0}, box.xyz(), 1e-6f);
        assertEquals(Normalization.UNIT_BALL, Normalization.DEFAULT);
    }

    @Test
    void degenerateAndEmptyCloudsAndNormalsAndNoMutation() {
        PointCloud same = new PointCloud(new float[] {3, 3, 3, 3, 3, 3}, new float[] {0, 1, 0, 0, 1, 0});
        PointCloud out = Normalization.UNIT_BALL.apply(same);
        assertArrayEquals(new float[6], out.xyz());
        assertArrayEquals(same.normals(), out.normals());
        assertNotSame(same.normals(), out.normals());
        assertArrayEquals(new float[] {3, 3, 3, 3, 3, 3}, same.xyz());
        assertEquals(
                0, Normalization.UNIT_BOX.apply(new PointCloud(new float[0])).size());
        PointCloud none = Normalization.NONE.apply(same);
        assertEquals(same, none);
        assertTrue(none.xyz() != same.xyz());
        assertSame(Normalization.UNIT_BALL, Normalization.valueOf("UNIT_BALL"));
    }
}
