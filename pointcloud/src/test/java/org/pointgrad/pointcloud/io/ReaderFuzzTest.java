package org.pointgrad.pointcloud.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Mutates valid files of every format (byte changes, truncations, insertions, deletions, duplicated ranges) and
 * checks that reading either succeeds or throws ShapeFormatException, never anything else. Iterations per format
 * come from the system property {@code pointgrad.fuzz.iterations} (default 200; the Maven profile {@code fuzz} sets
 * 10000).
 */
class ReaderFuzzTest {
    private static final int ITERATIONS = Integer.getInteger("pointgrad.fuzz.iterations", 200);
    private static final byte[] INTERESTING =
            "\n\r \t-+.e9#0/1,'()".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @TestFactory
    List<DynamicTest> everyFormatSurvivesMutation() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (ShapeFormat f : ShapeFormat.values()) {
            List<byte[]> corpus = corpus(f);
            tests.add(DynamicTest.dynamicTest(f.name() + " x" + ITERATIONS, () -> fuzz(f, corpus)));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyPrefixOfEveryValidFileIsHandled() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (ShapeFormat f : ShapeFormat.values()) {
            List<byte[]> corpus = corpus(f);
            tests.add(DynamicTest.dynamicTest(f.name() + " truncations", () -> {
                Path name = Path.of("cut." + f.extension());
                for (byte[] file : corpus) {
                    for (int len = 0; len < file.length; len++) {
                        byte[] cut = Arrays.copyOf(file, len);
                        try {
                            ShapeFiles.parse(cut, name);
                        } catch (ShapeFormatException expected) {
                            // fine
                        } catch (Throwable t) {
                            fail(f + " truncated to " + len + " of " + file.length + " bytes: " + t, t);
                        }
                    }
                }
            }));
        }
        return tests;
    }

    private static void fuzz(ShapeFormat format, List<byte[]> corpus) {
        Path name = Path.of("fuzz." + format.extension());
        SplittableRandom rng = new SplittableRandom(0xF0220000L + format.ordinal());
        int rejected = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            byte[] seedFile = corpus.get(rng.nextInt(corpus.size()));
            byte[] data = mutate(seedFile, rng);
            try {
                ShapeFiles.parse(data, name);
                specificReader(format, data, name);
            } catch (ShapeFormatException expected) {
                rejected++;
            } catch (Throwable t) {
                String hex = HexFormat.of().formatHex(data, 0, Math.min(data.length, 600));
                fail(
                        format + " iteration " + it + ": " + t + "\ninput (" + data.length
                                + " bytes, first 600 as hex): " + hex,
                        t);
            }
        }
        // A fuzzer whose every input is rejected (or accepted) would not be exercising the parsers' depths.
        assertTrue(
                rejected > 0 && (ITERATIONS < 50 || rejected < ITERATIONS),
                format + ": " + rejected + " of " + ITERATIONS + " mutated inputs rejected");
        System.out.println("fuzz " + format + ": " + ITERATIONS + " inputs, " + rejected
                + " rejected with ShapeFormatException, rest parsed");
    }

    private static void specificReader(ShapeFormat f, byte[] data, Path name) throws ShapeFormatException {
        switch (f) {
            case PLY -> PlyReader.parse(data, name);
            case OBJ -> ObjReader.parse(data, name);
            case OFF -> OffReader.parse(data, name);
            case XYZ, PTS -> XyzReader.parse(data, name, f);
            case NPY -> NpyReader.parse(data, name);
            case STL -> StlReader.parse(data, name);
            case GLB -> GlbReader.parse(data, name);
        }
    }

    static byte[] mutate(byte[] src, SplittableRandom r) {
        byte[] d = src.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int n = d.length;
            int at = n == 0 ? 0 : r.nextInt(n);
            switch (r.nextInt(8)) {
                case 7 -> d = replaceNumber(d, at, r);
                case 0 -> {
                    if (n > 0) d[at] = (byte) r.nextInt(256);
                }
                case 1 -> {
                    if (n > 0) d[at] = INTERESTING[r.nextInt(INTERESTING.length)];
                }
                case 2 -> d = Arrays.copyOf(d, n == 0 ? 0 : r.nextInt(n)); // truncate
                case 3 -> { // insert random or digit bytes (digits enlarge declared counts)
                    byte[] ins = new byte[1 + r.nextInt(8)];
                    boolean digits = r.nextBoolean();
                    for (int i = 0; i < ins.length; i++)
                        ins[i] = digits ? (byte) ('0' + r.nextInt(10)) : (byte) r.nextInt(256);
                    d = splice(d, at, 0, ins);
                }
                case 4 -> {
                    if (n > 0) d = splice(d, at, Math.min(n - at, 1 + r.nextInt(16)), new byte[0]);
                }
                case 5 -> { // duplicate a range
                    if (n > 0) {
                        int len = Math.min(n - at, 1 + r.nextInt(64));
                        d = splice(d, r.nextInt(n + 1), 0, Arrays.copyOfRange(d, at, at + len));
                    }
                }
                default -> {
                    if (n >= 4) {
                        int w = r.nextInt(n - 3);
                        d[w] = d[w + 1] = d[w + 2] = (byte) 0xff;
                        d[w + 3] = (byte) 0x7f;
                    }
                }
            }
        }
        return d;
    }

    private static final String[] EXTREME_NUMBERS = {
        "0",
        "-1",
        "2",
        "255",
        "65536",
        "2147483647",
        "4294967295",
        "9223372036854775807",
        "99999999999999999999",
        "1e308",
        "-0",
        "nan"
    };

    /**
     * Replaces the run of digits at or after {@code at} with an extreme value (targets declared counts and indices).
     */
    private static byte[] replaceNumber(byte[] d, int at, SplittableRandom r) {
        int start = at;
        while (start < d.length && !Character.isDigit(d[start])) start++;
        if (start >= d.length) return d;
        int end = start;
        while (end < d.length && Character.isDigit(d[end])) end++;
        byte[] value = EXTREME_NUMBERS[r.nextInt(EXTREME_NUMBERS.length)].getBytes(StandardCharsets.US_ASCII);
        return splice(d, start, end - start, value);
    }

    private static byte[] splice(byte[] d, int at, int remove, byte[] insert) {
        byte[] out = new byte[d.length - remove + insert.length];
        System.arraycopy(d, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(d, at + remove, out, at + insert.length, d.length - at - remove);
        return out;
    }

    /**
     * Valid files of one format: writer output for a small cloud and mesh, plus the matching hand-written resources.
     */
    private static List<byte[]> corpus(ShapeFormat f) throws IOException {
        PointCloud cloud = RoundTripTest.randomCloud(11, 6, true);
        Mesh mesh = RoundTripTest.randomMesh(12, 5, 4);
        List<byte[]> out = new ArrayList<>();
        switch (f) {
            case PLY -> {
                for (PlyEncoding e : PlyEncoding.values()) {
                    ByteArrayOutputStream a = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
                    PlyWriter.write(a, cloud, e);
                    PlyWriter.write(b, mesh, e);
                    out.add(a.toByteArray());
                    out.add(b.toByteArray());
                }
                addResources(out, "big_endian_double_extras.ply", "ascii_normals_quad.ply", "points_normals.ply");
            }
            case OBJ -> {
                ByteArrayOutputStream a = new ByteArrayOutputStream();
                ObjWriter.write(a, mesh);
                out.add(a.toByteArray());
                addResources(out, "negative_quads.obj");
            }
            case OFF -> {
                ByteArrayOutputStream a = new ByteArrayOutputStream();
                OffWriter.write(a, mesh);
                out.add(a.toByteArray());
                addResources(out, "glued_header.off", "comments_counts_line.off");
            }
            case XYZ -> {
                ByteArrayOutputStream a = new ByteArrayOutputStream();
                TextPointWriter.writeXyz(a, cloud);
                out.add(a.toByteArray());
                addResources(out, "points_commas.xyz");
            }
            case PTS -> {
                ByteArrayOutputStream a = new ByteArrayOutputStream();
                TextPointWriter.writePts(a, cloud);
                out.add(a.toByteArray());
                addResources(out, "points_count.pts");
            }
            case NPY -> {
                ByteArrayOutputStream a = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
                NpyWriter.write(a, cloud);
                NpyWriter.write(b, cloud, true);
                out.add(a.toByteArray());
                out.add(b.toByteArray());
                addResources(out, "points_f8_be.npy", "points_v2.npy", "points_v3.npy", "points_5cols.npy");
            }
            case STL -> {
                ByteArrayOutputStream a = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
                StlWriter.writeBinary(a, mesh, "solid in a binary header");
                StlWriter.writeAscii(b, mesh, "part");
                out.add(a.toByteArray());
                out.add(b.toByteArray());
            }
            case GLB -> {
                out.add(GlbReaderTest.glb(
                        GlbReaderTest.json("[{\"mesh\":0,\"translation\":[1,2,3],\"children\":[1]},{\"mesh\":1}]"),
                        GlbReaderTest.bin()));
                out.add(GlbReaderTest.glb(
                        GlbReaderTest.json("[{\"mesh\":1,\"matrix\":[2,0,0,0,0,2,0,0,0,0,2,0,0,0,0,1]}]"),
                        GlbReaderTest.bin()));
            }
        }
        return out;
    }

    private static void addResources(List<byte[]> out, String... names) throws IOException {
        for (String n : names) out.add(Files.readAllBytes(TestFiles.resource(n)));
    }
}
