package org.pointgrad.pointcloud.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pointgrad.pointcloud.Mesh;

/** Areas and volumes of the primitives against the textbook formulas; positive volume means outward faces. */
class PrimitivesTest {
    private static void assertClose(double expected, double actual, double relTol, String what) {
        assertEquals(
                expected, actual, Math.abs(expected) * relTol, what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void boxAreaAndVolumeAreExact() {
        Mesh b = Primitives.box(2, 3, 4);
        assertClose(2 * (6 + 12 + 8), b.area(), 1e-6, "box area");
        assertClose(24, MeshChecks.signedVolume(b), 1e-6, "box volume");
        double[][] bb = MeshChecks.bounds(b.vertices());
        assertEquals(-1, bb[0][0], 1e-6);
        assertEquals(2, bb[2][1], 1e-6);
    }

    @Test
    void sphereApproachesAnalyticAreaAndVolume() {
        Mesh s = Primitives.sphere(1.5, 64, 32);
        assertClose(4 * Math.PI * 1.5 * 1.5, s.area(), 0.01, "sphere area");
        assertClose(4.0 / 3 * Math.PI * Math.pow(1.5, 3), MeshChecks.signedVolume(s), 0.01, "sphere volume");
        assertEquals(1.5, MeshChecks.maxRadius(s.vertices()), 1e-5);
    }

    @Test
    void ellipsoidHasRequestedSemiAxes() {
        Mesh e = Primitives.ellipsoid(3, 1, 2, 48, 24);
        double[][] bb = MeshChecks.bounds(e.vertices());
        assertEquals(3, bb[0][1], 1e-5);
        assertEquals(1, bb[1][1], 1e-5);
        assertEquals(2, bb[2][1], 0.01);
        assertClose(4.0 / 3 * Math.PI * 6, MeshChecks.signedVolume(e), 0.02, "ellipsoid volume");
    }

    @Test
    void torusApproachesPappusFormulas() {
        Mesh t = Primitives.torus(2, 0.5, 96, 48);
        assertClose(4 * Math.PI * Math.PI * 2 * 0.5, t.area(), 0.01, "torus area");
        assertClose(2 * Math.PI * Math.PI * 2 * 0.25, MeshChecks.signedVolume(t), 0.01, "torus volume");
    }

    @Test
    void cylinderIsCappedAndAlongY() {
        Mesh c = Primitives.cylinder(1, 3, 128);
        assertClose(2 * Math.PI * 3 + 2 * Math.PI, c.area(), 0.01, "cylinder area (side + caps)");
        assertClose(Math.PI * 3, MeshChecks.signedVolume(c), 0.01, "cylinder volume");
        double[][] bb = MeshChecks.bounds(c.vertices());
        assertEquals(-1.5, bb[1][0], 1e-6);
        assertEquals(1.5, bb[1][1], 1e-6);
    }

    @Test
    void coneAndFrustumMatchFormulas() {
        Mesh cone = Primitives.cone(1, 2, 128);
        assertClose(Math.PI * (1 + Math.sqrt(5)), cone.area(), 0.01, "cone area");
        assertClose(Math.PI * 2 / 3, MeshChecks.signedVolume(cone), 0.01, "cone volume");
        double[][] bb = MeshChecks.bounds(cone.vertices());
        assertEquals(1, bb[1][1], 1e-6, "apex at +h/2");
        Mesh f = Primitives.frustum(1, 0.5, 2, 128);
        assertClose(Math.PI * 2 / 3 * (1 + 0.5 + 0.25), MeshChecks.signedVolume(f), 0.01, "frustum volume");
    }

    @Test
    void loftWithConstantStationsIsACylinderAlongX() {
        Mesh l = Primitives.loftX(new double[] {0, -4}, new double[] {1, 1}, new double[] {1, 1}, new double[2], 128);
        assertClose(Math.PI * 4, MeshChecks.signedVolume(l), 0.01, "loft volume");
        double[][] bb = MeshChecks.bounds(l.vertices());
        assertEquals(-4, bb[0][0], 1e-6);
        assertEquals(0, bb[0][1], 1e-6);
    }

    @Test
    void surfaceIsAThinSlabWithTheGivenPlanform() {
        // Rectangular planform 2 x 5, thickness 10% of chord: volume 2 * 5 * 0.2.
        Mesh w = Primitives.surface(new double[] {0, 0, 0}, 2, new double[] {0, 0, 5}, 2, 0.1, false);
        assertClose(2.0, MeshChecks.signedVolume(w), 1e-5, "slab volume");
        double[][] bb = MeshChecks.bounds(w.vertices());
        assertEquals(-2, bb[0][0], 1e-6, "chord runs towards -x");
        assertEquals(0.1, bb[1][1], 1e-6, "half thickness along y");
        Mesh fin = Primitives.surface(new double[] {0, 0, 0}, 2, new double[] {-1, 3, 0}, 1, 0.1, true);
        double[][] fb = MeshChecks.bounds(fin.vertices());
        assertEquals(3, fb[1][1], 1e-6, "vertical surface rises along y");
        assertEquals(0.1, fb[2][1], 1e-6, "thickness along z");
        assertTrue(MeshChecks.signedVolume(fin) > 0, "outward faces");
    }

    @Test
    void badSizesAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Primitives.box(1, -1, 1));
        assertTrue(e.getMessage().contains("sy"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Primitives.torus(1, 2, 8, 8));
        assertThrows(IllegalArgumentException.class, () -> Primitives.sphere(1, 2, 8));
        assertThrows(IllegalArgumentException.class, () -> Primitives.hexahedron(new double[23]));
        assertThrows(
                IllegalArgumentException.class,
                () -> Primitives.loftX(new double[] {0, 1}, new double[] {1}, new double[] {1, 1}, new double[2], 8));
    }
}
