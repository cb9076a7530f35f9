package org.pointgrad.pointcloud.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;
import org.pointgrad.pointcloud.Mesh;

/**
 * Reads STL, binary or ASCII, told apart by content: a binary file is exactly {@code 84 + 50 * count} bytes (its
 * 80-byte header may well start with the word {@code solid}), anything else is ASCII text of one or more
 * {@code solid ... endsolid} blocks of {@code facet normal / outer loop / vertex x y z ... / endloop / endfacet}.
 * Facet normals are ignored (they are recomputed from the vertices wherever needed); every facet's corners become
 * their own vertices. A file with no facets is rejected: STL has no point-cloud form.
 */
public final class StlReader {
    /** Bytes before the first binary triangle: an 80-byte header and the uint32 triangle count. */
    static final int BINARY_HEADER = 84;
    /** Bytes per binary triangle: normal and three corners as float32, and a uint16 attribute word. */
    static final int BINARY_TRIANGLE = 50;

    private StlReader() {}

    /** Reads an STL file. */
    public static ShapeData read(Path file) throws IOException {
        return parse(ShapeFiles.readBytes(file), file);
    }

    /** True when the content has exactly the size a binary STL with its declared triangle count has. */
    static boolean isBinary(byte[] data) {
        if (data.length < BINARY_HEADER) return false;
        long count = ByteBuffer.wrap(data, 80, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        return BINARY_HEADER + BINARY_TRIANGLE * count == data.length;
    }

    /** True when the first word of the content is {@code solid} (the ASCII form's keyword). */
    static boolean startsWithSolid(byte[] data) {
        int i = 0;
        while (i < data.length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) i++;
        String w = "solid";
        if (data.length - i < w.length()) return false;
        for (int k = 0; k < w.length(); k++) if (data[i + k] != w.charAt(k)) return false;
        int after = i + w.length();
        return after == data.length
                || data[after] == ' '
                || data[after] == '\t'
                || data[after] == '\r'
                || data[after] == '\n';
    }

    /** Parses STL content; {@code file} only names the source in error messages (may be null). */
    public static ShapeData parse(byte[] data, Path file) throws ShapeFormatException {
        if (data.length == 0)
            throw ShapeFormatException.atByte(file, 0, "file is empty; expected a binary or ASCII STL");
        if (isBinary(data)) return parseBinary(data, file);
        if (startsWithSolid(data)) return parseAscii(data, file);
        if (data.length < BINARY_HEADER) {
            throw ShapeFormatException.atByte(
                    file,
                    data.length,
                    "file has " + data.length
                            + " bytes; a binary STL needs at least "
                            + BINARY_HEADER + " and an ASCII STL starts with 'solid'");
        }
        long count = ByteBuffer.wrap(data, 80, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        throw ShapeFormatException.atByte(
                file,
                80,
                "binary STL header declares " + count + " triangles, which need "
                        + (BINARY_HEADER + BINARY_TRIANGLE * count) + " bytes, but the file has " + data.length
                        + " (truncated or not an STL; an ASCII STL starts with 'solid')");
    }

    private static ShapeData parseBinary(byte[] data, Path file) throws ShapeFormatException {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int n = (data.length - BINARY_HEADER) / BINARY_TRIANGLE;
        if (n == 0) throw ShapeFormatException.atByte(file, 80, "binary STL declares 0 triangles; expected a mesh");
        float[] xyz = new float[9 * n];
        int[] tris = new int[3 * n];
        for (int t = 0; t < n; t++) {
            int at = BINARY_HEADER + BINARY_TRIANGLE * t + 12;
            for (int i = 0; i < 9; i++) {
                float f = b.getFloat(at + 4 * i);
                if (!Float.isFinite(f)) {
                    throw ShapeFormatException.atByte(
                            file,
                            at + 4 * i,
                            "triangle " + t + " corner " + (i / 3)
                                    + " has coordinate "
                                    + f + "; expected a finite float");
                }
                xyz[9 * t + i] = f;
            }
            for (int i = 0; i < 3; i++) tris[3 * t + i] = 3 * t + i;
        }
        return ShapeData.ofMesh(file, ShapeFormat.STL, new Mesh(xyz, tris));
    }

    private static ShapeData parseAscii(byte[] data, Path file) throws ShapeFormatException {
        TextLines lines = TextLines.decode(file, data, 0, 1);
        FloatList v = new FloatList();
        IntList tris = new IntList();
        int[] poly = new int[16];
        boolean inSolid = false, inFacet = false;
        int facetStart = 0;
        while (lines.next()) {
            String[] t = TextLines.tokens(lines.line(), false);
            if (t.length == 0) continue;
            String k = t[0].toLowerCase(Locale.ROOT);
            switch (k) {
                case "solid" -> {
                    if (inSolid) throw lines.error("'solid' inside a solid; expected 'endsolid' first");
                    inSolid = true;
                }
                case "endsolid" -> {
                    if (inFacet) throw lines.error("'endsolid' inside a facet; expected 'endfacet' first");
                    inSolid = false;
                }
                case "facet" -> {
                    if (!inSolid) throw lines.error("'facet' outside a solid; expected 'solid <name>' first");
                    if (inFacet) throw lines.error("'facet' inside a facet; expected 'endfacet' first");
                    inFacet = true;
                    facetStart = v.size() / 3;
                }
                case "outer", "endloop" -> {
                    if (!inFacet)
                        throw lines.error("'" + t[0] + "' outside a facet; expected 'facet normal nx ny nz' first");
                }
                case "vertex" -> {
                    if (!inFacet) throw lines.error("'vertex' outside a facet; expected 'facet normal nx ny nz' first");
                    if (t.length != 4)
                        throw lines.error("vertex has " + (t.length - 1) + " values; expected 'vertex x y z'");
                    for (int d = 1; d <= 3; d++) v.add(lines.coordinate(t[d], "vertex coordinate"));
                }
                case "endfacet" -> {
                    if (!inFacet) throw lines.error("'endfacet' without 'facet'");
                    int corners = v.size() / 3 - facetStart;
                    if (corners < 3) throw lines.error("facet has " + corners + " vertices; expected 3");
                    if (corners > poly.length) poly = new int[corners];
                    for (int i = 0; i < corners; i++) poly[i] = facetStart + i;
                    PolygonTriangulator.triangulate(v.backing(), poly, corners, tris);
                    inFacet = false;
                }
                default -> throw lines.error("unknown STL keyword '" + TextLines.abbreviate(t[0])
                        + "'; expected solid, facet, outer loop, vertex, endloop, endfacet or endsolid");
            }
        }
        if (inFacet) throw lines.error("file ended inside a facet; expected 'endfacet'");
        if (tris.size() == 0) throw ShapeFormatException.general(file, "ASCII STL has no facets; expected a mesh");
        return ShapeData.ofMesh(file, ShapeFormat.STL, new Mesh(v.toArray(), tris.toArray()));
    }
}
