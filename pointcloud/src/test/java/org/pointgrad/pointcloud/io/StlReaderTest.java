package org.pointgrad.pointcloud.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.pointcloud.Mesh;

/** Binary and ASCII STL, told apart by content; the word 'solid' at the start of a binary header does not mislead. */
class StlReaderTest {
    private static final Mesh MESH = RoundTripTest.randomMesh(21, 7, 9);

    private static byte[] binary(Mesh m, String header) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StlWriter.writeBinary(out, m, header);
        return out.toByteArray();
    }

    private static byte[] ascii(Mesh m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StlWriter.writeAscii(out, m, "part");
        return out.toByteArray();
    }

    /** The corner positions of every triangle, in order: STL stores corners, not shared vertices. */
    private static float[] corners(Mesh m) {
        float[] out = new float[9 * m.triangleCount()];
        for (int i = 0; i < 3 * m.triangleCount(); i++)
            System.arraycopy(m.vertices(), 3 * m.triangles()[i], out, 3 * i, 3);
        return out;
    }

    @Test
    void binaryAndAsciiReadTheSameTriangles() throws IOException {
        for (byte[] data : new byte[][] {binary(MESH, "plain header"), binary(MESH, "solid but binary"), ascii(MESH)}) {
            ShapeData d = ShapeFiles.parse(data, Path.of("m.stl"));
            assertEquals(ShapeFormat.STL, d.format());
            assertArrayEquals(corners(MESH), corners(d.mesh()));
        }
    }

    @Test
    void binaryHeaderStartingWithSolidIsBinaryEvenWithoutAnExtension() throws IOException {
        byte[] data = binary(MESH, "solid exported by a CAD tool");
        assertEquals(ShapeFormat.STL, ShapeFiles.detect(data, null));
        assertEquals(MESH.triangleCount(), ShapeFiles.parse(data, null).mesh().triangleCount());
    }

    @Test
    void upperCaseExtensionAndSeveralSolids(@TempDir Path dir) throws IOException {
        String two = "solid a\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\nendloop\n"
                + "endfacet\nendsolid a\n"
                + "solid empty\nendsolid empty\n"
                + "SOLID b\n FACET NORMAL 0 0 1\n  OUTER LOOP\n   VERTEX 2 0 0\n   VERTEX 3 0 0\n"
                + "   VERTEX 2 1 0\n  ENDLOOP\n ENDFACET\nENDSOLID b\n";
        Path f = dir.resolve("PART.STL");
        Files.writeString(f, two);
        Mesh m = ShapeFiles.read(f).mesh();
        assertEquals(2, m.triangleCount());
        assertEquals(1.0, m.area(), 1e-6);
        Path b = dir.resolve("BIN.STL");
        ShapeFiles.write(b, MESH, ShapeFormat.STL);
        assertEquals(MESH.triangleCount(), ShapeFiles.read(b).mesh().triangleCount());
    }

    @Test
    void damagedFilesNameThePosition() throws IOException {
        byte[] data = binary(MESH, "x");
        byte[] cut = Arrays.copyOf(data, data.length - 7);
        ShapeFormatException e = assertThrows(ShapeFormatException.class, () -> StlReader.parse(cut, Path.of("m.stl")));
        assertEquals(80, e.byteOffset());
        assertTrue(e.getMessage().contains("declares " + MESH.triangleCount() + " triangles"), e.getMessage());
        byte[] nan = data.clone();
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(84 + 50 + 12 + 4, Float.NaN);
        e = assertThrows(ShapeFormatException.class, () -> StlReader.parse(nan, Path.of("m.stl")));
        assertEquals(84 + 50 + 16, e.byteOffset());
        assertTrue(e.getMessage().contains("triangle 1 corner 0"), e.getMessage());
        String bad = "solid a\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0\n";
        e = assertThrows(
                ShapeFormatException.class, () -> StlReader.parse(bad.getBytes(StandardCharsets.US_ASCII), null));
        assertEquals(5, e.line());
        e = assertThrows(
                ShapeFormatException.class,
                () -> StlReader.parse("solid a\nendsolid a\n".getBytes(StandardCharsets.US_ASCII), null));
        assertTrue(e.getMessage().contains("no facets"), e.getMessage());
    }
}
