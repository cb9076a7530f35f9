package org.pointgrad.pointcloud.io;

import java.io.IOException;
import java.nio.file.Path;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Reads Wavefront OBJ geometry: {@code v x y z [w ...]} vertices and {@code f} faces whose corners are
 * {@code v}, {@code v/vt}, {@code v//vn} or {@code v/vt/vn}, 1-based or negative (relative to the vertices seen so
 * far). Polygons are fan-triangulated. Comments and all other statements (vt, vn, g, o, s, usemtl, ...) are ignored.
 * A file without faces is returned as a point cloud of its vertices.
 */
public final class ObjReader {
    private ObjReader() {}

    /** Reads an OBJ file. */
    public static ShapeData read(Path file) throws IOException {
        return parse(ShapeFiles.readBytes(file), file);
    }

    /** Parses OBJ content; {@code file} only names the source in error messages (may be null). */
    public static ShapeData parse(byte[] data, Path file) throws ShapeFormatException {
        if (data.length == 0) throw ShapeFormatException.atByte(file, 0, "file is empty; expected OBJ 'v' and 'f' lines");
        TextLines lines = TextLines.decode(file, data, 0, 1);
        FloatList v = new FloatList();
        IntList tris = new IntList();
        // Positive indices may refer to vertices defined later, so they are range-checked at the end; this
        // remembers each triangle's line for that message.
        IntList triLine = new IntList();
        int[] poly = new int[16];
        while (lines.next()) {
            String[] t = TextLines.tokens(TextLines.stripHashComment(lines.line()), false);
            if (t.length == 0) continue;
            if (t[0].equals("v")) {
                if (t.length < 4) throw lines.error("vertex has " + (t.length - 1) + " values; expected 'v x y z'");
                for (int d = 1; d <= 3; d++) v.add(lines.coordinate(t[d], "vertex coordinate"));
            } else if (t[0].equals("f")) {
                int k = t.length - 1;
                if (k < 3) throw lines.error("face has " + k + " vertices; expected at least 3");
                if (k > poly.length) poly = new int[k];
                int defined = v.size() / 3;
                for (int i = 0; i < k; i++) {
                    String corner = t[i + 1];
                    int slash = corner.indexOf('/');
                    String idx = slash < 0 ? corner : corner.substring(0, slash);
                    int raw = lines.integer(idx, "a vertex index in face corner '" + TextLines.abbreviate(corner) + "'");
                    if (raw == 0) throw lines.error("vertex index 0 in face; OBJ indices start at 1 (or are negative)");
                    int abs = raw > 0 ? raw - 1 : defined + raw;
                    if (abs < 0) throw lines.error("relative vertex index " + raw + " points before the first vertex (" + defined + " defined so far)");
                    poly[i] = abs;
                }
                for (int i = 1; i + 1 < k; i++) {
                    tris.add(poly[0]);
                    tris.add(poly[i]);
                    tris.add(poly[i + 1]);
                    triLine.add(lines.lineNumber());
                }
            }
        }
        int nv = v.size() / 3;
        if (nv == 0) throw ShapeFormatException.general(file, "no 'v x y z' vertex lines; expected at least one vertex");
        for (int i = 0; i < tris.size(); i++) {
            if (tris.get(i) >= nv) {
                throw ShapeFormatException.atLine(file, triLine.get(i / 3), "face refers to vertex " + (tris.get(i) + 1) + " but the file has only " + nv + " vertices");
            }
        }
        if (tris.size() > 0) return ShapeData.ofMesh(file, ShapeFormat.OBJ, new Mesh(v.toArray(), tris.toArray()));
        return ShapeData.ofPoints(file, ShapeFormat.OBJ, new PointCloud(v.toArray()));
    }
}
