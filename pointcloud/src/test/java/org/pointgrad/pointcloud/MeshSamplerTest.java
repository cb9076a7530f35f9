package org.pointgrad.pointcloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Surface sampling on meshes as real files hold them: duplicate and degenerate faces, separate parts, bad vertices. */
class MeshSamplerTest {
    /** A random triangle soup, one triangle per three fresh vertices. */
    private static Mesh soup(SplittableRandom r, int nt) {
        float[] v = new float[9 * nt];
        int[] t = new int[3 * nt];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble(-3, 3);
        for (int i = 0; i < t.length; i++) t[i] = i;
        return new Mesh(v, t);
    }

    @Property(tries = 40)
    void pointsLieOnTheirTrianglesWithUnitFaceNormals(
            @ForAll @IntRange(min = 1, max = 12) int nt, @ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Mesh m = soup(r, nt);
        PointCloud pc = MeshSampler.sample(m, 200, r, true);
        for (int i = 0; i < pc.size(); i++) {
            double best = Double.POSITIVE_INFINITY;
            int bestT = -1;
            for (int t = 0; t < nt; t++) {
                double d = distanceToTriangle(m, t, pc.x(i), pc.y(i), pc.z(i));
                if (d < best) {
                    best = d;
                    bestT = t;
                }
            }
            assertTrue(best < 1e-4, "point " + i + " is " + best + " from the surface");
            float[] n = pc.normals();
            double len = Math.sqrt(n[3 * i] * n[3 * i] + n[3 * i + 1] * n[3 * i + 1] + n[3 * i + 2] * n[3 * i + 2]);
            assertEquals(1.0, len, 1e-5);
            double[] f = MeshSampler.faceNormal(m, bestT);
            assertTrue(
                    Math.abs(f[0] * n[3 * i] + f[1] * n[3 * i + 1] + f[2] * n[3 * i + 2]) > 0.999
                            || m.triangleArea(bestT) < 1e-3,
                    "normal of point " + i + " is its face's");
        }
    }

    /** Distance from a point to a triangle, by projecting into its plane and clamping to the nearest edge. */
    private static double distanceToTriangle(Mesh m, int t, double px, double py, double pz) {
        float[] v = m.vertices();
        int[] tri = m.triangles();
        double[][] c = new double[3][];
        for (int k = 0; k < 3; k++) {
            int a = 3 * tri[3 * t + k];
            c[k] = new double[] {v[a], v[a + 1], v[a + 2]};
        }
        double best = Double.POSITIVE_INFINITY;
        double[] n = MeshSampler.faceNormal(m, t);
        double dist = (px - c[0][0]) * n[0] + (py - c[0][1]) * n[1] + (pz - c[0][2]) * n[2];
        double qx = px - dist * n[0], qy = py - dist * n[1], qz = pz - dist * n[2];
        boolean inside = true;
        for (int k = 0; k < 3; k++) {
            double[] a = c[k], b = c[(k + 1) % 3];
            double ex = b[0] - a[0], ey = b[1] - a[1], ez = b[2] - a[2];
            double cx = ey * (qz - a[2]) - ez * (qy - a[1]);
            double cy = ez * (qx - a[0]) - ex * (qz - a[2]);
            double cz = ex * (qy - a[1]) - ey * (qx - a[0]);
            if (cx * n[0] + cy * n[1] + cz * n[2] < -1e-9) inside = false;
            double len2 = ex * ex + ey * ey + ez * ez;
            double along = (px - a[0]) * ex + (py - a[1]) * ey + (pz - a[2]) * ez;
            double s = len2 == 0 ? 0 : Math.max(0, Math.min(1, along / len2));
            double dx = px - (a[0] + s * ex), dy = py - (a[1] + s * ey), dz = pz - (a[2] + s * ez);
            best = Math.min(best, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        return inside ? Math.abs(dist) : best;
    }

    @Test
    void areaWeightingIgnoresDuplicateAndDegenerateFacesAcrossDisconnectedParts() {
        // Part A: a unit square at z=0 (area 1), stored twice, once with the other winding and starting corner.
        // Part B: a 2x1 rectangle at z=5 (area 2), plus a zero-area sliver and a collapsed triangle.
        float[] v = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 5, 2, 0, 5, 2, 1, 5, 0, 1, 5, 1, 0, 5};
        int[] t = {0, 1, 2, 0, 2, 3, 2, 1, 0, 3, 2, 0, 0, 1, 2, 4, 5, 6, 4, 6, 7, 4, 8, 5, 6, 6, 6};
        Mesh m = new Mesh(v, t);
        int n = 60_000;
        PointCloud pc = MeshSampler.sample(m, n, new SplittableRandom(7), true);
        int onA = 0;
        for (int i = 0; i < n; i++) if (pc.z(i) < 1) onA++;
        // Binomial(n, 1/3): standard deviation about 115 points; allow 5 of them.
        assertEquals(
                n / 3.0, onA, 5 * Math.sqrt(n * (1 / 3.0) * (2 / 3.0)), "part A holds a third of the distinct area");
        for (int i = 0; i < n; i++) {
            float[] nr = pc.normals();
            assertEquals(1.0, Math.abs(nr[3 * i + 2]), 1e-6, "no point comes from a degenerate face (zero normal)");
        }
        boolean[] dup = MeshSampler.duplicateTriangles(m);
        assertArrayEquals(new boolean[] {false, false, true, true, true, false, false, false, false}, dup);
    }

    @Test
    void sameSeedSameSamples() {
        Mesh m = soup(new SplittableRandom(3), 5);
        PointCloud a = MeshSampler.sample(m, 50, new SplittableRandom(9), true);
        assertEquals(a, MeshSampler.sample(m, 50, new SplittableRandom(9), true));
    }

    @Test
    void nonFiniteVerticesAndZeroAreaAreRejected() {
        float[] v = {0, 0, 0, 1, 0, 0, 0, Float.NaN, 0};
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> MeshSampler.sample(new Mesh(v, new int[] {0, 1, 2}), 10, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("vertex 2") && e.getMessage().contains("NaN"), e.getMessage());
        float[] inf = {0, 0, 0, Float.POSITIVE_INFINITY, 0, 0, 0, 1, 0};
        Mesh infinite = new Mesh(inf, new int[] {0, 1, 2});
        e = assertThrows(
                IllegalArgumentException.class, () -> MeshSampler.sample(infinite, 10, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("vertex 1"), e.getMessage());
        float[] line = {0, 0, 0, 1, 0, 0, 2, 0, 0};
        Mesh flat = new Mesh(line, new int[] {0, 1, 2, 0, 0, 0});
        e = assertThrows(IllegalArgumentException.class, () -> MeshSampler.sample(flat, 10, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("zero surface area"), e.getMessage());
    }
}
