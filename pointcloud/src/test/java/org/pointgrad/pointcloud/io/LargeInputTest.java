package org.pointgrad.pointcloud.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Point files far larger than what is kept: streamed in chunks into a bounded reservoir, and a clear error when memory
 * runs out.
 */
class LargeInputTest {
    private static byte[] xyzText(int n) {
        StringBuilder sb = new StringBuilder("# scan\n");
        for (int i = 0; i < n; i++)
            sb.append(i).append(' ').append(i % 7).append(' ').append(-i * 0.5f).append('\n');
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void chunkedTextReadsExactlyWhatAWholeReadDoes() throws IOException {
        byte[] data = xyzText(5000);
        PointCloud whole = XyzReader.parse(data, null, ShapeFormat.XYZ).points();
        for (int chunk : new int[] {16, 1000, 4097}) {
            PointReservoir r = new PointReservoir(10_000, new SplittableRandom(1));
            XyzReader.stream(new ByteArrayInputStream(data), null, r, chunk);
            assertEquals(whole, r.cloud(), "chunk of " + chunk + " bytes");
        }
        // A bad value far into the file is reported at its own line, not a chunk-relative one.
        byte[] bad = Arrays.copyOf(data, data.length);
        String text = new String(bad, StandardCharsets.US_ASCII);
        int at = text.indexOf("\n4321 ") + 1;
        bad[at] = 'x';
        ShapeFormatException e = assertThrows(
                ShapeFormatException.class,
                () -> XyzReader.stream(
                        new ByteArrayInputStream(bad),
                        Path.of("big.xyz"),
                        new PointReservoir(10, new SplittableRandom(1)),
                        1000));
        assertEquals(4321 + 2, e.line(), e.getMessage());
    }

    @Test
    void binaryPlyStreamsWithNormalsAndChecksValues() throws IOException {
        PointCloud cloud = RoundTripTest.randomCloud(5, 3000, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PlyWriter.write(out, cloud, PlyEncoding.BINARY_BIG_ENDIAN);
        byte[] data = out.toByteArray();
        PointReservoir r = new PointReservoir(5000, new SplittableRandom(1));
        byte[] head = Arrays.copyOf(data, 300);
        InputStream rest = new ByteArrayInputStream(data, 300, data.length - 300);
        assertTrue(PlyReader.streamPoints(head, rest, data.length, null, r, 1000));
        assertEquals(PlyReader.parse(data, null).points(), r.cloud());
        // A truncated file is refused before any point is read.
        InputStream cutRest = new ByteArrayInputStream(data, 300, data.length - 310);
        PointReservoir none = new PointReservoir(5, new SplittableRandom(1));
        ShapeFormatException e = assertThrows(
                ShapeFormatException.class,
                () -> PlyReader.streamPoints(head, cutRest, data.length - 10, Path.of("cut.ply"), none, 1000));
        assertTrue(
                e.getMessage().startsWith("cut.ply: byte " + (data.length - 10) + ": file truncated"), e.getMessage());
    }

    @Test
    void readPointsKeepsAUniformDeterministicSubset(@TempDir Path dir) throws IOException {
        int n = 80_000;
        Path f = dir.resolve("scan.xyz");
        Files.write(f, xyzText(n));
        assertTrue(Files.size(f) > ShapeFiles.HEAD_BYTES, "large enough to take the streaming path");
        PointCloud a = ShapeFiles.readPoints(f, 2000, new SplittableRandom(3));
        assertEquals(a, ShapeFiles.readPoints(f, 2000, new SplittableRandom(3)));
        assertNotEquals(a, ShapeFiles.readPoints(f, 2000, new SplittableRandom(4)));
        assertEquals(2000, a.size());
        // x is the line index: a uniform subset has a mean index near the middle (standard error about 520).
        double mean = 0;
        for (int i = 0; i < a.size(); i++) mean += a.x(i) / a.size();
        assertEquals((n - 1) / 2.0, mean, 5 * n / Math.sqrt(12.0 * a.size()));
        assertEquals(
                n,
                ShapeFiles.readPoints(f, n + 5, new SplittableRandom(3)).size(),
                "a bound above the count keeps every point");
        // A mesh is sampled to the bound, with normals.
        Path mesh = dir.resolve("m.off");
        ShapeFiles.write(mesh, RoundTripTest.randomMesh(3, 6, 5), ShapeFormat.OFF);
        PointCloud s = ShapeFiles.readPoints(mesh, 123, new SplittableRandom(3));
        assertEquals(123, s.size());
        assertTrue(s.hasNormals());
    }

    /** Run in a JVM with a small heap: reads one file whole (expected to fail cleanly) and bounded. */
    public static final class SmallHeapProbe {
        public static void main(String[] args) throws IOException {
            Path f = Path.of(args[0]);
            PointCloud c = ShapeFiles.readPoints(f, 4096, new SplittableRandom(1));
            System.out.println("bounded " + c.size());
            try {
                ShapeFiles.read(f);
                System.out.println("whole read");
            } catch (ShapeFormatException e) {
                System.out.println("error " + e.getMessage());
            }
        }
    }

    @Test
    void aFileLargerThanTheHeapIsReadBoundedAndAWholeReadFailsInOneLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("huge.xyz");
        // 3 million points: their coordinates alone (36 MB) do not fit in the probe's 40 MB heap.
        int n = 3_000_000;
        try (Writer w = Files.newBufferedWriter(f, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < n; i++) w.write(i + " " + (i % 1000) * 0.001 + " 1.25\n");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Xmx40m",
                "-XX:-UsePerfData",
                "-cp",
                System.getProperty("java.class.path"),
                SmallHeapProbe.class.getName(),
                f.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe finished");
        assertEquals(0, p.exitValue(), output);
        String[] lines = output.strip().split("\n");
        assertEquals("bounded 4096", lines[0], output);
        assertEquals(2, lines.length, "one line of error, no stack trace: " + output);
        assertTrue(
                lines[1].startsWith("error " + f + ": not enough memory to read this " + Files.size(f) + "-byte file"),
                output);
    }

    @Test
    void reservoirOfZeroAndRepeatedOffers() {
        PointReservoir r = new PointReservoir(3, new SplittableRandom(1));
        for (int i = 0; i < 3; i++) r.add(i, 0, 0, null, 0);
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 2, 0, 0}, r.cloud().xyz());
        assertEquals(0, new PointReservoir(0, new SplittableRandom(1)).cloud().size());
    }
}
