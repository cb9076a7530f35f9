package org.pointgrad.pointcloud.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.pointgrad.pointcloud.PointCloud;

class RotationAndJitterTest {
    @Test
    void quarterTurnsFollowTheRightHandRule() {
        PointCloud c = new PointCloud(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
        double q = Math.PI / 2;
        // About y: z -> x, x -> -z.
        assertArrayEquals(
                new float[] {0, 0, -1, 0, 1, 0, 1, 0, 0},
                Rotation.aboutAxis(c, Axis.Y, q).xyz(),
                1e-6f);
        // About z: x -> y, y -> -x.
        assertArrayEquals(
                new float[] {0, 1, 0, -1, 0, 0, 0, 0, 1},
                Rotation.aboutAxis(c, Axis.Z, q).xyz(),
                1e-6f);
        // About x: y -> z, z -> -y.
        assertArrayEquals(
                new float[] {1, 0, 0, 0, 0, 1, 0, -1, 0},
                Rotation.aboutAxis(c, Axis.X, q).xyz(),
                1e-6f);
    }

    @Property(tries = 100)
    void randomUpRotationKeepsHeightAndRadiusAndRotatesNormals(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[60], n = new float[60];
        for (int i = 0; i < 60; i++) {
            p[i] = (float) r.nextDouble(-2, 2);
            n[i] = (float) r.nextDouble(-1, 1);
        }
        PointCloud c = new PointCloud(p, n);
        PointCloud out = Rotation.randomAboutUp(c, new SplittableRandom(seed));
        for (int i = 0; i < 20; i++) {
            assertEquals(c.y(i), out.y(i), 0f);
            assertEquals(Math.hypot(c.x(i), c.z(i)), Math.hypot(out.x(i), out.z(i)), 1e-5);
        }
        // Normals turn by the same angle as the points: the rotation applied to the normal array as points agrees.
        PointCloud normalsAsPoints = Rotation.randomAboutUp(new PointCloud(n), new SplittableRandom(seed));
        assertArrayEquals(normalsAsPoints.xyz(), out.normals());
        assertEquals(out, Rotation.randomAboutUp(c, new SplittableRandom(seed)), "same seed, same result");
    }

    @Test
    void configurableUpAxisKeepsThatCoordinate() {
        PointCloud c = new PointCloud(new float[] {1, 2, 3, -4, 5, -6});
        PointCloud out = Rotation.randomAboutAxis(c, Axis.Z, new SplittableRandom(5));
        assertEquals(3f, out.z(0));
        assertEquals(-6f, out.z(1));
        assertFalse(Arrays.equals(c.xyz(), out.xyz()));
    }

    @Test
    void jitterIsClippedSeededAndHasRoughlyTheRequestedSpread() {
        int n = 20000;
        PointCloud c = new PointCloud(new float[3 * n]);
        PointCloud j = Jitter.gaussian(c, 0.01, 0.05, new SplittableRandom(1));
        double sum2 = 0;
        for (float v : j.xyz()) {
            assertTrue(Math.abs(v) <= 0.05f + 1e-7f);
            sum2 += v * v;
        }
        assertEquals(0.01, Math.sqrt(sum2 / (3.0 * n)), 0.0005);
        PointCloud tight = Jitter.gaussian(c, 1.0, 0.001, new SplittableRandom(1));
        long atClip = 0;
        for (float v : tight.xyz()) {
            assertTrue(Math.abs(v) <= 0.001f + 1e-9f);
            if (Math.abs(v) == 0.001f) atClip++;
        }
        assertTrue(atClip > 3 * n * 0.99, "nearly all values clip when sigma >> clip: " + atClip);
        assertEquals(j, Jitter.gaussian(c, 0.01, 0.05, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> Jitter.gaussian(c, -1, 0.05, new SplittableRandom(1)));
        assertArrayEquals(new float[3 * n], c.xyz(), "input untouched");
    }
}
