package org.pointgrad.pointcloud.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.PointCloud;

/** Reads the hand-written files in src/test/resources/io, whose contents are known by construction. */
class ResourceFilesTest {
    private static final float[] THREE_POINTS = {0.5f, -1.25f, 2.0f, 1e-3f, 3.5f, -4.0f, 10.0f, 0.0f, 0.25f};

    @Test
    void bigEndianPlyWithDoublesExtraPropertiesAndExtraElement() throws IOException {
        ShapeData d = ShapeFiles.read(TestFiles.resource("big_endian_double_extras.ply"));
        assertEquals(ShapeFormat.PLY, d.format());
        Mesh m = d.mesh();
        assertArrayEquals(
                new float[] {0.5f, -1.25f, 2.0f, 1e-3f, 3.5f, -4.0f, 10.0f, 0.0f, 0.25f, -2.0f, -2.0f, 7.5f},
                m.vertices());
        // The non-planar quad 0 1 2 3 ear-clipped into (0 1 2), (3 0 2); then the triangle 3 2 1
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 2, 3, 2, 1}, m.triangles());
    }

    @Test
    void asciiPlyQuadWithNormalsIsAMeshOfTwoTriangles() throws IOException {
        ShapeData d = ShapeFiles.read(TestFiles.resource("ascii_normals_quad.ply"));
        assertTrue(d.isMesh());
        assertEquals(4, d.mesh().vertexCount());
        assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3}, d.mesh().triangles());
        assertEquals(1.0, d.mesh().area(), 1e-9);
    }

    @Test
    void asciiPlyPointsKeepNormals() throws IOException {
        PointCloud c = ShapeFiles.read(TestFiles.resource("points_normals.ply")).points();
        assertArrayEquals(new float[] {1.5f, 2.5f, -3.5f, -0.25f, 0f, 100f}, c.xyz());
        assertArrayEquals(new float[] {1, 0, 0, 0, -1, 0}, c.normals());
    }

    @Test
    void objWithNegativeIndicesQuadsAndSlashForms() throws IOException {
        ShapeData d = ShapeFiles.read(TestFiles.resource("negative_quads.obj"));
        assertEquals(ShapeFormat.OBJ, d.format());
        assertEquals(8, d.mesh().vertexCount());
        assertArrayEquals(
                new int[] {0, 1, 2, 0, 2, 3, 4, 5, 6, 4, 6, 7, 0, 1, 5},
                d.mesh().triangles());
        assertEquals(1f, d.mesh().vertices()[3 * 6 + 2]);
    }

    @Test
    void offWithCountsGluedToKeyword() throws IOException {
        ShapeData d = ShapeFiles.read(TestFiles.resource("glued_header.off"));
        assertEquals(ShapeFormat.OFF, d.format());
        assertArrayEquals(
                new float[] {0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4}, d.mesh().vertices());
        assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3}, d.mesh().triangles());
    }

    @Test
    void offWithCommentsAndPentagon() throws IOException {
        Mesh m = ShapeFiles.read(TestFiles.resource("comments_counts_line.off")).mesh();
        assertEquals(5, m.vertexCount());
        // Seen along its normal the pentagon is a square with corner 4 notched into its centre: a concave polygon,
        // so ear clipping leaves the notch (3 4 0) uncovered, where a fan from corner 0 would cover it.
        assertArrayEquals(new int[] {4, 0, 1, 4, 1, 2, 3, 4, 2}, m.triangles());
    }

    @Test
    void xyzWithColumnHeaderMixedSeparatorsAndComments() throws IOException {
        ShapeData d = ShapeFiles.read(TestFiles.resource("points_commas.xyz"));
        assertEquals(ShapeFormat.XYZ, d.format());
        assertArrayEquals(
                new float[] {1, 2, 3, -4.5f, 0.5f, 6, 7, 8, 9}, d.points().xyz());
        assertNull(d.points().normals());
    }

    @Test
    void ptsWithCountLineAndExtraColumns() throws IOException {
        ShapeData d = ShapeFiles.read(TestFiles.resource("points_count.pts"));
        assertEquals(ShapeFormat.PTS, d.format());
        assertArrayEquals(
                new float[] {1, 2, 3, 4.5f, -5, 6, 7, 8, 9.25f}, d.points().xyz());
    }

    @Test
    void npyFilesWrittenByNumpy() throws IOException {
        for (String f : new String[] {
            "points_f4_le.npy", "points_f8_be.npy", "points_v2.npy", "points_v3.npy", "points_5cols.npy"
        }) {
            ShapeData d = ShapeFiles.read(TestFiles.resource(f));
            assertEquals(ShapeFormat.NPY, d.format(), f);
            assertArrayEquals(THREE_POINTS, d.points().xyz(), f);
        }
    }

    @Test
    void npyRejectsFortranOrderWrongDtypeAndShape() {
        ShapeFormatException e =
                assertThrows(ShapeFormatException.class, () -> ShapeFiles.read(TestFiles.resource("fortran.npy")));
        assertTrue(e.getMessage().contains("fortran_order"), e.getMessage());
        e = assertThrows(ShapeFormatException.class, () -> ShapeFiles.read(TestFiles.resource("int_dtype.npy")));
        assertTrue(e.getMessage().contains("<i4"), e.getMessage());
        e = assertThrows(ShapeFormatException.class, () -> ShapeFiles.read(TestFiles.resource("shape_1d.npy")));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        assertFalse(e.byteOffset() < 0);
    }

    @Test
    void readPointCloudSamplesMeshes() throws IOException {
        PointCloud c = ShapeFiles.readPointCloud(
                TestFiles.resource("ascii_normals_quad.ply"), 500, new java.util.SplittableRandom(3));
        assertEquals(500, c.size());
        for (int i = 0; i < c.size(); i++) {
            assertTrue(
                    c.x(i) >= 0 && c.x(i) <= 1 && c.y(i) >= 0 && c.y(i) <= 1 && c.z(i) == 0,
                    "point off the unit square: " + i);
        }
    }
}
