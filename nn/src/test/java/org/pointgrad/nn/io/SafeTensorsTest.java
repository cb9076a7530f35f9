package org.pointgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

class SafeTensorsTest {
    private static final Path SRC = Path.of("example.safetensors");

    @TempDir
    Path dir;

    private static Map<String, Tensor> sample() {
        SplittableRandom rng = new SplittableRandom(7);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("enc.w", Tensor.randn(rng, DType.FLOAT32, 2, 3));
        m.put("enc.b", Tensor.randn(rng, DType.FLOAT64, 3));
        m.put("scalar", Tensor.scalar(DType.FLOAT64, -2.5));
        m.put("empty", Tensor.zeros(DType.FLOAT32, 0, 4));
        m.put("naïve \"quoted\"", Tensor.of(new float[] {Float.NaN, Float.NEGATIVE_INFINITY, -0.0f}, 3));
        return m;
    }

    @Test
    void roundTripKeepsValuesDtypesShapesAndMetadata() throws IOException {
        Path file = dir.resolve("a.safetensors");
        Map<String, String> meta = Map.of("note", "line1\nline2 \"q\" \u00e9\u4e2d", "lr", "0.001");
        SafeTensors.write(file, sample(), meta);
        SafeTensorsFile f = SafeTensors.read(file);
        assertEquals(
                sample().keySet().stream().toList(),
                f.tensors().keySet().stream().toList());
        for (Map.Entry<String, Tensor> e : sample().entrySet()) {
            Tensor got = f.tensor(e.getKey());
            assertEquals(e.getValue().dtype(), got.dtype(), e.getKey());
            assertArrayEquals(e.getValue().shape(), got.shape(), e.getKey());
            for (int i = 0; i < got.numel(); i++) {
                assertEquals(
                        Double.doubleToRawLongBits(e.getValue().getFlat(i)),
                        Double.doubleToRawLongBits(got.getFlat(i)),
                        e.getKey() + "[" + i + "]");
            }
        }
        assertEquals("line1\nline2 \"q\" \u00e9\u4e2d", f.metadata().get("note"));
        assertEquals("0.001", f.metadata().get("lr"));
        assertTrue(f.metadata().containsKey(SafeTensors.CHECKSUM_KEY));
        assertEquals(StoredDType.F64, f.infos().get("enc.b").storedDType());
    }

    /** Parses a written file by hand, independently of the reader, to check the exact byte layout. */
    @Test
    void writtenBytesFollowTheFormatExactly() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("a", Tensor.of(new float[] {1f, -2f, 3.5f, 0.25f, 5f, 6f}, 2, 3));
        m.put("b", Tensor.of(new double[] {Math.PI, -1e300}, 2));
        Path file = dir.resolve("layout.safetensors");
        SafeTensors.write(file, m, Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(file);

        long n = 0;
        for (int i = 7; i >= 0; i--) n = (n << 8) | (bytes[i] & 0xff);
        assertEquals(0, n % 8, "header length padded to a multiple of 8");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        String json = header.stripTrailing();
        assertTrue(header.substring(json.length()).chars().allMatch(c -> c == ' '), "padding is spaces");
        assertTrue(header.length() - json.length() < 8);
        assertTrue(json.startsWith("{\"__metadata__\":{\"k\":\"v\",\"pointgrad.crc32c\":\""), json);
        assertTrue(
                json.endsWith(",\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                        + "\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[24,40]}}"),
                json);
        assertEquals(8 + n + 24 + 16, bytes.length);

        int data = (int) (8 + n);
        float[] a = {1f, -2f, 3.5f, 0.25f, 5f, 6f};
        for (int i = 0; i < a.length; i++) {
            int bits = Float.floatToRawIntBits(a[i]);
            for (int k = 0; k < 4; k++)
                assertEquals((byte) (bits >>> (8 * k)), bytes[data + 4 * i + k], "a[" + i + "] byte " + k);
        }
        double[] b = {Math.PI, -1e300};
        for (int i = 0; i < b.length; i++) {
            long bits = Double.doubleToRawLongBits(b[i]);
            for (int k = 0; k < 8; k++)
                assertEquals((byte) (bits >>> (8 * k)), bytes[data + 24 + 8 * i + k], "b[" + i + "] byte " + k);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, data, 40);
        assertTrue(json.contains(String.format("\"pointgrad.crc32c\":\"%08x\"", crc.getValue())));
    }

    /** Builds a file by hand: header JSON (no checksum) padded as given, then {@code data}. */
    static byte[] handMade(String json, byte[] data, int padTo) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        int len = padTo <= 1 ? h.length : (h.length + padTo - 1) / padTo * padTo;
        ByteBuffer b = ByteBuffer.allocate(8 + len + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(len).put(h);
        for (int i = h.length; i < len; i++) b.put((byte) ' ');
        b.put(data);
        return b.array();
    }

    private static byte[] le(int... shorts) {
        ByteBuffer b = ByteBuffer.allocate(2 * shorts.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int s : shorts) b.putShort((short) s);
        return b.array();
    }

    @Test
    void readsForeignFilesWithoutChecksumAndWidensHalfTypes() throws IOException {
        // F16 0x3C00 = 1, 0xC000 = -2, 0x0001 = 2^-24 (subnormal), 0x7C00 = +inf; BF16 0x3F80 = 1, 0xC040 = -3
        byte[] data = le(0x3C00, 0xC000, 0x0001, 0x7C00, 0x3F80, 0xC040);
        String json = "{\"h\": {\"dtype\": \"F16\", \"shape\": [2, 2], \"data_offsets\": [0, 8]},\n"
                + " \"g\": {\"dtype\": \"BF16\", \"shape\": [2], \"data_offsets\": [8, 12]}}";
        SafeTensorsFile f = SafeTensors.decode(handMade(json, data, 8), SRC);
        assertArrayEquals(
                new float[] {1f, -2f, 0x1p-24f, Float.POSITIVE_INFINITY},
                f.tensor("h").floatData());
        assertArrayEquals(new float[] {1f, -3f}, f.tensor("g").floatData());
        assertTrue(f.metadata().isEmpty());
        // Padding is optional: an unpadded header reads the same.
        assertArrayEquals(
                f.tensor("h").floatData(),
                SafeTensors.decode(handMade(json, data, 1), SRC).tensor("h").floatData());
    }

    private static CheckpointException rejects(byte[] bytes) {
        return assertThrows(CheckpointException.class, () -> SafeTensors.decode(bytes, SRC));
    }

    @Test
    void everyTruncationIsRejectedWithTheFileName() {
        byte[] full = SafeTensors.encode(sample(), Map.of("k", "v"));
        for (int cut = 0; cut < full.length; cut++) {
            byte[] part = Arrays.copyOf(full, cut);
            CheckpointException e = rejects(part);
            assertTrue(e.getMessage().startsWith(SRC.toString()), e.getMessage());
            assertEquals(SRC, e.file());
        }
    }

    @Test
    void truncatedFileOnDiskNamesTheFileAndOffset() throws IOException {
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, sample(), Map.of());
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, b.length - 3));
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("beyond"), e.getMessage());
        assertTrue(e.byteOffset() > 8);
    }

    @Test
    void shortFileAndOversizedHeaderLength() {
        CheckpointException e = rejects(new byte[] {1, 2, 3});
        assertTrue(e.getMessage().contains("3 bytes"), e.getMessage());
        byte[] b = handMade("{}", new byte[0], 1);
        b[0] = 100;
        e = rejects(b);
        assertTrue(e.getMessage().contains("header length 100 goes beyond"), e.getMessage());
        Arrays.fill(b, 0, 8, (byte) 0xff);
        e = rejects(b);
        assertTrue(e.getMessage().contains("18446744073709551615"), e.getMessage());
    }

    @Test
    void everySingleBitFlipInTheDataIsCaughtByTheChecksum() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.of(new float[] {1, 2, 3}, 3));
        byte[] good = SafeTensors.encode(m, Map.of());
        int dataStart = good.length - 12;
        for (int i = dataStart; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << bit);
                CheckpointException e = rejects(bad);
                assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
                assertEquals(dataStart, e.byteOffset());
            }
        }
    }

    @Test
    void corruptedHeaderIsReportedWithItsByteOffset() {
        byte[] good = SafeTensors.encode(sample(), Map.of());
        String text = new String(good, 8, good.length - 8, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"shape\"");
        byte[] bad = good.clone();
        bad[8 + at] = 'x';
        CheckpointException e = rejects(bad);
        assertTrue(e.getMessage().contains("header checksum mismatch"), e.getMessage());

        // A file from another writer has no header checksum; the JSON parser names the byte.
        byte[] foreign = handMade("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4], 8);
        int shapeAt = new String(foreign, StandardCharsets.ISO_8859_1).indexOf("\"shape\"");
        foreign[shapeAt] = 'x';
        e = rejects(foreign);
        assertTrue(e.getMessage().contains("invalid header JSON"), e.getMessage());
        assertEquals(shapeAt, e.byteOffset());

        byte[] notUtf8 =
                handMade("{\"enc.w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4], 8);
        int nameAt = new String(notUtf8, StandardCharsets.ISO_8859_1).indexOf("enc.w");
        notUtf8[nameAt + 1] = (byte) 0xff;
        e = rejects(notUtf8);
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        assertEquals(nameAt + 1, e.byteOffset());
    }

    @Test
    void headerSchemaErrorsNameTheTensor() {
        String[][] cases = {
            {"{\"w\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", "dtype I64"},
            {"{\"w\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", "unknown dtype \"Q7\""},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "needs 12"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", "unexpected field"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", "non-negative integers"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", "unexpected '-'"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", "end before"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"w\":{}}", "duplicate key"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},}", "expected a quoted key"},
            {
                "{\"__metadata__\":{\"a\":1},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                "must be a string"
            },
            {"[]", "not an object"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}} x", "after the end"},
        };
        for (String[] c : cases) {
            CheckpointException e = rejects(handMade(c[0], new byte[8], 8));
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
            if (c[1].startsWith("dtype")
                    || c[1].startsWith("unknown")
                    || c[1].startsWith("needs")
                    || c[1].startsWith("end")) {
                assertEquals("w", e.tensorName(), e.getMessage());
            }
        }
    }

    @Test
    void offsetsMustTileTheDataSectionExactly() {
        String two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[%d,%d]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[%d,%d]}}";
        CheckpointException overlap = rejects(handMade(String.format(two, 0, 8, 4, 8), new byte[12], 8));
        assertTrue(overlap.getMessage().contains("overlap tensor 'a'"), overlap.getMessage());
        assertEquals("b", overlap.tensorName());
        CheckpointException gap = rejects(handMade(String.format(two, 0, 8, 12, 16), new byte[16], 8));
        assertTrue(gap.getMessage().contains("gap of 4"), gap.getMessage());
        CheckpointException beyond = rejects(handMade(String.format(two, 0, 8, 8, 12), new byte[10], 8));
        assertTrue(beyond.getMessage().contains("extend beyond the 10-byte data section"), beyond.getMessage());
        assertEquals("b", beyond.tensorName());
        byte[] trailing = handMade(String.format(two, 0, 8, 8, 12), new byte[15], 8);
        CheckpointException t = rejects(trailing);
        assertTrue(t.getMessage().contains("3 trailing bytes"), t.getMessage());
        assertEquals(trailing.length - 3, t.byteOffset());
        // Out of order in the header but contiguous in the data is valid.
        SafeTensorsFile ok = assertDoesNotThrowDecode(handMade(String.format(two, 4, 12, 0, 4), new byte[12], 8));
        assertEquals(2, ok.tensors().size());
    }

    private static SafeTensorsFile assertDoesNotThrowDecode(byte[] b) {
        try {
            return SafeTensors.decode(b, SRC);
        } catch (CheckpointException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void writerRejectsReservedAndInvalidNames() {
        Tensor t = Tensor.scalar(1);
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.encode(Map.of("__metadata__", t), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.encode(Map.of("", t), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.encode(Map.of("bad\uD800", t), Map.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> SafeTensors.encode(Map.of("x", t), Map.of(SafeTensors.CHECKSUM_KEY, "0")));
    }

    @Test
    void failedWriteLeavesTheExistingTargetAndNoTempFile() throws IOException {
        Path target = dir.resolve("keep.safetensors");
        SafeTensors.write(target, Map.of("x", Tensor.scalar(1)), Map.of());
        byte[] before = Files.readAllBytes(target);
        IOException e = assertThrows(
                IOException.class,
                () -> AtomicFiles.write(target, ch -> {
                    ch.write(ByteBuffer.wrap(new byte[1000]));
                    throw new IOException("disk full (simulated)");
                }));
        assertTrue(
                e.getMessage().contains("keep.safetensors") && e.getMessage().contains("disk full (simulated)"),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(target));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
        // A write that fails at the rename (target is a non-empty folder) also leaves no temp file behind.
        Path folder = Files.createDirectories(dir.resolve("occupied"));
        Files.writeString(folder.resolve("inside"), "x");
        assertThrows(IOException.class, () -> SafeTensors.write(folder, Map.of("x", Tensor.scalar(1)), Map.of()));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
        assertTrue(Files.isDirectory(folder));
    }

    @Test
    void readOnlyFolderFailsCleanlyAndKeepsTheOldFile() throws IOException {
        Path ro = Files.createDirectories(dir.resolve("ro"));
        Path target = ro.resolve("m.safetensors");
        SafeTensors.write(target, Map.of("x", Tensor.scalar(1)), Map.of());
        byte[] before = Files.readAllBytes(target);
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // Root ignores folder permissions, so the scenario cannot be produced there.
            Assumptions.assumeFalse(Files.isWritable(ro), "running as root: permissions are not enforced");
            assertThrows(IOException.class, () -> SafeTensors.write(target, Map.of("x", Tensor.scalar(2)), Map.of()));
            assertArrayEquals(before, Files.readAllBytes(target));
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
