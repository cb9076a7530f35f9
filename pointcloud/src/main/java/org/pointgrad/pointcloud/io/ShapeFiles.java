package org.pointgrad.pointcloud.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.PointCloud;

/**
 * The entry point for shape files: reads any supported format (detected from the content; the extension only
 * breaks ties) and writes a chosen format.
 */
public final class ShapeFiles {
    /** Files larger than this cannot be held in one Java array. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16;

    private ShapeFiles() {}

    /** Bytes read from the start of a file to detect its format and, for PLY, parse its header when streaming. */
    static final int HEAD_BYTES = 1 << 20;

    /**
     * Reads a file as a mesh or point cloud, whichever it holds (a mesh format without faces, such as an OBJ of
     * only {@code v} lines, gives its vertices as points; use {@link #readMesh} where a mesh is required).
     */
    public static ShapeData read(Path file) throws IOException {
        try {
            // Large point files are streamed, so memory holds the points but never the file's bytes or text.
            PointReservoir all = new PointReservoir(PointReservoir.UNBOUNDED, null);
            ShapeFormat streamed = streamPoints(file, all);
            if (streamed != null) return ShapeData.ofPoints(file, streamed, all.cloud());
            return parse(readBytes(file), file);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(file);
        }
    }

    /**
     * Reads a file that must hold a mesh: a file of points only (including a mesh format without faces) is an error.
     */
    public static ShapeData readMesh(Path file) throws IOException {
        ShapeData d = read(file);
        if (!d.isMesh()) {
            throw ShapeFormatException.general(
                    file,
                    d.format() + " file has " + d.points().size()
                            + " points and no faces; expected a mesh (read it as points if a point cloud is meant)");
        }
        return d;
    }

    /**
     * Reads a file as a point cloud; a mesh is sampled with {@code pointsIfMesh} area-uniform surface points
     * (see {@link ShapeData#toPointCloud}).
     */
    public static PointCloud readPointCloud(Path file, int pointsIfMesh, RandomGenerator rng) throws IOException {
        ShapeData d = read(file);
        try {
            return d.toPointCloud(pointsIfMesh, rng);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(file);
        }
    }

    /**
     * Reads at most {@code maxPoints} points with memory for about that many: a mesh is sampled with exactly
     * {@code maxPoints} area-uniform surface points carrying face normals (an error when it has no area); a point
     * file (XYZ/PTS, or binary PLY without faces) is streamed in chunks and reduced by reservoir sampling to a
     * uniform random subset of {@code maxPoints} when it holds more, keeping normals it stores (files up to
     * {@link #HEAD_BYTES} and other point formats are read whole first). Deterministic for a given random generator
     * state.
     */
    public static PointCloud readPoints(Path file, int maxPoints, RandomGenerator rng) throws IOException {
        if (maxPoints < 1)
            throw new IllegalArgumentException("ShapeFiles.readPoints: maxPoints must be >= 1, got " + maxPoints);
        try {
            PointReservoir into = new PointReservoir(maxPoints, rng);
            if (streamPoints(file, into) != null) return into.cloud();
            ShapeData d = parse(readBytes(file), file);
            if (d.isMesh()) return d.sampleSurface(maxPoints, rng, true);
            into.addAll(d.points());
            return into.cloud();
        } catch (OutOfMemoryError e) {
            throw outOfMemory(file);
        }
    }

    /**
     * Streams an XYZ/PTS file, or a binary PLY holding only points, larger than {@link #HEAD_BYTES} into {@code into}
     * and returns its format; returns null, having offered nothing, for any other file (smaller files are parsed
     * whole, which gives the same points). A streamed PLY's elements after its vertices are not read.
     */
    private static ShapeFormat streamPoints(Path file, PointReservoir into) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] head = in.readNBytes((int) Math.min(size, HEAD_BYTES));
            ShapeFormat f = head.length == 0 || TextLines.isUtf16(head) ? null : detect(head, file);
            if ((f == ShapeFormat.XYZ || f == ShapeFormat.PTS) && size > head.length) {
                XyzReader.stream(
                        new SequenceInputStream(new ByteArrayInputStream(head), in), file, into, XyzReader.CHUNK_BYTES);
                return f;
            }
            if (f == ShapeFormat.PLY
                    && size > head.length
                    && PlyReader.streamPoints(head, in, size, file, into, XyzReader.CHUNK_BYTES)) {
                return f;
            }
        }
        return null;
    }

    private static ShapeFormatException outOfMemory(Path file) {
        long size = -1;
        try {
            size = Files.size(file);
        } catch (IOException | RuntimeException ignored) {
            // The size only improves the message.
        }
        return ShapeFormatException.general(
                file,
                "not enough memory to read " + (size >= 0 ? "this " + size + "-byte file" : "this file")
                        + " (Java heap limit " + (Runtime.getRuntime().maxMemory() >> 20)
                        + " MB); give Java more heap (-Xmx) or read fewer points");
    }

    /**
     * Parses in-memory content; {@code file} names the source in messages and supplies the extension hint (may be
     * null).
     */
    public static ShapeData parse(byte[] data, Path file) throws ShapeFormatException {
        ShapeFormat hint = ShapeFormat.fromExtension(file);
        if (data.length == 0) {
            throw ShapeFormatException.atByte(
                    file,
                    0,
                    "file is empty; expected "
                            + (hint == null
                                    ? "a shape file (PLY, OBJ, OFF, STL, GLB, XYZ/PTS or NPY)"
                                    : hint + " content"));
        }
        if (TextLines.isUtf16(data)) data = TextLines.utf16ToUtf8(data);
        ShapeFormat f = detect(data, file);
        return switch (f) {
            case PLY -> PlyReader.parse(data, file);
            case NPY -> NpyReader.parse(data, file);
            case OFF -> OffReader.parse(data, file);
            case OBJ -> ObjReader.parse(data, file);
            case STL -> StlReader.parse(data, file);
            case GLB -> GlbReader.parse(data, file);
            case XYZ, PTS -> XyzReader.parse(data, file, f);
        };
    }

    /**
     * The format of some content: {@code ply}, {@code \x93NUMPY} or {@code glTF} magic, a binary STL (exactly the
     * size its triangle count declares), {@code solid} as the first word (ASCII STL), an {@code OFF} keyword as the
     * first word (after comments), OBJ when any line starts with {@code v } or {@code f }, otherwise XYZ text (PTS
     * when the file is named {@code .pts}). The word {@code solid} alone does not make a file STL: binary STL headers
     * often start with it, so the size test comes first.
     */
    public static ShapeFormat detect(byte[] data, Path file) {
        if (startsWith(data, 0, "ply") && data.length > 3 && (data[3] == '\n' || data[3] == '\r'))
            return ShapeFormat.PLY;
        if (startsWith(data, 0, NpyReader.MAGIC)) return ShapeFormat.NPY;
        if (GlbReader.hasMagic(data)) return ShapeFormat.GLB;
        if (StlReader.isBinary(data)) return ShapeFormat.STL;
        ShapeFormat hint = ShapeFormat.fromExtension(file);
        if (StlReader.startsWithSolid(data)) return ShapeFormat.STL;
        if (firstWordIsOff(data)) return ShapeFormat.OFF;
        if (hasObjStatement(data)) return ShapeFormat.OBJ;
        // Garbled magic: trust the extension for structured formats so the error message speaks about the right one.
        if (hint != null && hint != ShapeFormat.XYZ) return hint;
        return ShapeFormat.XYZ;
    }

    private static boolean firstWordIsOff(byte[] d) {
        int i = 0;
        if (startsWith(d, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})) i = 3;
        while (i < d.length) {
            while (i < d.length && isSpace(d[i])) i++;
            if (i < d.length && d[i] == '#') {
                while (i < d.length && d[i] != '\n') i++;
                continue;
            }
            break;
        }
        int start = i;
        while (i < d.length && Character.isLetterOrDigit(d[i])) i++;
        // A prefix such as C, N, ST or 4 may precede the keyword, and the counts may follow it unspaced (ModelNet).
        return new String(d, start, i - start, StandardCharsets.ISO_8859_1).matches("[STCNn4]*OFF[0-9]*");
    }

    private static boolean hasObjStatement(byte[] d) {
        int i = startsWith(d, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}) ? 3 : 0;
        while (i < d.length) {
            while (i < d.length && (d[i] == ' ' || d[i] == '\t')) i++;
            if (i + 1 < d.length && (d[i] == 'v' || d[i] == 'f') && (d[i + 1] == ' ' || d[i + 1] == '\t')) return true;
            while (i < d.length && d[i] != '\n') i++;
            i++;
        }
        return false;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static boolean startsWith(byte[] d, int at, String s) {
        return startsWith(d, at, s.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] d, int at, byte[] p) {
        if (d.length - at < p.length) return false;
        for (int i = 0; i < p.length; i++) if (d[at + i] != p[i]) return false;
        return true;
    }

    /**
     * Writes a point cloud; PLY is binary little-endian, NPY float32, OFF/OBJ hold vertices only; STL/GLB are refused.
     */
    public static void write(Path file, PointCloud cloud, ShapeFormat format) throws IOException {
        Objects.requireNonNull(cloud, "cloud");
        if (format.meshOnly()) {
            throw new IllegalArgumentException("ShapeFiles.write: " + format
                    + " holds only meshes; write the cloud as PLY, XYZ, PTS, NPY, OBJ or OFF");
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            switch (format) {
                case PLY -> PlyWriter.write(out, cloud, PlyEncoding.BINARY_LITTLE_ENDIAN);
                case OBJ -> ObjWriter.write(out, cloud);
                case OFF -> OffWriter.write(out, cloud);
                case XYZ -> TextPointWriter.writeXyz(out, cloud);
                case STL, GLB -> throw new AssertionError(format);
                case PTS -> TextPointWriter.writePts(out, cloud);
                case NPY -> NpyWriter.write(out, cloud);
            }
        }
    }

    /**
     * Writes a mesh in a mesh format (PLY binary little-endian, OBJ, OFF or binary STL); point formats are rejected.
     */
    public static void write(Path file, Mesh mesh, ShapeFormat format) throws IOException {
        Objects.requireNonNull(mesh, "mesh");
        if (format != ShapeFormat.PLY
                && format != ShapeFormat.OBJ
                && format != ShapeFormat.OFF
                && format != ShapeFormat.STL) {
            throw new IllegalArgumentException("ShapeFiles.write: " + format
                    + " cannot be written as a mesh; use PLY, OBJ, OFF or STL (or sample the mesh first)");
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            switch (format) {
                case PLY -> PlyWriter.write(out, mesh, PlyEncoding.BINARY_LITTLE_ENDIAN);
                case OBJ -> ObjWriter.write(out, mesh);
                case STL -> StlWriter.writeBinary(out, mesh);
                default -> OffWriter.write(out, mesh);
            }
        }
    }

    /** Writes a point cloud in the format named by the file's extension. */
    public static void write(Path file, PointCloud cloud) throws IOException {
        write(file, cloud, formatFor(file));
    }

    /** Writes a mesh in the format named by the file's extension. */
    public static void write(Path file, Mesh mesh) throws IOException {
        write(file, mesh, formatFor(file));
    }

    private static ShapeFormat formatFor(Path file) {
        ShapeFormat f = ShapeFormat.fromExtension(file);
        if (f == null)
            throw new IllegalArgumentException("ShapeFiles.write: cannot tell the format from '" + file
                    + "'; expected .ply, .obj, .off, .xyz, .pts or .npy");
        return f;
    }

    /** Reads a whole file, refusing files too large for one array instead of failing with OutOfMemoryError. */
    static byte[] readBytes(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw ShapeFormatException.general(
                    file, "file is " + size + " bytes; at most " + MAX_FILE_BYTES + " bytes are supported");
        }
        return Files.readAllBytes(file);
    }
}
