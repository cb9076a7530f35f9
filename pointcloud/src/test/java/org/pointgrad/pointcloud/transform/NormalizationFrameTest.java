package org.pointgrad.pointcloud.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pointgrad.pointcloud.PointCloud;

/** The frame a normalization records reproduces it and undoes it, so outputs can go back to the input's place. */
class NormalizationFrameTest {
    static PointCloud cloud(int n, double offset, double size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[3 * n];
        for (int i = 0; i < p.length; i++) p[i] = (float) (offset + size * r.nextDouble(-1, 1));
        return new PointCloud(p);
    }

    @Property(tries = 40)
    void frameOfReproducesApplyAndToOriginalUndoesIt(
            @ForAll @IntRange(min = 1, max = 60) int n,
            @ForAll @DoubleRange(min = -500, max = 500) double offset,
            @ForAll @DoubleRange(min = 0.01, max = 80) double size,
            @ForAll("normalizations") Normalization norm) {
        PointCloud c = cloud(n, offset, size, n * 31L);
        NormalizationFrame f = norm.frameOf(c);
        PointCloud normalized = norm.apply(c);
        assertArrayEquals(normalized.xyz(), f.toNormalized(c).xyz());
        float[] back = f.toOriginal(normalized).xyz();
        // float32 rounding in the normalized frame, scaled back up by the cloud's extent and offset.
        double tol = 1e-6 * (Math.abs(offset) + 2 * size) + 1e-6;
        for (int i = 0; i < back.length; i++) assertEquals(c.xyz()[i], back[i], tol);
    }

    @Provide
    Arbitrary<Normalization> normalizations() {
        return Arbitraries.of(Normalization.values());
    }

    @Test
    void unitBallFrameIsTheBoxCentreAndTheInverseRadius() {
        PointCloud c = new PointCloud(new float[] {10, 0, 0, 14, 0, 0, 12, 3, 0});
        NormalizationFrame f = Normalization.UNIT_BALL.frameOf(c);
        assertArrayEquals(new double[] {12, 1.5, 0}, f.centre());
        assertEquals(1 / Math.sqrt(4 + 2.25), f.scale(), 1e-12);
        assertEquals(NormalizationFrame.IDENTITY, Normalization.NONE.frameOf(c));
    }

    @Test
    void towardsMovesCentreAndSizeLinearly() {
        NormalizationFrame a = new NormalizationFrame(new double[] {0, 0, 0}, 1.0);
        NormalizationFrame b = new NormalizationFrame(new double[] {10, -4, 2}, 0.25);
        assertArrayEquals(a.centre(), a.towards(b, 0).centre());
        assertArrayEquals(b.centre(), a.towards(b, 1).centre(), 1e-12);
        assertEquals(b.scale(), a.towards(b, 1).scale(), 1e-12);
        NormalizationFrame mid = a.towards(b, 0.5);
        assertArrayEquals(new double[] {5, -2, 1}, mid.centre(), 1e-12);
        assertEquals(1 / 2.5, mid.scale(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new NormalizationFrame(new double[3], 0));
    }
}
