package org.pointgrad.pointcloud.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.pointgrad.pointcloud.Mesh;

/** Unit-ball normalisation and the mirror must hold for any placement and size. */
class MeshTransformsTest {
    @Property(tries = 60)
    void normalisedMeshIsCentredWithFarthestVertexAtOne(
            @ForAll @DoubleRange(min = 0.01, max = 50) double sx,
            @ForAll @DoubleRange(min = 0.01, max = 50) double sy,
            @ForAll @DoubleRange(min = 0.01, max = 50) double sz,
            @ForAll @DoubleRange(min = -100, max = 100) double dx,
            @ForAll @DoubleRange(min = -100, max = 100) double dy) {
        Mesh m = Mesh.merge(
                MeshTransforms.translate(Primitives.box(sx, sy, sz), dx, dy, 3),
                MeshTransforms.translate(Primitives.ellipsoid(sx, sy / 2, sz / 3, 12, 6), dx + sx, dy, 0));
        Mesh n = MeshTransforms.normalizeToUnitBall(m);
        assertEquals(1.0, MeshChecks.maxRadius(n.vertices()), 1e-5);
        double[][] b = MeshChecks.bounds(n.vertices());
        for (int axis = 0; axis < 3; axis++) {
            assertEquals(0.0, (b[axis][0] + b[axis][1]) / 2, 1e-5, "bounding-box centre on axis " + axis);
        }
        // Uniform scaling: aspect ratios of the bounding box are preserved.
        double[][] ob = MeshChecks.bounds(m.vertices());
        assertEquals(
                (ob[0][1] - ob[0][0]) / (ob[1][1] - ob[1][0]),
                (b[0][1] - b[0][0]) / (b[1][1] - b[1][0]),
                1e-3 * (1 + sx / sy));
    }

    @Property(tries = 30)
    void mirrorKeepsFacesOutward(
            @ForAll @DoubleRange(min = 0.1, max = 5) double r, @ForAll @DoubleRange(min = -5, max = 5) double z) {
        Mesh m = MeshTransforms.translate(Primitives.sphere(r, 12, 6), 0, 0, z);
        Mesh mirrored = MeshTransforms.mirrorZ(m);
        assertEquals(MeshChecks.signedVolume(m), MeshChecks.signedVolume(mirrored), 1e-4 * r * r * r);
        assertEquals(-MeshChecks.bounds(m.vertices())[2][0], MeshChecks.bounds(mirrored.vertices())[2][1], 1e-5);
    }
}
