package org.pointgrad.pointcloud.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.shapes.AirplaneFamily;
import org.pointgrad.pointcloud.shapes.Airplanes;
import org.pointgrad.pointcloud.transform.AxisConvention;
import org.pointgrad.pointcloud.transform.Normalization;

/**
 * An airplane stored in another axis convention is drawn like the same airplane in the project's axes: nose to the
 * right in the side view and at the top in the top view, fin upwards; without the convention it is not.
 */
class RenderAxesTest {
    static final int CELL = 128;

    /** The airplane in the project's axes, normalized, and the indices of its nose and fin-top points. */
    static final PointCloud PLANE = Normalization.UNIT_BALL.apply(Airplanes.sampleCloud(
            Airplanes.generate(AirplaneFamily.AIRLINER, new SplittableRandom(3)), 3000, new SplittableRandom(4)));

    /** Points of {@code cloud} whose canonical coordinate {@code axis} is in the top 3% of the airplane's. */
    static PointCloud extreme(PointCloud canonical, PointCloud stored, int axis) {
        float[] c = canonical.xyz(), s = stored.xyz();
        float max = Float.NEGATIVE_INFINITY;
        for (int i = axis; i < c.length; i += 3) max = Math.max(max, c[i]);
        float min = Float.POSITIVE_INFINITY;
        for (int i = axis; i < c.length; i += 3) min = Math.min(min, c[i]);
        float cut = max - 0.03f * (max - min);
        int n = 0;
        float[] out = new float[s.length];
        for (int i = 0; i < c.length; i += 3) {
            if (c[i + axis] >= cut) {
                System.arraycopy(s, i, out, 3 * n, 3);
                n++;
            }
        }
        return new PointCloud(Arrays.copyOf(out, 3 * n));
    }

    /** Centre of the drawn (non-white) pixels relative to the cell centre, v pointing up the picture. */
    static double[] drawnCentre(PointCloud part, View view, AxisConvention axes) {
        BufferedImage img = new RenderGrid(1, 1, CELL)
                .view(view)
                .axes(axes)
                .put(0, 0, part, null)
                .render();
        double su = 0, sv = 0;
        int n = 0;
        for (int y = 1; y < CELL - 1; y++) {
            for (int x = 1; x < CELL - 1; x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    su += x - CELL / 2.0;
                    sv += CELL / 2.0 - y;
                    n++;
                }
            }
        }
        assertTrue(n > 0, "nothing drawn");
        return new double[] {su / n, sv / n};
    }

    @Test
    void noseAndFinAreWhereTheConventionSays() {
        for (AxisConvention axes :
                new AxisConvention[] {AxisConvention.POINTGRAD, AxisConvention.SHAPENET, AxisConvention.XAFT_YUP}) {
            PointCloud stored = axes.fromCanonical(PLANE);
            PointCloud nose = extreme(PLANE, stored, 0), fin = extreme(PLANE, stored, 1);
            double[] side = drawnCentre(nose, View.SIDE, axes);
            assertTrue(side[0] > 0.3 * CELL, axes.describe() + ": side view, nose right of centre: " + side[0]);
            double[] top = drawnCentre(nose, View.TOP, axes);
            assertTrue(top[1] > 0.3 * CELL, axes.describe() + ": top view, nose at the top: " + top[1]);
            double[] finSide = drawnCentre(fin, View.SIDE, axes);
            assertTrue(finSide[1] > 0.1 * CELL, axes.describe() + ": side view, fin above centre: " + finSide[1]);
            double[] front = drawnCentre(fin, View.FRONT, axes);
            assertTrue(
                    front[1] > 0.1 * CELL && Math.abs(front[0]) < 0.1 * CELL,
                    axes.describe() + ": front view, fin on top: " + front[0] + ", " + front[1]);
        }
    }

    @Test
    void withoutTheConventionTheNoseIsElsewhere() {
        for (AxisConvention axes : new AxisConvention[] {AxisConvention.SHAPENET, AxisConvention.XAFT_YUP}) {
            PointCloud nose = extreme(PLANE, axes.fromCanonical(PLANE), 0);
            double[] side = drawnCentre(nose, View.SIDE, AxisConvention.POINTGRAD);
            assertTrue(
                    side[0] < 0.2 * CELL, axes.describe() + " drawn as pointgrad: nose not on the right: " + side[0]);
        }
    }
}
