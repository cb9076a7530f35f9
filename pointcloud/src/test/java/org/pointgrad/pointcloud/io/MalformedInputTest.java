package org.pointgrad.pointcloud.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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
import org.pointgrad.pointcloud.PointCloud;

/** Each kind of bad input gives a ShapeFormatException naming the file, the position, and what was expected. */
class MalformedInputTest {
    private static final Path NAME = Path.of("bad.dat");

    private static ShapeFormatException fails(String text) {
        return fails(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ShapeFormatException fails(byte[] data) {
        ShapeFormatException e = assertThrows(ShapeFormatException.class, () -> ShapeFiles.parse(data, NAME));
        assertEquals(NAME, e.file());
        assertTrue(e.getMessage().startsWith("bad.dat: "), e.getMessage());
        return e;
    }

    private static void assertMentions(ShapeFormatException e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
    }

    private static byte[] binaryPly(int points) throws IOException {
        float[] xyz = new float[3 * points];
        for (int i = 0; i < xyz.length; i++) xyz[i] = i;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PlyWriter.write(b, new PointCloud(xyz), PlyEncoding.BINARY_LITTLE_ENDIAN);
        return b.toByteArray();
    }

    private static int headerLength(byte[] ply) {
        String s = new String(ply, StandardCharsets.ISO_8859_1);
        return s.indexOf("end_header\n") + "end_header\n".length();
    }

    @Test
    void emptyFilesOfEveryFormat(@TempDir Path dir) throws IOException {
        for (ShapeFormat f : ShapeFormat.values()) {
            Path p = Files.write(dir.resolve("empty." + f.extension()), new byte[0]);
            ShapeFormatException e = assertThrows(ShapeFormatException.class, () -> ShapeFiles.read(p));
            assertEquals(0, e.byteOffset());
            assertEquals(p, e.file());
            assertMentions(e, "empty", f.name());
        }
        for (byte[] d : new byte[][] {new byte[0]}) {
            assertThrows(ShapeFormatException.class, () -> PlyReader.parse(d, null));
            assertThrows(ShapeFormatException.class, () -> ObjReader.parse(d, null));
            assertThrows(ShapeFormatException.class, () -> OffReader.parse(d, null));
            assertThrows(ShapeFormatException.class, () -> NpyReader.parse(d, null));
            assertThrows(ShapeFormatException.class, () -> StlReader.parse(d, null));
            assertThrows(ShapeFormatException.class, () -> GlbReader.parse(d, null));
            assertThrows(ShapeFormatException.class, () -> XyzReader.parse(d, null, ShapeFormat.XYZ));
        }
    }

    @Test
    void truncatedBinaryPlyNamesByteElementAndProperty() throws IOException {
        byte[] full = binaryPly(10);
        int h = headerLength(full);
        // Cut one byte into vertex #3's y: x occupies [h+36, h+40), y starts at h+40.
        ShapeFormatException e = fails(Arrays.copyOf(full, h + 41));
        assertEquals(h + 41, e.byteOffset());
        assertMentions(e, "truncated", "'vertex' #3", "property 'y'");
    }

    @Test
    void truncatedFaceListNamesTheFace() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PlyWriter.write(
                b,
                new Mesh(new float[] {0, 0, 0, 1, 0, 0, 0, 1, 0}, new int[] {0, 1, 2, 0, 2, 1}),
                PlyEncoding.BINARY_BIG_ENDIAN);
        byte[] full = b.toByteArray();
        int faceStart = headerLength(full) + 36;
        // The second face's count byte is present but only 5 of its 12 index bytes.
        ShapeFormatException e = fails(Arrays.copyOf(full, faceStart + 13 + 1 + 5));
        assertMentions(e, "'face' #1", "vertex_indices", "3 items");
        assertEquals(faceStart + 13, e.byteOffset());
    }

    @Test
    void hugeDeclaredCountsAreRejectedBeforeAllocating() throws IOException {
        String ply = "ply\nformat binary_little_endian 1.0\nelement vertex 2000000000\nproperty double x\n"
                + "property double y\nproperty double z\nend_header\n";
        assertMentions(fails(ply + "abcdefgh"), "vertex");
        String ascii = "ply\nformat ascii 1.0\nelement vertex 700000000\nproperty float x\nproperty float y\n"
                + "property float z\nend_header\n0 0 0\n";
        ShapeFormatException e = fails(ascii);
        assertEquals(3, e.line());
        ByteBuffer npy = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000, 3), }";
        npy.put(NpyReader.MAGIC)
                .put((byte) 1)
                .put((byte) 0)
                .putShort((short) dict.length())
                .put(dict.getBytes(StandardCharsets.US_ASCII));
        assertMentions(fails(Arrays.copyOf(npy.array(), npy.position() + 24)), "(100000000000, 3)", "truncated");
        String list = "ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                + "property float z\n"
                + "element face 1\nproperty list uint int vertex_indices\nend_header\n";
        ByteBuffer body = ByteBuffer.allocate(36 + 4 + 12).order(ByteOrder.LITTLE_ENDIAN);
        body.position(36);
        body.putInt(-1); // 4294967295 items declared
        byte[] bytes = concat(list.getBytes(StandardCharsets.US_ASCII), body.array());
        assertMentions(fails(bytes), "4294967295 items");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void wrongVertexCounts() {
        String ascii = "ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\n"
                + "element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n";
        ShapeFormatException e = fails(ascii);
        assertEquals(13, e.line());
        assertMentions(e, "'vertex' 3 has 4 values, expected 3");
        ShapeFormatException noFace = fails(ascii.replace("3 0 1 2\n", "0 0 1\n"));
        assertMentions(noFace, "file ended after 0 of 1 'face' lines");
        ShapeFormatException fewer = fails(ascii.replace("vertex 4", "vertex 2"));
        assertEquals(12, fewer.line());
        ShapeFormatException off = fails("OFF\n5 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n");
        assertMentions(off, "file ended after 4 of 5 vertex lines", "declared on line 2");
        ShapeFormatException offExtra = fails("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n0 0 1\n");
        assertEquals(7, offExtra.line());
        ShapeFormatException pts = fails("4\n1 2 3\n4 5 6\n");
        assertEquals(1, pts.line());
        assertMentions(pts, "declares 4 points", "has 2");
    }

    @Test
    void nonFiniteCoordinates() throws IOException {
        assertEquals(2, fails("1 2 3\nnan 0 0\n").line());
        ShapeFormatException obj = fails("v 0 0 0\nv Infinity 0 0\nv 0 1e39 0\nf 1 2 3\n");
        assertEquals(2, obj.line());
        assertMentions(obj, "finite");
        assertEquals(3, fails("v 0 0 0\nv 1 0 0\nv 0 1e39 0\nf 1 2 3\n").line());
        byte[] ply = binaryPly(3);
        int h = headerLength(ply);
        ByteBuffer.wrap(ply).order(ByteOrder.LITTLE_ENDIAN).putFloat(h + 4 * 4, Float.NaN);
        ShapeFormatException e = fails(ply);
        assertMentions(e, "vertex 1", "'y'", "NaN");
        assertTrue(e.byteOffset() >= h + 20 && e.byteOffset() <= h + 24, "offset " + e.byteOffset());
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        NpyWriter.write(npy, new PointCloud(new float[] {1, 2, 3, 4, 5, 6}));
        byte[] n = npy.toByteArray();
        ByteBuffer.wrap(n).order(ByteOrder.LITTLE_ENDIAN).putFloat(n.length - 4, Float.NEGATIVE_INFINITY);
        ShapeFormatException ne = fails(n);
        assertEquals(n.length - 4, ne.byteOffset());
        assertMentions(ne, "point 1 coordinate z");
    }

    @Test
    void facesPastTheVertexList() throws IOException {
        ShapeFormatException obj = fails("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\nf 1 2 9\n");
        assertEquals(5, obj.line());
        assertMentions(obj, "vertex 9", "only 3 vertices");
        assertEquals(4, fails("v 0 0 0\nv 1 0 0\nv 0 1 0\nf -1 -2 -4\n").line());
        assertEquals(4, fails("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n").line());
        ShapeFormatException off = fails("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 3\n");
        assertEquals(6, off.line());
        assertMentions(off, "outside [0, 3)");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PlyWriter.write(
                b,
                new Mesh(new float[] {0, 0, 0, 1, 0, 0, 0, 1, 0}, new int[] {0, 1, 2}),
                PlyEncoding.BINARY_LITTLE_ENDIAN);
        byte[] ply = b.toByteArray();
        ByteBuffer.wrap(ply).order(ByteOrder.LITTLE_ENDIAN).putInt(ply.length - 4, 99);
        assertMentions(fails(ply), "face 0 vertex index 99 is outside [0, 3)");
    }

    @Test
    void malformedPlyHeaders() {
        String ok = "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\n"
                + "end_header\n0 0 0\n";
        ShapeFormatException type = fails(ok.replace("property float y", "property float128 y"));
        assertEquals(5, type.line());
        assertMentions(type, "unknown property type 'float128'");
        assertEquals(
                2,
                fails(ok.replace("format ascii 1.0", "format binary_middle_endian 1.0"))
                        .line());
        assertEquals(
                3, fails(ok.replace("element vertex 1", "element vertex -5")).line());
        assertEquals(
                3, fails(ok.replace("element vertex 1", "element vertex lots")).line());
        assertMentions(fails(ok.replace("end_header\n", "")), "unknown header keyword '0'", "end_header");
        assertMentions(fails("ply\nformat ascii 1.0\n"), "file ended inside the header", "expected 'end_header'");
        assertMentions(fails(ok.replace("format ascii 1.0\n", "")), "before a 'format' line");
        assertMentions(fails(ok.replace("property float z\n", "")), "no 'z' property");
        assertEquals(
                4,
                fails(ok.replace("property float x", "property list uchar x")).line());
        assertEquals(
                4,
                fails(ok.replace("property float x", "property list float int x"))
                        .line());
        assertEquals(
                4, fails(ok.replace("property float x", "propertee float x")).line());
        assertMentions(fails(ok.replace("0 0 0\n", "0 0\n")), "before property 'z'");
        assertMentions(fails(ok.replace("0 0 0\n", "0 0 zero\n")), "'zero' is not a number");
        ShapeFormatException nonAscii = fails(ok.replace("ascii 1.0\n", "ascii 1.0\ncomment caf\u00e9\n"));
        assertEquals(ok.indexOf("element") + "comment caf".length(), nonAscii.byteOffset());
    }

    @Test
    void malformedOffObjXyzNpy() {
        assertEquals(1, fails("OFFX\n").line());
        assertMentions(fails("OFF\n3\n"), "expected 'nv nf [ne]'");
        assertMentions(fails("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n2 0 1\n"), "at least 3");
        // Found by the fuzzer: a face count of Integer.MAX_VALUE once overflowed the "enough indices?" check.
        assertMentions(
                fails("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n2147483647 0 1 2\n"),
                "declares 2147483647 vertices but lists 3");
        assertMentions(fails("v 0 0\nf 1 1 1\n"), "expected 'v x y z'");
        assertMentions(fails("v 0 0 0\nf 1/2 x/3 1\n"), "'x' is not an integer");
        assertMentions(fails("1 2\n"), "at least 3 columns");
        assertMentions(fails("# only a comment\n"), "no point lines");
        byte[] npy = new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 4, 0, 0, 0};
        assertMentions(fails(npy), "version 4.0");
        byte[] shortNpy = Arrays.copyOf(npy, 8);
        assertEquals(8, fails(shortNpy).byteOffset());
    }

    @Test
    void bytesThatAreNotUtf8AreReadAsLatin1SoOnlyBadValuesFail() {
        byte[] obj = "v 0 0 0\nv 1 0 0\nv 0 1 0 # cafe\nf 1 2 3\n".getBytes(StandardCharsets.US_ASCII);
        int at = "v 0 0 0\nv 1 0 0\nv 0 1 0 # caf".length();
        obj[at] = (byte) 0xff;
        assertDoesNotThrow(() -> ShapeFiles.parse(obj, null));
        byte[] xyz = "1 2 3\n4 5 6\n".getBytes(StandardCharsets.US_ASCII);
        xyz[7] = (byte) 0xc3; // a UTF-8 lead byte followed by an ASCII byte: not UTF-8, and not a number either
        ShapeFormatException e = fails(xyz);
        assertEquals(2, e.line());
        assertMentions(e, "expected");
    }
}
