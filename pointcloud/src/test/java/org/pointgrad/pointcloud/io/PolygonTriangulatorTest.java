package org.pointgrad.pointcloud.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.MeshSampler;

/** Ear clipping covers a concave polygon exactly: its triangles' areas add up to the polygon's area. */
class PolygonTriangulatorTest {
    /** A star-shaped (so simple, usually concave) polygon with random radii, placed in a random plane. */
    private static float[] randomStar(int k, SplittableRandom r, double[] areaOut) {
        double[] ang = new double[k];
        for (int i = 0; i < k; i++) ang[i] = 2 * Math.PI * (i + 0.1 + 0.8 * r.nextDouble()) / k;
        double[] px = new double[k], py = new double[k];
        for (int i = 0; i < k; i++) {
            double rad = 0.2 + r.nextDouble();
            px[i] = rad * Math.cos(ang[i]);
            py[i] = rad * Math.sin(ang[i]);
        }
        double area = 0;
        for (int i = 0; i < k; i++) area += px[i] * py[(i + 1) % k] - px[(i + 1) % k] * py[i];
        areaOut[0] = Math.abs(area) / 2;
        // An orthonormal frame (u, v) of a random plane, offset by a random origin.
        double[] n = {r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-1, 1)};
        double[] u = normalize(cross(n, Math.abs(n[0]) < 0.5 ? new double[] {1, 0, 0} : new double[] {0, 1, 0}));
        double[] v = normalize(cross(n, u));
        double[] o = {r.nextDouble(-5, 5), r.nextDouble(-5, 5), r.nextDouble(-5, 5)};
        float[] xyz = new float[3 * k];
        for (int i = 0; i < k; i++) {
            for (int d = 0; d < 3; d++) xyz[3 * i + d] = (float) (o[d] + px[i] * u[d] + py[i] * v[d]);
        }
        return xyz;
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] normalize(double[] a) {
        double l = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        return new double[] {a[0] / l, a[1] / l, a[2] / l};
    }

    @Property(tries = 200)
    void earClippedAreaEqualsPolygonArea(
            @ForAll @IntRange(min = 4, max = 40) int k,
            @ForAll @LongRange(min = 0, max = 1L << 40) long seed,
            @ForAll boolean reversed) {
        double[] area = new double[1];
        float[] xyz = randomStar(k, new SplittableRandom(seed), area);
        int[] poly = new int[k];
        for (int i = 0; i < k; i++) poly[i] = reversed ? k - 1 - i : i;
        IntList out = new IntList();
        PolygonTriangulator.triangulate(xyz, poly, k, out);
        assertEquals(3 * (k - 2), out.size(), "a simple k-gon has k-2 triangles");
        Mesh m = new Mesh(xyz, out.toArray());
        assertEquals(
                area[0],
                m.area(),
                1e-4 * (1 + area[0]),
                "triangles cover the polygon exactly, without overlap or spill");
        // Every triangle keeps the polygon's winding: their normals all agree with the polygon's.
        double[] first = null;
        for (int t = 0; t < m.triangleCount(); t++) {
            if (m.triangleArea(t) < 1e-6) continue;
            double[] nt = MeshSampler.faceNormal(m, t);
            if (first == null) first = nt;
            assertTrue(first[0] * nt[0] + first[1] * nt[1] + first[2] * nt[2] > 0.99, "triangle " + t + " flipped");
        }
    }

    @Test
    void concaveObjFaceIsNotFanned() throws ShapeFormatException {
        // An L-shaped hexagon (area 3) listed from corner (2,0): a fan from there covers area 4, spilling outside.
        String obj = "v 0 0 0\nv 2 0 0\nv 2 1 0\nv 1 1 0\nv 1 2 0\nv 0 2 0\nf 2 3 4 5 6 1\n";
        Mesh m = ObjReader.parse(obj.getBytes(StandardCharsets.US_ASCII), null).mesh();
        assertEquals(4, m.triangleCount());
        assertEquals(3.0, m.area(), 1e-6);
    }

    @Test
    void degeneratePolygonFallsBackToAFanWithoutFailing() {
        float[] xyz = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
        IntList out = new IntList();
        PolygonTriangulator.triangulate(xyz, new int[] {0, 1, 2, 3}, 4, out);
        assertEquals(6, out.size());
    }
}
