package org.pointgrad.pointcloud.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    static float[] randomCloud(int points, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[3 * points];
        for (int i = 0; i < p.length; i++) p[i] = (float) (2 * r.nextDouble() - 1) * 0.5f;
        return p;
    }

    static double norm(float[] p, int i) {
        return Math.sqrt((double) p[i] * p[i] + (double) p[i + 1] * p[i + 1] + (double) p[i + 2] * p[i + 2]);
    }

    /** A copy of {@code p} with {@code a} applied, drawing from a generator seeded with {@code seed}. */
    static float[] augmented(Augmentation a, float[] p, long seed) {
        float[] q = p.clone();
        a.applyInPlace(q, 0, p.length / 3, new SplittableRandom(seed));
        return q;
    }

    @Property(tries = 50)
    void mirrorIsAnInvolutionOnTheSpanAxis(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int spanAxis) {
        Axis span = Axis.values()[spanAxis];
        Axis up = Axis.values()[(spanAxis + 1) % 3];
        Augmentation mirror = new Augmentation(up, span, 0, true, 0);
        float[] p = randomCloud(20, seed);
        float[] once = p.clone();
        // The same generator state twice: the same decision both times.
        mirror.applyInPlace(once, 0, 20, new SplittableRandom(seed));
        float[] twice = once.clone();
        mirror.applyInPlace(twice, 0, 20, new SplittableRandom(seed));
        assertArrayEquals(p, twice);
        boolean flipped = !Arrays.equals(p, once);
        for (int i = 0; i < p.length; i += 3) {
            for (int a = 0; a < 3; a++) {
                float want = a == spanAxis && flipped ? -p[i + a] : p[i + a];
                assertEquals(want, once[i + a], "point " + i / 3 + " axis " + a);
            }
        }
    }

    @Test
    void mirrorFlipsAboutHalfTheTime() {
        Augmentation mirror = new Augmentation(Axis.Y, Axis.Z, 0, true, 0);
        SplittableRandom r = new SplittableRandom(4);
        int flips = 0;
        for (int k = 0; k < 1000; k++) {
            float[] p = {0, 0, 1};
            mirror.applyInPlace(p, 0, 1, r);
            if (p[2] < 0) flips++;
        }
        assertTrue(flips > 400 && flips < 600, "flips " + flips);
    }

    @Property(tries = 50)
    void rotationKeepsNormsAndTheUpCoordinateAndStaysInItsRange(@ForAll long seed) {
        float[] p = randomCloud(30, seed);
        float[] q = augmented(new Augmentation(Axis.Y, Axis.Z, 10, false, 0), p, seed);
        for (int i = 0; i < p.length; i += 3) {
            assertEquals(norm(p, i), norm(q, i), 1e-5, "norm of point " + i / 3);
            assertEquals(p[i + 1], q[i + 1], 1e-6, "up coordinate of point " + i / 3);
            // The angle between the (z, x) projections is at most 10 degrees.
            double a0 = Math.atan2(p[i], p[i + 2]), a1 = Math.atan2(q[i], q[i + 2]);
            double d = Math.abs(Math.IEEEremainder(a1 - a0, 2 * Math.PI));
            if (Math.hypot(p[i], p[i + 2]) > 1e-3)
                assertTrue(d <= Math.toRadians(10) + 1e-4, "turned by " + Math.toDegrees(d));
        }
    }

    @Property(tries = 50)
    void scalingKeepsTheRadiusAndChangesProportionsWithinBounds(@ForAll long seed) {
        float[] p = randomCloud(50, seed);
        float[] q = augmented(new Augmentation(Axis.Y, Axis.Z, 0, false, 0.2), p, seed);
        double r0 = 0, r1 = 0;
        for (int i = 0; i < p.length; i += 3) {
            r0 = Math.max(r0, norm(p, i));
            r1 = Math.max(r1, norm(q, i));
        }
        assertEquals(r0, r1, 1e-5);
        // Per axis one factor; the ratio of any two factors is within (1 - s) / (1 + s) and its inverse.
        double[] f = new double[3];
        for (int a = 0; a < 3; a++) f[a] = q[a] / (double) p[a];
        for (int i = 3; i < p.length; i += 3) {
            for (int a = 0; a < 3; a++) assertEquals(f[a], q[i + a] / (double) p[i + a], 1e-3, "axis " + a);
        }
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) assertTrue(f[a] / f[b] <= 1.2 / 0.8 + 1e-6, "factor ratio " + f[a] / f[b]);
        }
    }

    @Test
    void sameSeedSameResultOtherSeedOtherResultAndOnlyTheGivenCloudChanges() {
        Augmentation all = Augmentation.parse("rotate:5,mirror,scale:0.1", Axis.Y, Axis.Z);
        float[] p = randomCloud(40, 1);
        float[] a = p.clone(), b = p.clone(), c = p.clone();
        all.applyInPlace(a, 60, 20, new SplittableRandom(7));
        all.applyInPlace(b, 60, 20, new SplittableRandom(7));
        all.applyInPlace(c, 60, 20, new SplittableRandom(8));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertArrayEquals(Arrays.copyOf(p, 60), Arrays.copyOf(a, 60), "points before the offset are untouched");
        assertNotEquals(p[60], a[60]);
    }

    @Test
    void identityDrawsTheSameNumbersAndChangesNothing() {
        SplittableRandom r1 = new SplittableRandom(3), r2 = new SplittableRandom(3);
        float[] p = randomCloud(10, 2), q = p.clone();
        Augmentation.NONE.applyInPlace(q, 0, 10, r1);
        Augmentation.parse("rotate:5", Axis.Y, Axis.Z).applyInPlace(p.clone(), 0, 10, r2);
        assertArrayEquals(p, q);
        assertEquals(r1.nextLong(), r2.nextLong(), "the stream is aligned whatever is switched on");
    }

    @Test
    void parsesAndDescribesSpecs() {
        Augmentation a = Augmentation.parse(" Rotate:5, mirror ,scale:0.1", Axis.Y, Axis.Z);
        assertEquals(5, a.rotationDegrees());
        assertTrue(a.mirror());
        assertEquals(0.1, a.scale());
        assertEquals("rotate:5,mirror,scale:0.1", a.describe());
        assertEquals(a, Augmentation.parse(a.describe(), Axis.Y, Axis.Z));
        assertTrue(Augmentation.parse("none", Axis.Y, Axis.Z).isIdentity());
        assertEquals("none", Augmentation.NONE.describe());
    }

    @Test
    void badSpecsNameThePart() {
        var e = assertThrows(IllegalArgumentException.class, () -> Augmentation.parse("rotate:5,flip", Axis.Y, Axis.Z));
        assertTrue(e.getMessage().contains("'flip'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Augmentation.parse("scale:big", Axis.Y, Axis.Z));
        assertTrue(e.getMessage().contains("'big'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Augmentation.parse("scale:1.5", Axis.Y, Axis.Z));
        assertTrue(e.getMessage().contains("scale"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Augmentation.parse("mirror", Axis.Y, Axis.Y));
        assertTrue(e.getMessage().contains("different axes"), e.getMessage());
    }
}
