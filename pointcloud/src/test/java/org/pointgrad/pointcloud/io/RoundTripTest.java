package org.pointgrad.pointcloud.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.PointCloud;

/** Every writer's output read back gives bit-identical floats and the same triangles. */
class RoundTripTest {

    /** Coordinates including awkward floats (negative zero, subnormals, extremes) to catch lossy text formatting. */
    static float[] randomCoords(SplittableRandom r, int n) {
        float[] special = {-0.0f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.MAX_VALUE, 1e-30f, 0.1f, 123456.79f};
        float[] a = new float[3 * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextInt(10) == 0
                    ? special[r.nextInt(special.length)]
                    : (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-5, 6)));
        }
        return a;
    }

    static PointCloud randomCloud(long seed, int n, boolean normals) {
        SplittableRandom r = new SplittableRandom(seed);
        return new PointCloud(randomCoords(r, n), normals ? randomCoords(r, n) : null);
    }

    static Mesh randomMesh(long seed, int nv, int nt) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[3 * nt];
        for (int i = 0; i < t.length; i++) t[i] = r.nextInt(nv);
        return new Mesh(randomCoords(r, nv), t);
    }

    private static byte[] ply(PointCloud c, PlyEncoding e) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PlyWriter.write(out, c, e);
        return out.toByteArray();
    }

    @Property(tries = 60)
    void plyPointsAllEncodings(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int n, @ForAll boolean normals)
            throws IOException {
        PointCloud c = randomCloud(seed, n, normals);
        for (PlyEncoding e : PlyEncoding.values()) {
            PointCloud back = ShapeFiles.parse(ply(c, e), null).points();
            assertArrayEquals(c.xyz(), back.xyz(), e.name());
            assertArrayEquals(c.normals(), back.normals(), e.name());
        }
    }

    @Property(tries = 60)
    void meshesThroughPlyObjOff(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int nv, @ForAll @IntRange(min = 1, max = 30) int nt)
            throws IOException {
        Mesh m = randomMesh(seed, nv, nt);
        for (PlyEncoding e : PlyEncoding.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PlyWriter.write(out, m, e);
            assertSameMesh(m, ShapeFiles.parse(out.toByteArray(), null).mesh());
        }
        ByteArrayOutputStream obj = new ByteArrayOutputStream();
        ObjWriter.write(obj, m);
        assertSameMesh(m, ShapeFiles.parse(obj.toByteArray(), null).mesh());
        ByteArrayOutputStream off = new ByteArrayOutputStream();
        OffWriter.write(off, m);
        assertSameMesh(m, ShapeFiles.parse(off.toByteArray(), null).mesh());
    }

    private static void assertSameMesh(Mesh expected, Mesh actual) {
        assertArrayEquals(expected.vertices(), actual.vertices());
        assertArrayEquals(expected.triangles(), actual.triangles());
    }

    @Property(tries = 60)
    void pointFormats(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int n) throws IOException {
        PointCloud c = randomCloud(seed, n, false);
        ByteArrayOutputStream xyz = new ByteArrayOutputStream(),
                pts = new ByteArrayOutputStream(),
                npy = new ByteArrayOutputStream(),
                npy64 = new ByteArrayOutputStream(),
                obj = new ByteArrayOutputStream(),
                off = new ByteArrayOutputStream();
        TextPointWriter.writeXyz(xyz, c);
        TextPointWriter.writePts(pts, c);
        NpyWriter.write(npy, c);
        NpyWriter.write(npy64, c, true);
        ObjWriter.write(obj, c);
        OffWriter.write(off, c);
        for (ByteArrayOutputStream b : new ByteArrayOutputStream[] {xyz, pts, npy, npy64, obj, off}) {
            ShapeData d = ShapeFiles.parse(b.toByteArray(), null);
            assertArrayEquals(c.xyz(), d.points().xyz(), d.format().name());
        }
        assertEquals(ShapeFormat.NPY, ShapeFiles.detect(npy.toByteArray(), null));
        assertEquals(ShapeFormat.OBJ, ShapeFiles.detect(obj.toByteArray(), null));
        assertEquals(ShapeFormat.OFF, ShapeFiles.detect(off.toByteArray(), null));
        assertEquals(ShapeFormat.XYZ, ShapeFiles.detect(pts.toByteArray(), null));
    }

    @Test
    void npyHeaderIsPaddedTo64Bytes() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        NpyWriter.write(b, randomCloud(1, 5, false));
        byte[] a = b.toByteArray();
        assertEquals(0, (a.length - 5 * 3 * 4) % 64);
        assertEquals('\n', a[a.length - 5 * 3 * 4 - 1]);
    }

    @Test
    void emptyCloudSurvivesPlyAndNpy() throws IOException {
        PointCloud empty = new PointCloud(new float[0]);
        assertEquals(
                0,
                ShapeFiles.parse(ply(empty, PlyEncoding.BINARY_LITTLE_ENDIAN), null)
                        .points()
                        .size());
        assertEquals(
                0,
                ShapeFiles.parse(ply(empty, PlyEncoding.ASCII), null).points().size());
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        NpyWriter.write(npy, empty);
        assertEquals(0, ShapeFiles.parse(npy.toByteArray(), null).points().size());
    }

    @Test
    void filesByExtensionThroughShapeFiles(@TempDir Path dir) throws IOException {
        PointCloud c = randomCloud(7, 12, true);
        for (ShapeFormat f : ShapeFormat.values()) {
            if (f.meshOnly()) continue;
            Path p = dir.resolve("cloud." + f.extension());
            ShapeFiles.write(p, c);
            ShapeData d = ShapeFiles.read(p);
            assertEquals(f, d.format());
            assertArrayEquals(c.xyz(), d.points().xyz(), f.name());
        }
        // Only PLY keeps normals.
        assertArrayEquals(
                c.normals(), ShapeFiles.read(dir.resolve("cloud.ply")).points().normals());
        assertNull(ShapeFiles.read(dir.resolve("cloud.xyz")).points().normals());
        Mesh m = randomMesh(8, 6, 5);
        for (ShapeFormat f : new ShapeFormat[] {ShapeFormat.PLY, ShapeFormat.OBJ, ShapeFormat.OFF}) {
            Path p = dir.resolve("mesh." + f.extension());
            ShapeFiles.write(p, m);
            assertSameMesh(m, ShapeFiles.read(p).mesh());
        }
        assertThrows(IllegalArgumentException.class, () -> ShapeFiles.write(dir.resolve("m.npy"), m));
        assertThrows(IllegalArgumentException.class, () -> ShapeFiles.write(dir.resolve("c.glb"), c));
        assertThrows(IllegalArgumentException.class, () -> ShapeFiles.write(dir.resolve("m.bin"), c));
        assertEquals(12, Files.readAllLines(dir.resolve("cloud.xyz")).size());
    }
}
