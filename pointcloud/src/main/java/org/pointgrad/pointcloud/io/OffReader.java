package org.pointgrad.pointcloud.io;

import java.io.IOException;
import java.nio.file.Path;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Reads OFF files: a header keyword ({@code OFF}, or a variant such as {@code COFF}, {@code NOFF}, {@code CNOFF},
 * {@code STOFF}), the counts {@code nv nf [ne]} either on their own line or on the header line (including the
 * ModelNet quirk {@code OFF490 518 0} with no space), then nv vertex lines (first three values used) and nf face
 * lines {@code k i1 .. ik [colour]} (0-based, ear-clipped by {@link PolygonTriangulator}). '#' comments and blank lines
 * are ignored.
 * A file with no faces is returned as a point cloud.
 */
public final class OffReader {
    private OffReader() {}

    /** Reads an OFF file. */
    public static ShapeData read(Path file) throws IOException {
        return parse(ShapeFiles.readBytes(file), file);
    }

    /** Parses OFF content; {@code file} only names the source in error messages (may be null). */
    public static ShapeData parse(byte[] data, Path file) throws ShapeFormatException {
        if (data.length == 0) throw ShapeFormatException.atByte(file, 0, "file is empty; expected an 'OFF' header");
        TextLines lines = TextLines.decode(file, data, 0, 1);
        String[] t = nextTokens(lines);
        if (t == null) throw ShapeFormatException.general(file, "no content; expected an 'OFF' header");
        String first = t[0];
        int k = first.indexOf("OFF");
        if (k < 0 || !first.substring(0, k).matches("[STCNn4]*")) {
            throw lines.error("header is '" + TextLines.abbreviate(first) + "'; expected 'OFF' (or COFF, NOFF, ...)");
        }
        String[] counts;
        String rest = first.substring(k + 3);
        if (!rest.isEmpty() || t.length > 1) {
            // Counts on the header line, possibly glued to the keyword.
            String[] tail = new String[t.length - 1 + (rest.isEmpty() ? 0 : 1)];
            int j = 0;
            if (!rest.isEmpty()) tail[j++] = rest;
            for (int i = 1; i < t.length; i++) tail[j++] = t[i];
            counts = tail;
        } else {
            counts = nextTokens(lines);
            if (counts == null) throw lines.error("file ended after the header; expected a counts line 'nv nf ne'");
        }
        if (counts.length < 2) throw lines.error("counts line has " + counts.length + " values; expected 'nv nf [ne]'");
        int countLine = lines.lineNumber();
        int nv = lines.integer(counts[0], "the vertex count");
        int nf = lines.integer(counts[1], "the face count");
        if (nv < 0 || nf < 0) throw lines.error("negative vertex or face count (" + nv + ", " + nf + ")");
        if (nv == 0) throw lines.error("vertex count is 0; expected at least one vertex");
        // Arrays grow with the lines actually present, so a huge declared count cannot exhaust memory.
        FloatList v = new FloatList();
        for (int i = 0; i < nv; i++) {
            String[] r = nextTokens(lines);
            if (r == null)
                throw lines.error("file ended after " + i + " of " + nv + " vertex lines (count declared on line "
                        + countLine + ")");
            if (r.length < 3) throw lines.error("vertex " + i + " has " + r.length + " values; expected 'x y z'");
            for (int d = 0; d < 3; d++) v.add(lines.coordinate(r[d], "vertex coordinate"));
        }
        float[] xyz = v.toArray();
        IntList tris = new IntList();
        int[] poly = new int[16];
        for (int f = 0; f < nf; f++) {
            String[] r = nextTokens(lines);
            if (r == null)
                throw lines.error("file ended after " + f + " of " + nf + " face lines (count declared on line "
                        + countLine + ")");
            int n = lines.integer(r[0], "the face's vertex count");
            if (n < 3) throw lines.error("face " + f + " has " + n + " vertices; expected at least 3");
            if (r.length - 1 < n)
                throw lines.error("face " + f + " declares " + n + " vertices but lists " + (r.length - 1));
            if (n > poly.length) poly = new int[n];
            for (int i = 0; i < n; i++) poly[i] = index(lines, r[i + 1], nv, f);
            PolygonTriangulator.triangulate(xyz, poly, n, tris);
        }
        String[] extra = nextTokens(lines);
        if (extra != null) {
            throw lines.error("unexpected data after " + nv + " vertices and " + nf
                    + " faces; check the counts on line " + countLine);
        }
        if (tris.size() > 0) return ShapeData.ofMesh(file, ShapeFormat.OFF, new Mesh(xyz, tris.toArray()));
        return ShapeData.ofPoints(file, ShapeFormat.OFF, new PointCloud(xyz));
    }

    private static int index(TextLines lines, String tok, int nv, int face) throws ShapeFormatException {
        int i = lines.integer(tok, "a vertex index");
        if (i < 0 || i >= nv) throw lines.error("face " + face + " vertex index " + i + " is outside [0, " + nv + ")");
        return i;
    }

    private static String[] nextTokens(TextLines lines) {
        while (lines.next()) {
            String[] t = TextLines.tokens(TextLines.stripHashComment(lines.line()), false);
            if (t.length > 0) return t;
        }
        return null;
    }
}
