package org.pointgrad.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * (padded with spaces to a multiple of 8) mapping each tensor name to its dtype, shape and data offsets plus an
 * optional {@code __metadata__} object of strings, then the tensors packed little-endian in C order.
 *
 * <p>Writing adds {@value #CHECKSUM_KEY} (CRC32C of the data section, 8 hex digits) and {@value #HEADER_CHECKSUM_KEY}
 * (CRC32C of the 8 length bytes and the whole padded header, computed with this value's own 8 digits as {@code 0}) to
 * the metadata. Reading verifies both when present, and a file with any {@code pointgrad.} metadata key must have
 * the header checksum, so a flipped bit anywhere in a pointgrad file is caught, metadata included. Files from other
 * writers (no pointgrad keys) are read without checksums. Reading checks everything else the format implies
 * (lengths, offsets contiguous and matching dtype times shape, no trailing bytes) and reports the first problem as a
 * {@link CheckpointException} naming the file, tensor and byte offset.
 */
public final class SafeTensors {
    /** Metadata key of the data-section checksum written by pointgrad. */
    public static final String CHECKSUM_KEY = "pointgrad.crc32c";
    /** Metadata key of the header checksum written by pointgrad. */
    public static final String HEADER_CHECKSUM_KEY = "pointgrad.header_crc32c";

    private static final String RESERVED_PREFIX = "pointgrad.";
    private static final byte[] HEADER_CHECKSUM_ENTRY =
            ("\"" + HEADER_CHECKSUM_KEY + "\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final String PLACEHOLDER = "00000000";

    /** The header key reserved for metadata. */
    public static final String METADATA_KEY = "__metadata__";
    /** Headers above this size are rejected before allocation (the reference implementation uses the same bound). */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private SafeTensors() {}

    /**
     * Atomically writes {@code tensors} (in map order) and {@code metadata} to {@code file}; returns the data
     * checksum stored under {@link #CHECKSUM_KEY}.
     *
     * @throws IllegalArgumentException for an empty or reserved name, a null tensor or value, or a metadata key
     *                                  {@link #CHECKSUM_KEY} supplied by the caller
     */
    public static String write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        Encoded enc = encodeParts(tensors, metadata);
        AtomicFiles.write(file, ch -> {
            writeFully(ch, ByteBuffer.wrap(enc.prefix));
            for (byte[] part : enc.data) writeFully(ch, ByteBuffer.wrap(part));
        });
        return enc.checksum;
    }

    /** The exact bytes {@link #write} would put in a file. */
    public static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Encoded enc = encodeParts(tensors, metadata);
        long total = enc.prefix.length;
        for (byte[] p : enc.data) total += p.length;
        if (total > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("encode: " + total + " bytes do not fit in one array; use write()");
        ByteBuffer out = ByteBuffer.allocate((int) total);
        out.put(enc.prefix);
        for (byte[] p : enc.data) out.put(p);
        return out.array();
    }

    /** Reads and verifies a whole file. */
    public static SafeTensorsFile read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 16) {
            throw new CheckpointException(file, "file of " + size + " bytes is larger than pointgrad can load (2 GiB)");
        }
        return decode(Files.readAllBytes(file), file);
    }

    /** Verifies and decodes file contents; {@code source} is only used to name the file in errors. */
    public static SafeTensorsFile decode(byte[] bytes, Path source) throws CheckpointException {
        long size = bytes.length;
        if (size < 8) {
            throw new CheckpointException(
                    source,
                    null,
                    0,
                    "file has " + size
                            + " bytes, but a safetensors file starts with an 8-byte little-endian header length",
                    null);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        if (n < 0 || n > size - 8) {
            throw new CheckpointException(
                    source,
                    null,
                    0,
                    "header length " + Long.toUnsignedString(n) + " goes beyond the end of the file (" + size
                            + " bytes, so at most " + (size - 8)
                            + " header bytes); the file is truncated or not safetensors",
                    null);
        }
        if (n > MAX_HEADER_BYTES) {
            throw new CheckpointException(
                    source,
                    null,
                    0,
                    "header length " + n + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes",
                    null);
        }
        boolean headerChecked = verifyHeaderChecksum(bytes, (int) n, source);
        String header = decodeUtf8(bytes, 8, (int) n, source);
        Object root;
        try {
            root = HeaderJson.parse(header);
        } catch (HeaderJson.SyntaxError e) {
            throw new CheckpointException(
                    source, null, 8 + utf8Length(header, e.position), "invalid header JSON: " + e.getMessage(), null);
        }
        if (!(root instanceof Map<?, ?> top))
            throw new CheckpointException(source, null, 8, "header JSON is not an object", null);

        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> infos = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            // Only computed when reporting an error: searching the header per tensor would be quadratic.
            LongSupplier at = () -> 8 + utf8Length(header, header.indexOf(jsonKey(name)));
            if (name.equals(METADATA_KEY)) {
                readMetadata(e.getValue(), metadata, source, at);
            } else {
                infos.add(readInfo(name, e.getValue(), source, at));
            }
        }

        if (!headerChecked) {
            for (String key : metadata.keySet()) {
                if (key.startsWith(RESERVED_PREFIX)) {
                    throw new CheckpointException(
                            source,
                            null,
                            8,
                            "metadata has pointgrad's key " + key + " but no " + HEADER_CHECKSUM_KEY
                                    + ": the header is damaged, or the file predates header checksums and cannot be "
                                    + "verified",
                            null);
                }
            }
        }
        long dataStart = 8 + n;
        long dataLength = size - dataStart;
        checkLayout(infos, dataStart, dataLength, source);

        String storedSum = metadata.get(CHECKSUM_KEY);
        if (storedSum != null) {
            String actual = crc32c(bytes, (int) dataStart, (int) dataLength);
            if (!storedSum.equalsIgnoreCase(actual)) {
                throw new CheckpointException(
                        source,
                        null,
                        dataStart,
                        "data checksum mismatch: header says " + CHECKSUM_KEY + "=" + storedSum + " but the "
                                + dataLength + " data bytes hash to " + actual + "; the file is corrupted",
                        null);
            }
        }

        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        for (TensorInfo info : infos) {
            ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (dataStart + info.begin()), (int) info.byteLength())
                    .slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
            tensors.put(info.name(), decodeTensor(info, slice));
            byName.put(info.name(), info);
        }
        return new SafeTensorsFile(source, tensors, byName, metadata);
    }

    // ---------------------------------------------------------------- writing

    private record Encoded(byte[] prefix, List<byte[]> data, String checksum) {}

    private static Encoded encodeParts(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Objects.requireNonNull(tensors, "tensors");
        Map<String, String> meta = new LinkedHashMap<>();
        if (metadata != null) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null)
                    throw new IllegalArgumentException("metadata entry with null key or value: " + e);
                if (e.getKey().equals(CHECKSUM_KEY) || e.getKey().equals(HEADER_CHECKSUM_KEY)) {
                    throw new IllegalArgumentException("metadata key " + e.getKey() + " is reserved for a checksum");
                }
                checkEncodable("metadata key", e.getKey());
                checkEncodable("metadata value of " + e.getKey(), e.getValue());
                meta.put(e.getKey(), e.getValue());
            }
        }
        List<byte[]> data = new ArrayList<>();
        CRC32C crc = new CRC32C();
        StringBuilder entries = new StringBuilder();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null || name.isEmpty())
                throw new IllegalArgumentException(
                        "tensor name must be non-empty, got " + (name == null ? "null" : "\"\""));
            if (name.equals(METADATA_KEY))
                throw new IllegalArgumentException("tensor name " + METADATA_KEY + " is reserved");
            checkEncodable("tensor name", name);
            if (t == null) throw new IllegalArgumentException("tensor '" + name + "' is null");
            byte[] bytes = encodeTensor(t);
            crc.update(bytes);
            data.add(bytes);
            entries.append(',');
            HeaderJson.writeString(entries, name);
            entries.append(":{\"dtype\":\"")
                    .append(StoredDType.forTensor(t.dtype()))
                    .append("\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++)
                entries.append(i > 0 ? "," : "").append(shape[i]);
            entries.append("],\"data_offsets\":[")
                    .append(offset)
                    .append(',')
                    .append(offset + bytes.length)
                    .append("]}");
            offset += bytes.length;
        }
        String checksum = String.format(Locale.ROOT, "%08x", crc.getValue());
        meta.put(CHECKSUM_KEY, checksum);
        meta.put(HEADER_CHECKSUM_KEY, PLACEHOLDER);

        StringBuilder json = new StringBuilder("{");
        HeaderJson.writeString(json, METADATA_KEY);
        json.append(":{");
        boolean first = true;
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (!first) json.append(',');
            first = false;
            HeaderJson.writeString(json, e.getKey());
            json.append(':');
            HeaderJson.writeString(json, e.getValue());
        }
        json.append('}').append(entries).append('}');
        byte[] headerBytes = json.toString().getBytes(StandardCharsets.UTF_8);
        // Padding the header to a multiple of 8 keeps every tensor 8-byte aligned for readers that map the file.
        int padded = (headerBytes.length + 7) & ~7;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(headerBytes);
        while (prefix.hasRemaining()) prefix.put((byte) ' ');
        byte[] out = prefix.array();
        int at = headerChecksumValueAt(out, padded);
        byte[] sum = crc32c(out, 0, out.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sum, 0, out, at, sum.length);
        return new Encoded(out, data, checksum);
    }

    private static byte[] encodeTensor(Tensor t) {
        int n = t.numel();
        if (t.dtype() == DType.FLOAT64) {
            ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(n, 8)).order(ByteOrder.LITTLE_ENDIAN);
            b.asDoubleBuffer().put(t.doubleData());
            return b.array();
        }
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(n, 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(t.floatData());
        return b.array();
    }

    private static void checkEncodable(String what, String s) {
        CharsetEncoder enc = StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            enc.encode(CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " \"" + s + "\" is not valid Unicode (unpaired surrogate)", e);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    // ---------------------------------------------------------------- reading

    /**
     * Offset of the 8 hex digits of the header checksum in {@code bytes} (length prefix + header), or -1 when the
     * entry is absent. JSON escaping cannot produce the entry's unescaped quotes inside another string, so the first
     * occurrence is the entry itself.
     */
    private static int headerChecksumValueAt(byte[] bytes, int headerLength) {
        int end = 8 + headerLength - HEADER_CHECKSUM_ENTRY.length - PLACEHOLDER.length();
        outer:
        for (int i = 8; i <= end; i++) {
            for (int j = 0; j < HEADER_CHECKSUM_ENTRY.length; j++) {
                if (bytes[i + j] != HEADER_CHECKSUM_ENTRY[j]) continue outer;
            }
            return i + HEADER_CHECKSUM_ENTRY.length;
        }
        return -1;
    }

    /** Verifies the header checksum when the header has one; returns whether it had one. */
    private static boolean verifyHeaderChecksum(byte[] bytes, int headerLength, Path source)
            throws CheckpointException {
        int at = headerChecksumValueAt(bytes, headerLength);
        if (at < 0) return false;
        String stored = new String(bytes, at, PLACEHOLDER.length(), StandardCharsets.ISO_8859_1);
        byte[] saved = new byte[PLACEHOLDER.length()];
        System.arraycopy(bytes, at, saved, 0, saved.length);
        for (int i = 0; i < saved.length; i++) bytes[at + i] = (byte) '0';
        String actual = crc32c(bytes, 0, 8 + headerLength);
        System.arraycopy(saved, 0, bytes, at, saved.length);
        if (!stored.equals(actual)) {
            throw new CheckpointException(
                    source,
                    null,
                    at,
                    "header checksum mismatch: " + HEADER_CHECKSUM_KEY + " says \""
                            + stored.replaceAll("[^0-9a-f]", "?") + "\" but the " + (8 + headerLength)
                            + " header bytes hash to " + actual
                            + "; the header is corrupted",
                    null);
        }
        return true;
    }

    private static String decodeUtf8(byte[] bytes, int from, int length, Path source) throws CheckpointException {
        CharsetDecoder dec = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, length);
        CharBuffer out = CharBuffer.allocate(length);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            throw new CheckpointException(source, null, in.position(), "header is not valid UTF-8 (" + r + ")", null);
        }
        r = dec.flush(out);
        if (r.isError())
            throw new CheckpointException(source, null, in.position(), "header is not valid UTF-8 (" + r + ")", null);
        out.flip();
        return out.toString();
    }

    private static long utf8Length(String s, int charEnd) {
        if (charEnd < 0) return 0;
        return s.substring(0, Math.min(charEnd, s.length())).getBytes(StandardCharsets.UTF_8).length;
    }

    private static String jsonKey(String name) {
        StringBuilder sb = new StringBuilder();
        HeaderJson.writeString(sb, name);
        return sb.toString();
    }

    private static void readMetadata(Object value, Map<String, String> out, Path source, LongSupplier at)
            throws CheckpointException {
        if (!(value instanceof Map<?, ?> m))
            throw new CheckpointException(
                    source, null, at.getAsLong(), METADATA_KEY + " must be an object of strings", null);
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String v)) {
                throw new CheckpointException(
                        source,
                        null,
                        at.getAsLong(),
                        METADATA_KEY + " value of \"" + e.getKey() + "\" must be a string",
                        null);
            }
            out.put((String) e.getKey(), v);
        }
    }

    private static TensorInfo readInfo(String name, Object value, Path source, LongSupplier at)
            throws CheckpointException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new CheckpointException(
                    source, name, at.getAsLong(), "entry must be an object with dtype, shape and data_offsets", null);
        }
        for (Object k : m.keySet()) {
            if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
                throw new CheckpointException(
                        source,
                        name,
                        at.getAsLong(),
                        "unexpected field \"" + k + "\" (expected dtype, shape, data_offsets)",
                        null);
            }
        }
        if (!(m.get("dtype") instanceof String dtypeName))
            throw new CheckpointException(source, name, at.getAsLong(), "missing or non-string \"dtype\"", null);
        StoredDType dtype;
        try {
            dtype = StoredDType.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            String why = StoredDType.isKnownUnsupported(dtypeName)
                    ? "has dtype " + dtypeName
                            + ", which pointgrad cannot load (supported: F32, F64, and F16/BF16 widened to FLOAT32)"
                    : "has unknown dtype \"" + dtypeName + "\"";
            throw new CheckpointException(source, name, at.getAsLong(), why, null);
        }
        if (!(m.get("shape") instanceof List<?> shapeList))
            throw new CheckpointException(source, name, at.getAsLong(), "missing or non-array \"shape\"", null);
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long dim) || dim > Integer.MAX_VALUE) {
                throw new CheckpointException(
                        source,
                        name,
                        at.getAsLong(),
                        "shape entry " + i + " is not an integer in [0, 2^31): " + shapeList.get(i),
                        null);
            }
            shape[i] = (int) (long) dim;
            numel *= dim;
            if (numel > Integer.MAX_VALUE)
                throw new CheckpointException(
                        source, name, at.getAsLong(), "shape " + shapeList + " has more than 2^31-1 elements", null);
        }
        if (!(m.get("data_offsets") instanceof List<?> off)
                || off.size() != 2
                || !(off.get(0) instanceof Long begin)
                || !(off.get(1) instanceof Long end)) {
            throw new CheckpointException(
                    source, name, at.getAsLong(), "\"data_offsets\" must be [begin, end] integers", null);
        }
        if (end < begin)
            throw new CheckpointException(
                    source,
                    name,
                    at.getAsLong(),
                    "data_offsets [" + begin + ", " + end + "] end before they begin",
                    null);
        long expected = numel * dtype.bytesPerElement();
        if (end - begin != expected) {
            throw new CheckpointException(
                    source,
                    name,
                    at.getAsLong(),
                    "data_offsets [" + begin + ", " + end + "] span " + (end - begin) + " bytes, but " + dtype
                            + " with shape " + shapeList + " needs " + expected,
                    null);
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    /** The tensors must tile the data section exactly: sorted by offset, no overlap, no gap, nothing after the last. */
    private static void checkLayout(List<TensorInfo> infos, long dataStart, long dataLength, Path source)
            throws CheckpointException {
        List<TensorInfo> sorted = new ArrayList<>(infos);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long cursor = 0;
        String previous = null;
        for (TensorInfo t : sorted) {
            if (t.end() > dataLength) {
                throw new CheckpointException(
                        source,
                        t.name(),
                        dataStart + t.begin(),
                        "data_offsets [" + t.begin() + ", " + t.end() + "] extend beyond the " + dataLength
                                + "-byte data section (file ends at byte " + (dataStart + dataLength) + "; truncated?)",
                        null);
            }
            if (t.begin() < cursor) {
                throw new CheckpointException(
                        source,
                        t.name(),
                        dataStart + t.begin(),
                        "data_offsets [" + t.begin() + ", " + t.end() + "] overlap tensor '" + previous
                                + "', which ends at " + cursor,
                        null);
            }
            if (t.begin() > cursor) {
                throw new CheckpointException(
                        source,
                        t.name(),
                        dataStart + cursor,
                        "gap of " + (t.begin() - cursor)
                                + " unused bytes before this tensor (data offsets must be contiguous)",
                        null);
            }
            cursor = t.end();
            previous = t.name();
        }
        if (cursor != dataLength) {
            throw new CheckpointException(
                    source,
                    null,
                    dataStart + cursor,
                    (dataLength - cursor) + " trailing bytes after the last tensor"
                            + (previous == null ? "" : " ('" + previous + "')"),
                    null);
        }
    }

    private static Tensor decodeTensor(TensorInfo info, ByteBuffer data) {
        int n = (int) (info.byteLength() / info.storedDType().bytesPerElement());
        int[] shape = info.shape();
        if (info.storedDType() == StoredDType.F64) {
            double[] out = new double[n];
            data.asDoubleBuffer().get(out);
            return Tensor.wrap(out, shape);
        }
        float[] out = new float[n];
        info.storedDType().decodeFloats(data, out);
        return Tensor.wrap(out, shape);
    }

    static String crc32c(byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, length);
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }
}
