package org.pointgrad.pointcloud.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Reads XYZ / PTS text point clouds: one point per line, values separated by whitespace, commas or semicolons,
 * at least three columns of which the first three are x, y, z (further columns such as intensity or colour are
 * ignored). Lines starting with '#' or '//' are comments. The first content line may be a single integer point
 * count (PTS), which must then match the number of point lines, or a column-name header such as {@code x,y,z}.
 * Large files can be streamed in chunks into a bounded random subset ({@link #stream}).
 */
public final class XyzReader {
    /** Bytes per streamed chunk; a chunk is cut at its last line end. */
    static final int CHUNK_BYTES = 4 << 20;

    private XyzReader() {}

    /** Reads an XYZ or PTS file. */
    public static ShapeData read(Path file) throws IOException {
        return parse(ShapeFiles.readBytes(file), file, ShapeFormat.XYZ);
    }

    /** Parses XYZ/PTS content, reporting {@code format} (XYZ or PTS) in the result; {@code file} may be null. */
    public static ShapeData parse(byte[] data, Path file, ShapeFormat format) throws ShapeFormatException {
        if (data.length == 0) throw ShapeFormatException.atByte(file, 0, "file is empty; expected lines of 'x y z'");
        FloatList xyz = new FloatList();
        Lines state = new Lines(file);
        state.feed(TextLines.decode(file, data, 0, 1), (x, y, z) -> {
            xyz.add(x);
            xyz.add(y);
            xyz.add(z);
        });
        state.finish(xyz.size() / 3);
        return ShapeData.ofPoints(file, format, new PointCloud(xyz.toArray()));
    }

    /**
     * Reads text points from a stream in chunks of about {@code chunkBytes}, offering each to {@code into}; only
     * the reservoir's points and one chunk are held at a time. Same rules and messages as {@link #parse}.
     */
    static void stream(InputStream in, Path file, PointReservoir into, int chunkBytes) throws IOException {
        Lines state = new Lines(file);
        byte[] buf = new byte[chunkBytes];
        int filled = 0, firstLine = 1;
        long total = 0;
        while (true) {
            int r = in.read(buf, filled, buf.length - filled);
            if (r > 0) {
                filled += r;
                total += r;
                if (filled < buf.length) continue;
            }
            boolean eof = r < 0;
            int cut = filled;
            if (!eof) {
                cut = lastLineEnd(buf, filled);
                if (cut == 0) {
                    // One line longer than the buffer: grow until it ends.
                    buf = Arrays.copyOf(buf, buf.length * 2);
                    continue;
                }
            }
            if (cut > 0) {
                byte[] chunk = Arrays.copyOf(buf, cut);
                state.feed(TextLines.decode(file, chunk, 0, firstLine), (x, y, z) -> into.add(x, y, z, null, 0));
                for (byte b : chunk) if (b == '\n') firstLine++;
            }
            System.arraycopy(buf, cut, buf, 0, filled - cut);
            filled -= cut;
            if (eof) break;
        }
        if (total == 0) throw ShapeFormatException.atByte(file, 0, "file is empty; expected lines of 'x y z'");
        state.finish(into.seen());
    }

    private static int lastLineEnd(byte[] b, int n) {
        for (int i = n - 1; i >= 0; i--) if (b[i] == '\n') return i + 1;
        return 0;
    }

    /** Receives parsed points. */
    @FunctionalInterface
    private interface Sink {
        void add(float x, float y, float z);
    }

    /** The parse state carried across chunks: whether the first content line was seen, and a declared count. */
    private static final class Lines {
        private final Path file;
        private long declared = -1;
        private int declaredLine;
        private boolean first = true;

        Lines(Path file) {
            this.file = file;
        }

        void feed(TextLines lines, Sink sink) throws ShapeFormatException {
            while (lines.next()) {
                String s = lines.line().strip();
                if (s.isEmpty() || s.startsWith("#") || s.startsWith("//")) continue;
                String[] t = TextLines.tokens(s, true);
                if (first) {
                    first = false;
                    if (t.length == 1 && t[0].matches("\\d+")) {
                        declared = Long.parseLong(t[0].length() > 18 ? "999999999999999999" : t[0]);
                        declaredLine = lines.lineNumber();
                        continue;
                    }
                    if (t.length >= 3 && isColumnNames(t)) continue;
                }
                if (t.length < 3)
                    throw lines.error("point has " + t.length + " values; expected at least 3 columns 'x y z'");
                sink.add(
                        lines.coordinate(t[0], "x coordinate"),
                        lines.coordinate(t[1], "y coordinate"),
                        lines.coordinate(t[2], "z coordinate"));
            }
        }

        void finish(long n) throws ShapeFormatException {
            if (n == 0 && declared != 0)
                throw ShapeFormatException.general(file, "no point lines; expected lines of 'x y z'");
            if (declared >= 0 && declared != n) {
                throw ShapeFormatException.atLine(
                        file, declaredLine, "declares " + declared + " points but the file has " + n + " point lines");
            }
        }
    }

    private static boolean isColumnNames(String[] t) {
        for (String s : t) if (s.isEmpty() || !Character.isLetter(s.charAt(0))) return false;
        for (String s : t) if (s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("infinity")) return false;
        return true;
    }
}
