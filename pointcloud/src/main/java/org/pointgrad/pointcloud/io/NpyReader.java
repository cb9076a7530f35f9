package org.pointgrad.pointcloud.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Reads NumPy {@code .npy} arrays (format versions 1.0, 2.0 and 3.0) of dtype {@code <f4}, {@code <f8},
 * {@code >f4} or {@code >f8}, C order, shape (N, C) with C >= 3; the first three columns are x, y, z.
 */
public final class NpyReader {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyReader() {}

    /** Reads an .npy file. */
    public static ShapeData read(Path file) throws IOException {
        return parse(ShapeFiles.readBytes(file), file);
    }

    /** Parses .npy content; {@code file} only names the source in error messages (may be null). */
    public static ShapeData parse(byte[] data, Path file) throws ShapeFormatException {
        if (data.length == 0)
            throw ShapeFormatException.atByte(file, 0, "file is empty; expected the NumPy magic \\x93NUMPY");
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= data.length || data[i] != MAGIC[i])
                throw ShapeFormatException.atByte(file, i, "bad magic; expected \\x93NUMPY");
        }
        if (data.length < 10)
            throw ShapeFormatException.atByte(
                    file, data.length, "file truncated in the preamble; expected version and header length");
        int major = data[6] & 0xff, minor = data[7] & 0xff;
        if (minor != 0 || major < 1 || major > 3) {
            throw ShapeFormatException.atByte(
                    file, 6, "unsupported .npy version " + major + "." + minor + "; expected 1.0, 2.0 or 3.0");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xffff;
            headerStart = 10;
        } else {
            if (data.length < 12)
                throw ShapeFormatException.atByte(
                        file, data.length, "file truncated in the preamble; expected a 4-byte header length");
            headerLen = b.getInt(8) & 0xffffffffL;
            headerStart = 12;
        }
        if (headerLen > data.length - headerStart) {
            throw ShapeFormatException.atByte(
                    file,
                    8,
                    "header length " + headerLen + " exceeds the " + (data.length - headerStart)
                            + " bytes that follow");
        }
        String header;
        if (major == 3) {
            TextLines.decode(file, Arrays.copyOfRange(data, 0, headerStart + (int) headerLen), headerStart, 1);
            header = new String(data, headerStart, (int) headerLen, StandardCharsets.UTF_8);
        } else {
            for (int i = headerStart; i < headerStart + headerLen; i++) {
                if ((data[i] & 0xff) >= 0x80)
                    throw ShapeFormatException.atByte(
                            file, i, "non-ASCII byte in a version " + major + " header; expected latin-1 ASCII text");
            }
            header = new String(data, headerStart, (int) headerLen, StandardCharsets.ISO_8859_1);
        }
        Map<String, Object> dict = new HeaderParser(header, file, headerStart).parseDict();
        Object descr = dict.get("descr"), fortran = dict.get("fortran_order"), shape = dict.get("shape");
        if (!(descr instanceof String d))
            throw ShapeFormatException.atByte(
                    file, headerStart, "header has no string 'descr'; expected e.g. 'descr': '<f4'");
        if (!(fortran instanceof Boolean fo))
            throw ShapeFormatException.atByte(file, headerStart, "header has no boolean 'fortran_order'");
        if (!(shape instanceof long[] s))
            throw ShapeFormatException.atByte(file, headerStart, "header has no tuple 'shape'");
        ByteOrder order;
        int itemSize;
        switch (d) {
            case "<f4" -> {
                order = ByteOrder.LITTLE_ENDIAN;
                itemSize = 4;
            }
            case "<f8" -> {
                order = ByteOrder.LITTLE_ENDIAN;
                itemSize = 8;
            }
            case ">f4" -> {
                order = ByteOrder.BIG_ENDIAN;
                itemSize = 4;
            }
            case ">f8" -> {
                order = ByteOrder.BIG_ENDIAN;
                itemSize = 8;
            }
            default -> throw ShapeFormatException.atByte(
                    file,
                    headerStart,
                    "unsupported dtype '" + TextLines.abbreviate(d) + "'; expected <f4, <f8, >f4 or >f8");
        }
        if (fo)
            throw ShapeFormatException.atByte(
                    file, headerStart, "fortran_order is True; expected a C-order array (use np.ascontiguousarray)");
        if (s.length != 2 || s[1] < 3) {
            throw ShapeFormatException.atByte(
                    file, headerStart, "shape " + java.util.Arrays.toString(s) + " is not (N, C) with C >= 3");
        }
        long n = s[0], c = s[1];
        int dataStart = headerStart + (int) headerLen;
        long available = data.length - dataStart;
        if (n > available / itemSize / c) {
            throw ShapeFormatException.atByte(
                    file,
                    data.length,
                    "array of shape (" + n + ", " + c + ") needs "
                            + (n <= Long.MAX_VALUE / c / itemSize ? String.valueOf(n * c * itemSize) : "more")
                            + " data bytes but only " + available + " follow the header (truncated file?)");
        }
        if (3 * n > Integer.MAX_VALUE - 8)
            throw ShapeFormatException.atByte(file, headerStart, n + " points is too many for one cloud");
        float[] xyz = new float[(int) (3 * n)];
        ByteBuffer body = ByteBuffer.wrap(data).order(order);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                int at = (int) (dataStart + ((long) i * c + k) * itemSize);
                double v = itemSize == 4 ? body.getFloat(at) : body.getDouble(at);
                final int point = i, axis = k;
                xyz[3 * i + k] = Numbers.finiteFloat(
                        v,
                        () -> ShapeFormatException.atByte(
                                file,
                                at,
                                "point " + point + " coordinate " + "xyz".charAt(axis) + " is " + v
                                        + "; expected a finite float"));
            }
        }
        return ShapeData.ofPoints(file, ShapeFormat.NPY, new PointCloud(xyz));
    }

    /** A parser for the Python dict literal in an .npy header: string keys; string, bool, or int-tuple values. */
    private static final class HeaderParser {
        private final String s;
        private final Path file;
        private final int base;
        private int i;

        HeaderParser(String s, Path file, int base) {
            this.s = s;
            this.file = file;
            this.base = base;
        }

        Map<String, Object> parseDict() throws ShapeFormatException {
            Map<String, Object> m = new HashMap<>();
            expect('{');
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    i++;
                    break;
                }
                String key = string();
                expect(':');
                m.put(key, value());
                skipSpace();
                if (peek() == ',') {
                    i++;
                    continue;
                }
                expect('}');
                break;
            }
            return m;
        }

        private Object value() throws ShapeFormatException {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') return string();
            if (c == '(') return tuple();
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            throw error("unexpected value; expected a string, True/False or a tuple");
        }

        private long[] tuple() throws ShapeFormatException {
            expect('(');
            List<Long> out = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    i++;
                    break;
                }
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                if (i == start || i - start > 18) throw error("expected a non-negative integer dimension in 'shape'");
                out.add(Long.parseLong(s.substring(start, i)));
                skipSpace();
                if (peek() == ',') {
                    i++;
                    continue;
                }
                expect(')');
                break;
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }

        private String string() throws ShapeFormatException {
            skipSpace();
            char q = peek();
            if (q != '\'' && q != '"') throw error("expected a quoted string");
            int end = s.indexOf(q, i + 1);
            if (end < 0) throw error("unterminated string");
            String r = s.substring(i + 1, end);
            i = end + 1;
            return r;
        }

        private void expect(char c) throws ShapeFormatException {
            skipSpace();
            if (peek() != c) throw error("expected '" + c + "'");
            i++;
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private ShapeFormatException error(String what) {
            return ShapeFormatException.atByte(file, base + i, "malformed .npy header dict: " + what);
        }
    }
}
