package org.pointgrad.pointcloud.io;

import java.io.IOException;
import java.nio.file.Path;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Reads Wavefront OBJ geometry: {@code v x y z [w ...]} vertices and {@code f} faces whose corners are
 * {@code v}, {@code v/vt}, {@code v//vn} or {@code v/vt/vn}, 1-based or negative (relative to the vertices seen so
 * far), across any number of objects and groups (all merged into one mesh). Polygons are ear-clipped in their plane
 * ({@link PolygonTriangulator}), so concave n-gons are triangulated exactly. Comments and all other statements
 * (vt, vn, g, o, s, usemtl, mtllib, line and point elements, ...) are ignored; a line ending in a backslash continues
 * on the next line. A file without faces is returned as a point cloud of its vertices.
 */
public final class ObjReader {
    private ObjReader() {}

    /** Reads an OBJ file. */
    public static ShapeData read(Path file) throws IOException {
        return parse(ShapeFiles.readBytes(file), file);
    }

    /** Parses OBJ content; {@code file} only names the source in error messages (may be null). */
    public static ShapeData parse(byte[] data, Path file) throws ShapeFormatException {
        if (data.length == 0)
            throw ShapeFormatException.atByte(file, 0, "file is empty; expected OBJ 'v' and 'f' lines");
        Statements s = new Statements();
        // The byte scanner reads the usual all-ASCII file; whatever it does not accept, the text path reads again,
        // so decoding, Unicode whitespace and every error message are decided there alone.
        if (!ObjByteScanner.scan(data, s)) {
            s = new Statements();
            readText(data, file, s);
        }
        return build(s, file);
    }

    /** Parses OBJ content through decoded text lines only; the reference the byte scanner is tested against. */
    static ShapeData parseText(byte[] data, Path file) throws ShapeFormatException {
        if (data.length == 0)
            throw ShapeFormatException.atByte(file, 0, "file is empty; expected OBJ 'v' and 'f' lines");
        Statements s = new Statements();
        readText(data, file, s);
        return build(s, file);
    }

    /**
     * The vertex and face statements of a file. Positive indices may refer to vertices defined later, so faces are
     * range-checked and triangulated at the end; each face keeps its first corner's offset and its line for that
     * message.
     */
    static final class Statements {
        final FloatList v = new FloatList();
        final IntList corners = new IntList();
        final IntList faceStart = new IntList();
        final IntList faceLine = new IntList();
    }

    private static void readText(byte[] data, Path file, Statements s) throws ShapeFormatException {
        TextLines lines = TextLines.decode(file, data, 0, 1);
        FloatList v = s.v;
        String pending = null;
        while (lines.next()) {
            String text = TextLines.stripHashComment(lines.line());
            if (pending != null) text = pending + " " + text;
            if (text.endsWith("\\")) {
                pending = text.substring(0, text.length() - 1);
                continue;
            }
            pending = null;
            String[] t = TextLines.tokens(text, false);
            if (t.length == 0) continue;
            if (t[0].equals("v")) {
                if (t.length < 4) throw lines.error("vertex has " + (t.length - 1) + " values; expected 'v x y z'");
                for (int d = 1; d <= 3; d++) v.add(lines.coordinate(t[d], "vertex coordinate"));
            } else if (t[0].equals("f")) {
                int k = t.length - 1;
                if (k < 3) throw lines.error("face has " + k + " vertices; expected at least 3");
                int defined = v.size() / 3;
                s.faceStart.add(s.corners.size());
                s.faceLine.add(lines.lineNumber());
                for (int i = 0; i < k; i++) {
                    String corner = t[i + 1];
                    int slash = corner.indexOf('/');
                    String idx = slash < 0 ? corner : corner.substring(0, slash);
                    int raw =
                            lines.integer(idx, "a vertex index in face corner '" + TextLines.abbreviate(corner) + "'");
                    if (raw == 0) throw lines.error("vertex index 0 in face; OBJ indices start at 1 (or are negative)");
                    int abs = raw > 0 ? raw - 1 : defined + raw;
                    if (abs < 0)
                        throw lines.error("relative vertex index " + raw + " points before the first vertex (" + defined
                                + " defined so far)");
                    s.corners.add(abs);
                }
            }
        }
    }

    private static ShapeData build(Statements s, Path file) throws ShapeFormatException {
        FloatList v = s.v;
        IntList corners = s.corners, faceStart = s.faceStart, faceLine = s.faceLine;
        int nv = v.size() / 3;
        if (nv == 0)
            throw ShapeFormatException.general(file, "no 'v x y z' vertex lines; expected at least one vertex");
        for (int f = 0; f < faceStart.size(); f++) {
            int end = f + 1 < faceStart.size() ? faceStart.get(f + 1) : corners.size();
            for (int i = faceStart.get(f); i < end; i++) {
                if (corners.get(i) >= nv) {
                    throw ShapeFormatException.atLine(
                            file,
                            faceLine.get(f),
                            "face refers to vertex " + (corners.get(i) + 1) + " but the file has only " + nv
                                    + " vertices");
                }
            }
        }
        if (faceStart.size() == 0) return ShapeData.ofPoints(file, ShapeFormat.OBJ, new PointCloud(v.toArray()));
        float[] xyz = v.toArray();
        IntList tris = new IntList();
        int[] all = corners.toArray();
        int[] poly = new int[16];
        for (int f = 0; f < faceStart.size(); f++) {
            int start = faceStart.get(f), k = (f + 1 < faceStart.size() ? faceStart.get(f + 1) : all.length) - start;
            if (k > poly.length) poly = new int[k];
            System.arraycopy(all, start, poly, 0, k);
            PolygonTriangulator.triangulate(xyz, poly, k, tris);
        }
        return ShapeData.ofMesh(file, ShapeFormat.OBJ, new Mesh(xyz, tris.toArray()));
    }
}
