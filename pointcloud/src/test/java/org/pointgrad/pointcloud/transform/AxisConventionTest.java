package org.pointgrad.pointcloud.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.FloatRange;
import org.junit.jupiter.api.Test;
import org.pointgrad.pointcloud.PointCloud;

/** Presets point where their names say, every convention is a proper rotation, and parsing names what is wrong. */
class AxisConventionTest {
    static float[] canonical(AxisConvention c, float x, float y, float z) {
        return c.toCanonical(new PointCloud(new float[] {x, y, z})).xyz();
    }

    @Test
    void presetsMapTheirNoseToPlusXAndTheirTopToPlusY() {
        assertArrayEquals(new float[] {1, 0, 0}, canonical(AxisConvention.SHAPENET, 0, 0, -1), 1e-7f);
        assertArrayEquals(new float[] {0, 1, 0}, canonical(AxisConvention.SHAPENET, 0, 1, 0), 1e-7f);
        assertArrayEquals(new float[] {1, 0, 0}, canonical(AxisConvention.XAFT_YUP, -1, 0, 0), 1e-7f);
        assertArrayEquals(new float[] {0, 1, 0}, canonical(AxisConvention.XAFT_YUP, 0, 1, 0), 1e-7f);
        // x aft and y up leave the span on z; which side is "right" follows from forward x up.
        assertArrayEquals(new float[] {0, 0, -1}, canonical(AxisConvention.XAFT_YUP, 0, 0, 1), 1e-7f);
        PointCloud c = new PointCloud(new float[] {1, 2, 3});
        assertSame(c, AxisConvention.POINTGRAD.toCanonical(c));
        assertEquals(AxisConvention.SHAPENET, AxisConvention.preset(" ShapeNet "));
        assertEquals(AxisConvention.XAFT_YUP, AxisConvention.preset("xaft-yup"));
    }

    @Test
    void everyConventionIsAProperRotation() {
        for (Direction f : Direction.values()) {
            for (Direction u : Direction.values()) {
                if (f.axis() == u.axis()) continue;
                AxisConvention a = new AxisConvention(f, u);
                float[] ex = canonical(a, 1, 0, 0), ey = canonical(a, 0, 1, 0), ez = canonical(a, 0, 0, 1);
                double det = ex[0] * (ey[1] * ez[2] - ey[2] * ez[1])
                        - ex[1] * (ey[0] * ez[2] - ey[2] * ez[0])
                        + ex[2] * (ey[0] * ez[1] - ey[1] * ez[0]);
                assertEquals(1.0, det, 1e-12, a.describe() + " must not mirror");
                assertArrayEquals(
                        new float[] {1, 0, 0},
                        a.toCanonical(new PointCloud(toFloat(f.vector()))).xyz(),
                        1e-7f,
                        a.describe());
            }
        }
    }

    @Property(tries = 50)
    void fromCanonicalUndoesToCanonical(
            @ForAll("conventions") AxisConvention a,
            @ForAll @FloatRange(min = -5, max = 5) float x,
            @ForAll @FloatRange(min = -5, max = 5) float y,
            @ForAll @FloatRange(min = -5, max = 5) float z) {
        float[] p = {x, y, z};
        PointCloud back = a.fromCanonical(a.toCanonical(new PointCloud(p, new float[] {0, 0, 1})));
        assertArrayEquals(p, back.xyz(), 1e-7f);
        assertArrayEquals(new float[] {0, 0, 1}, back.normals());
    }

    @Provide
    Arbitrary<AxisConvention> conventions() {
        return Arbitraries.of(Direction.values())
                .tuple2()
                .filter(t -> t.get1().axis() != t.get2().axis())
                .map(t -> new AxisConvention(t.get1(), t.get2()));
    }

    @Test
    void badAxesAreRefusedWithWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Direction.parse("+w"));
        assertTrue(e.getMessage().contains("'+w'") && e.getMessage().contains("+x, -x"), e.getMessage());
        assertEquals(Direction.MINUS_Z, Direction.parse("-Z"));
        assertEquals(Direction.PLUS_Y, Direction.parse("y"));
        assertEquals("-z", Direction.MINUS_Z.toString());
        e = assertThrows(IllegalArgumentException.class, () -> new AxisConvention(Direction.PLUS_Y, Direction.MINUS_Y));
        assertTrue(e.getMessage().contains("different axes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AxisConvention.preset("modelnet"));
        assertTrue(e.getMessage().contains("'modelnet'") && e.getMessage().contains("shapenet"), e.getMessage());
    }

    private static float[] toFloat(double[] v) {
        return new float[] {(float) v[0], (float) v[1], (float) v[2]};
    }
}
