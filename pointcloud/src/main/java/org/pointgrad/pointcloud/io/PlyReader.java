package org.pointgrad.pointcloud.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Reads Stanford PLY files (ascii, binary_little_endian, binary_big_endian).
 * The vertex element must have x, y, z (any numeric type); nx, ny, nz are read as normals when all three are
 * present; other properties and other elements are skipped. A face element's {@code vertex_indices} (or
 * {@code vertex_index}) list is ear-clipped ({@link PolygonTriangulator}). With at least one face the result is a
 * mesh (normals dropped), otherwise a point cloud. Two exporter quirks are accepted: a bare text line between the
 * format line and the first element (a comment without the {@code comment} keyword), and in ASCII a list declared
 * as an element's last property but missing from its lines (read as empty).
 */
public final class PlyReader {
    private PlyReader() {}

    /** One "property" header line. */
    private record Property(String name, PlyType type, PlyType countType, int headerLine) {
        boolean isList() {
            return countType != null;
        }
    }

    /** One "element" header line and its properties. */
    private record Element(String name, long count, List<Property> properties, int headerLine) {
        /** Bytes one element needs at least in binary (lists counted as empty). */
        long minBinarySize() {
            long s = 0;
            for (Property p : properties) s += p.isList() ? p.countType.size : p.type.size;
            return s;
        }

        boolean fixedSize() {
            for (Property p : properties) if (p.isList()) return false;
            return true;
        }

        int indexOf(String n) {
            for (int i = 0; i < properties.size(); i++)
                if (properties.get(i).name.equals(n)) return i;
            return -1;
        }
    }

    private record Header(PlyEncoding encoding, List<Element> elements, int dataOffset, int lines) {}

    /** Reads a PLY file. */
    public static ShapeData read(Path file) throws IOException {
        return parse(ShapeFiles.readBytes(file), file);
    }

    /** Parses PLY content; {@code file} only names the source in error messages (may be null). */
    public static ShapeData parse(byte[] data, Path file) throws ShapeFormatException {
        Header h = parseHeader(data, file);
        Element vertex = null, face = null;
        for (Element e : h.elements) {
            if (e.name.equals("vertex") && vertex == null) vertex = e;
            else if (e.name.equals("face") && face == null) face = e;
        }
        if (vertex == null) throw ShapeFormatException.general(file, "header declares no 'vertex' element");
        for (String axis : new String[] {"x", "y", "z"}) {
            int i = vertex.indexOf(axis);
            if (i < 0)
                throw ShapeFormatException.atLine(
                        file, vertex.headerLine, "vertex element has no '" + axis + "' property");
            if (vertex.properties.get(i).isList()) {
                throw ShapeFormatException.atLine(
                        file,
                        vertex.properties.get(i).headerLine,
                        "vertex property '" + axis + "' is a list; expected a scalar");
            }
        }
        if (vertex.count > (Integer.MAX_VALUE - 8) / 3) {
            throw ShapeFormatException.atLine(
                    file,
                    vertex.headerLine,
                    "vertex count " + vertex.count + " is too large (at most " + (Integer.MAX_VALUE - 8) / 3 + ")");
        }
        if (face != null) {
            int fi = faceListIndex(face);
            if (fi < 0)
                throw ShapeFormatException.atLine(
                        file, face.headerLine, "face element has no 'vertex_indices' or 'vertex_index' property");
            if (!face.properties.get(fi).isList()) {
                throw ShapeFormatException.atLine(
                        file,
                        face.properties.get(fi).headerLine,
                        "face property '"
                                + face.properties.get(fi).name
                                + "' is not a list; expected 'property list <count type> <index type>'");
            }
        }
        Body body = h.encoding == PlyEncoding.ASCII ? new AsciiBody(data, h, file) : new BinaryBody(data, h, file);
        return body.read(vertex, face);
    }

    /**
     * Streams the vertices of a binary PLY point cloud (its first element is a fixed-size {@code vertex}, and it has no
     * faces) into {@code into}, reading about {@code chunkBytes} at a time; {@code head} is the file's start, holding
     * at least the whole header, and {@code in} is positioned right after {@code head}. Returns false, having read
     * nothing from {@code in}, when the file is not of that kind (the caller then reads it whole).
     */
    static boolean streamPoints(
            byte[] head, InputStream in, long fileSize, Path file, PointReservoir into, int chunkBytes)
            throws IOException {
        Header h;
        try {
            h = parseHeader(head, file);
        } catch (ShapeFormatException e) {
            return false;
        }
        if (h.encoding == PlyEncoding.ASCII || h.elements.isEmpty()) return false;
        Element vertex = h.elements.get(0);
        if (!vertex.name.equals("vertex") || !vertex.fixedSize()) return false;
        for (Element e : h.elements) if (e.name.equals("face") && e.count > 0) return false;
        int ix = vertex.indexOf("x"), iy = vertex.indexOf("y"), iz = vertex.indexOf("z");
        if (ix < 0 || iy < 0 || iz < 0) return false;
        int inx = vertex.indexOf("nx"), iny = vertex.indexOf("ny"), inz = vertex.indexOf("nz");
        boolean normals = inx >= 0 && iny >= 0 && inz >= 0;
        int rec = (int) vertex.minBinarySize();
        int[] offset = new int[vertex.properties.size()];
        for (int p = 1; p < offset.length; p++) offset[p] = offset[p - 1] + vertex.properties.get(p - 1).type.size;
        long need = h.dataOffset + vertex.count * rec;
        if (need > fileSize) {
            throw ShapeFormatException.atByte(
                    file,
                    fileSize,
                    "file truncated in element 'vertex': the header declares " + vertex.count
                            + " entries of " + rec + " bytes starting at byte " + h.dataOffset + ", which end at byte "
                            + need
                            + ", but the file ends at byte " + fileSize);
        }
        int perChunk = Math.max(1, chunkBytes / rec);
        byte[] buf = new byte[perChunk * rec];
        ByteBuffer b = ByteBuffer.wrap(buf).order(h.encoding.order);
        int fromHead = head.length - h.dataOffset;
        int[] axes = normals ? new int[] {ix, iy, iz, inx, iny, inz} : new int[] {ix, iy, iz};
        float[] v = new float[axes.length];
        for (long done = 0; done < vertex.count; ) {
            int k = (int) Math.min(perChunk, vertex.count - done);
            int len = k * rec, got = 0;
            if (fromHead > 0) {
                got = Math.min(fromHead, len);
                System.arraycopy(head, head.length - fromHead, buf, 0, got);
                fromHead -= got;
            }
            got += in.readNBytes(buf, got, len - got);
            if (got < len)
                throw ShapeFormatException.atByte(
                        file, h.dataOffset + done * rec + got, "file ended inside the vertex data");
            for (int i = 0; i < k; i++) {
                for (int a = 0; a < axes.length; a++) {
                    Property p = vertex.properties.get(axes[a]);
                    b.position(i * rec + offset[axes[a]]);
                    double d = p.type.read(b);
                    long at = h.dataOffset + (done + i) * rec + offset[axes[a]];
                    long index = done + i;
                    v[a] = Numbers.finiteFloat(
                            d,
                            () -> ShapeFormatException.atByte(
                                    file,
                                    at,
                                    "vertex " + index
                                            + " property '"
                                            + p.name + "' is " + d + "; expected a finite float"));
                }
                into.add(v[0], v[1], v[2], normals ? v : null, 3);
            }
            done += k;
        }
        return true;
    }

    private static int faceListIndex(Element face) {
        int i = face.indexOf("vertex_indices");
        return i >= 0 ? i : face.indexOf("vertex_index");
    }

    private static Header parseHeader(byte[] data, Path file) throws ShapeFormatException {
        if (data.length == 0)
            throw ShapeFormatException.atByte(file, 0, "file is empty; expected a PLY header starting with 'ply'");
        int pos = 0, lineNo = 0;
        PlyEncoding enc = null;
        List<Element> elements = new ArrayList<>();
        List<Property> current = null;
        while (true) {
            if (pos >= data.length) {
                throw ShapeFormatException.atByte(file, pos, "file ended inside the header; expected 'end_header'");
            }
            int end = pos;
            while (end < data.length && data[end] != '\n') {
                int b = data[end] & 0xff;
                if (b >= 0x80 || b == 0) {
                    throw ShapeFormatException.atByte(
                            file,
                            end,
                            "non-ASCII byte 0x" + Integer.toHexString(b) + " in the PLY header (line " + (lineNo + 1)
                                    + "); expected ASCII text");
                }
                end++;
            }
            if (end >= data.length) {
                throw ShapeFormatException.atByte(
                        file,
                        end,
                        "file ended inside the header (line " + (lineNo + 1)
                                + "); expected 'end_header' followed by a newline");
            }
            int stop = end > pos && data[end - 1] == '\r' ? end - 1 : end;
            String line = new String(data, pos, stop - pos, StandardCharsets.US_ASCII);
            lineNo++;
            pos = end + 1;
            String[] t = TextLines.tokens(line, false);
            if (lineNo == 1) {
                if (!line.strip().equals("ply"))
                    throw ShapeFormatException.atLine(
                            file, 1, "first line is '" + TextLines.abbreviate(line) + "'; expected 'ply'");
                continue;
            }
            if (t.length == 0) continue;
            switch (t[0]) {
                case "comment", "obj_info" -> {}
                case "format" -> {
                    if (t.length != 3)
                        throw ShapeFormatException.atLine(
                                file, lineNo, "expected 'format <ascii|binary_little_endian|binary_big_endian> 1.0'");
                    enc = PlyEncoding.parse(t[1]);
                    if (enc == null)
                        throw ShapeFormatException.atLine(
                                file,
                                lineNo,
                                "unknown format '"
                                        + TextLines.abbreviate(t[1])
                                        + "'; expected ascii, binary_little_endian or binary_big_endian");
                    if (!t[2].equals("1.0") && !t[2].equals("1"))
                        throw ShapeFormatException.atLine(
                                file,
                                lineNo,
                                "unsupported PLY version '" + TextLines.abbreviate(t[2]) + "'; expected 1.0");
                }
                case "element" -> {
                    if (t.length != 3)
                        throw ShapeFormatException.atLine(file, lineNo, "expected 'element <name> <count>'");
                    long count;
                    try {
                        count = Long.parseLong(t[2]);
                    } catch (NumberFormatException e) {
                        count = -1;
                    }
                    if (count < 0)
                        throw ShapeFormatException.atLine(
                                file,
                                lineNo,
                                "element count '" + TextLines.abbreviate(t[2]) + "' is not a non-negative integer");
                    current = new ArrayList<>();
                    elements.add(new Element(t[1], count, current, lineNo));
                }
                case "property" -> {
                    if (current == null)
                        throw ShapeFormatException.atLine(
                                file, lineNo, "property before any element; expected 'element <name> <count>' first");
                    if (t.length >= 2 && t[1].equals("list")) {
                        if (t.length != 5)
                            throw ShapeFormatException.atLine(
                                    file, lineNo, "expected 'property list <count type> <item type> <name>'");
                        PlyType ct = type(t[2], file, lineNo), it = type(t[3], file, lineNo);
                        if (!ct.isInteger())
                            throw ShapeFormatException.atLine(
                                    file, lineNo, "list count type '" + t[2] + "' is not an integer type");
                        current.add(new Property(t[4], it, ct, lineNo));
                    } else {
                        if (t.length != 3)
                            throw ShapeFormatException.atLine(file, lineNo, "expected 'property <type> <name>'");
                        current.add(new Property(t[2], type(t[1], file, lineNo), null, lineNo));
                    }
                }
                case "end_header" -> {
                    if (enc == null)
                        throw ShapeFormatException.atLine(file, lineNo, "'end_header' before a 'format' line");
                    return new Header(enc, elements, pos, lineNo);
                }
                default -> {
                    // Some exporters write a bare comment line ("Created by ...") after the format line; before the
                    // first element it cannot change how the data is laid out, so it is read as a comment.
                    if (enc == null || !elements.isEmpty()) {
                        throw ShapeFormatException.atLine(
                                file,
                                lineNo,
                                "unknown header keyword '"
                                        + TextLines.abbreviate(t[0])
                                        + "'; expected format, comment, obj_info, element, property or end_header");
                    }
                }
            }
        }
    }

    private static PlyType type(String word, Path file, int line) throws ShapeFormatException {
        PlyType t = PlyType.parse(word);
        if (t == null)
            throw ShapeFormatException.atLine(
                    file,
                    line,
                    "unknown property type '"
                            + TextLines.abbreviate(word)
                            + "'; expected one of char, uchar, short, ushort, int, uint, float, double"
                            + " (or int8..float64)");
        return t;
    }

    /** Reads the body; the two encodings share the element walk and differ in how values are fetched. */
    private abstract static class Body {
        final Header h;
        final Path file;
        float[] xyz;
        float[] normals;
        final IntList triangles = new IntList();
        long vertexCount;

        Body(Header h, Path file) {
            this.h = h;
            this.file = file;
        }

        ShapeData read(Element vertex, Element face) throws ShapeFormatException {
            vertexCount = vertex.count;
            for (Element e : h.elements) {
                checkFits(e);
                if (e == vertex) readVertices(e);
                else if (e == face) readFaces(e);
                else skip(e);
            }
            finish();
            if (face != null && triangles.size() > 0) {
                return ShapeData.ofMesh(file, ShapeFormat.PLY, new Mesh(xyz, triangles.toArray()));
            }
            return ShapeData.ofPoints(file, ShapeFormat.PLY, new PointCloud(xyz, normals));
        }

        private void readVertices(Element e) throws ShapeFormatException {
            int n = (int) e.count;
            int ix = e.indexOf("x"), iy = e.indexOf("y"), iz = e.indexOf("z");
            int inx = e.indexOf("nx"), iny = e.indexOf("ny"), inz = e.indexOf("nz");
            boolean hasNormals = inx >= 0
                    && iny >= 0
                    && inz >= 0
                    && !e.properties.get(inx).isList()
                    && !e.properties.get(iny).isList()
                    && !e.properties.get(inz).isList();
            xyz = new float[3 * n];
            normals = hasNormals ? new float[3 * n] : null;
            int np = e.properties.size();
            for (int v = 0; v < n; v++) {
                startElement(e, v);
                for (int p = 0; p < np; p++) {
                    Property prop = e.properties.get(p);
                    if (prop.isList()) {
                        skipList(e, v, prop);
                        continue;
                    }
                    double d = scalar(e, v, prop);
                    if (p == ix) xyz[3 * v] = coordinate(d, e, v, prop);
                    else if (p == iy) xyz[3 * v + 1] = coordinate(d, e, v, prop);
                    else if (p == iz) xyz[3 * v + 2] = coordinate(d, e, v, prop);
                    else if (hasNormals && p == inx) normals[3 * v] = coordinate(d, e, v, prop);
                    else if (hasNormals && p == iny) normals[3 * v + 1] = coordinate(d, e, v, prop);
                    else if (hasNormals && p == inz) normals[3 * v + 2] = coordinate(d, e, v, prop);
                }
                endElement(e, v);
            }
        }

        private float coordinate(double d, Element e, int v, Property p) throws ShapeFormatException {
            return Numbers.finiteFloat(
                    d,
                    () -> error(e.name + " " + v + " property '" + p.name + "' is " + d + "; expected a finite float"));
        }

        private void readFaces(Element e) throws ShapeFormatException {
            int li = faceListIndex(e);
            int[] poly = new int[16];
            for (long f = 0; f < e.count; f++) {
                startElement(e, f);
                for (int p = 0; p < e.properties.size(); p++) {
                    Property prop = e.properties.get(p);
                    if (p != li) {
                        if (prop.isList()) skipList(e, f, prop);
                        else scalar(e, f, prop);
                        continue;
                    }
                    long k = listCount(e, f, prop);
                    if (k < 3) throw error("face " + f + " has " + k + " vertices; expected at least 3");
                    if (k > poly.length) poly = new int[(int) k];
                    for (int i = 0; i < k; i++) {
                        double d = scalar(e, f, prop);
                        if (d < 0 || d >= vertexCount || d != Math.rint(d)) {
                            throw error(
                                    "face " + f + " vertex index " + (long) d + " is outside [0, " + vertexCount + ")");
                        }
                        poly[i] = (int) d;
                    }
                    PolygonTriangulator.triangulate(xyz, poly, (int) k, triangles);
                }
                endElement(e, f);
            }
        }

        private void skip(Element e) throws ShapeFormatException {
            if (e.properties.isEmpty()) return;
            if (skipFixed(e)) return;
            for (long i = 0; i < e.count; i++) {
                startElement(e, i);
                for (Property p : e.properties) {
                    if (p.isList()) skipList(e, i, p);
                    else scalar(e, i, p);
                }
                endElement(e, i);
            }
        }

        /** Rejects a declared count the remaining data cannot hold, before anything is allocated for it. */
        abstract void checkFits(Element e) throws ShapeFormatException;

        /** Skips a whole fixed-size element block at once when the encoding allows it. */
        abstract boolean skipFixed(Element e) throws ShapeFormatException;

        abstract void startElement(Element e, long index) throws ShapeFormatException;

        abstract void endElement(Element e, long index) throws ShapeFormatException;

        abstract double scalar(Element e, long index, Property p) throws ShapeFormatException;

        /** Reads a list's item count, checking the items can fit in what remains. */
        abstract long listCount(Element e, long index, Property p) throws ShapeFormatException;

        void skipList(Element e, long index, Property p) throws ShapeFormatException {
            long k = listCount(e, index, p);
            for (long i = 0; i < k; i++) scalar(e, index, p);
        }

        abstract void finish() throws ShapeFormatException;

        abstract ShapeFormatException error(String detail);
    }

    private static final class BinaryBody extends Body {
        private final ByteBuffer buf;

        BinaryBody(byte[] data, Header h, Path file) {
            super(h, file);
            buf = ByteBuffer.wrap(data).order(h.encoding.order);
            buf.position(h.dataOffset);
        }

        @Override
        void checkFits(Element e) throws ShapeFormatException {
            long min = e.minBinarySize();
            if (min > 0 && e.count > buf.remaining() / min) {
                if (e.fixedSize()) {
                    // Name the entry and property the file ends in, as a reader walking the data would.
                    long entry = buf.remaining() / min, within = buf.remaining() % min;
                    Property at = e.properties.get(0);
                    for (Property p : e.properties) {
                        at = p;
                        if (within < p.type.size) break;
                        within -= p.type.size;
                    }
                    throw ShapeFormatException.atByte(
                            file,
                            buf.limit(),
                            "file truncated in element '" + e.name
                                    + "' #" + entry
                                    + ", property '" + at.name + "': the header declares " + e.count + " entries of "
                                    + min
                                    + " bytes starting at byte " + buf.position() + ", but the file ends at byte "
                                    + buf.limit());
                }
                throw ShapeFormatException.atByte(
                        file,
                        buf.position(),
                        "element '" + e.name + "' declares " + e.count
                                + " entries of at least " + min + " bytes each, but only " + buf.remaining()
                                + " bytes remain (truncated file or wrong count)");
            }
        }

        @Override
        boolean skipFixed(Element e) {
            if (!e.fixedSize()) return false;
            buf.position(buf.position() + (int) (e.count * e.minBinarySize()));
            return true;
        }

        @Override
        void startElement(Element e, long index) {}

        @Override
        void endElement(Element e, long index) {}

        private void need(int bytes, Element e, long index, Property p) throws ShapeFormatException {
            if (buf.remaining() < bytes) {
                throw ShapeFormatException.atByte(
                        file,
                        buf.position(),
                        "file truncated in element '" + e.name + "' #"
                                + index
                                + ", property '" + p.name + "': needs " + bytes + " bytes, " + buf.remaining()
                                + " remain");
            }
        }

        @Override
        double scalar(Element e, long index, Property p) throws ShapeFormatException {
            need(p.type.size, e, index, p);
            return p.type.read(buf);
        }

        @Override
        long listCount(Element e, long index, Property p) throws ShapeFormatException {
            need(p.countType.size, e, index, p);
            long at = buf.position();
            long k = (long) p.countType.read(buf);
            if (k < 0)
                throw ShapeFormatException.atByte(
                        file,
                        at,
                        "element '" + e.name + "' #" + index + " list '" + p.name + "' has negative length " + k);
            if (k > buf.remaining() / p.type.size) {
                throw ShapeFormatException.atByte(
                        file,
                        at,
                        "element '" + e.name + "' #" + index + " list '" + p.name
                                + "' declares " + k
                                + " items of " + p.type.size + " bytes, but only " + buf.remaining() + " bytes remain");
            }
            return k;
        }

        @Override
        void skipList(Element e, long index, Property p) throws ShapeFormatException {
            long k = listCount(e, index, p);
            buf.position(buf.position() + (int) (k * p.type.size));
        }

        @Override
        void finish() {}

        @Override
        ShapeFormatException error(String detail) {
            return ShapeFormatException.atByte(file, buf.position(), detail);
        }
    }

    private static final class AsciiBody extends Body {
        private final TextLines lines;
        private String[] tokens = new String[0];
        private int next;
        private final long remainingBytes;

        AsciiBody(byte[] data, Header h, Path file) throws ShapeFormatException {
            super(h, file);
            lines = TextLines.decode(file, data, h.dataOffset, h.lines + 1);
            remainingBytes = data.length - h.dataOffset;
        }

        @Override
        void checkFits(Element e) throws ShapeFormatException {
            // Every element with properties is a non-empty line of at least 2 bytes ("0\n").
            if (!e.properties.isEmpty() && e.count > (remainingBytes + 1) / 2) {
                throw ShapeFormatException.atLine(
                        file,
                        e.headerLine,
                        "element '" + e.name + "' declares " + e.count + " entries, more than the " + remainingBytes
                                + " remaining bytes can hold");
            }
        }

        @Override
        boolean skipFixed(Element e) {
            return false;
        }

        @Override
        void startElement(Element e, long index) throws ShapeFormatException {
            do {
                if (!lines.next()) {
                    throw ShapeFormatException.atLine(
                            file,
                            Math.max(1, lines.lineNumber()),
                            "file ended after "
                                    + index + " of " + e.count
                                    + " '" + e.name + "' lines (count declared on header line " + e.headerLine + ")");
                }
                tokens = TextLines.tokens(lines.line(), false);
            } while (tokens.length == 0);
            next = 0;
        }

        @Override
        void endElement(Element e, long index) throws ShapeFormatException {
            if (next != tokens.length) {
                throw lines.error("'" + e.name + "' " + index + " has " + tokens.length + " values, expected " + next
                        + " (properties: "
                        + e.properties.stream().map(Property::name).toList() + ")");
            }
        }

        private String token(Element e, long index, Property p) throws ShapeFormatException {
            if (next >= tokens.length) {
                throw lines.error("'" + e.name + "' " + index + " ends before property '" + p.name
                        + "'; expected more values on this line");
            }
            return tokens[next++];
        }

        @Override
        double scalar(Element e, long index, Property p) throws ShapeFormatException {
            String t = token(e, index, p);
            if (p.type.isInteger()) {
                try {
                    return Long.parseLong(t);
                } catch (NumberFormatException ex) {
                    throw lines.error("'" + TextLines.abbreviate(t) + "' is not an integer; expected "
                            + p.type.headerName() + " for property '" + p.name + "'");
                }
            }
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException ex) {
                throw lines.error("'" + TextLines.abbreviate(t) + "' is not a number; expected " + p.type.headerName()
                        + " for property '" + p.name + "'");
            }
        }

        @Override
        long listCount(Element e, long index, Property p) throws ShapeFormatException {
            // A list declared last but absent from the line reads as empty: exporters that attach the face list to
            // the vertex element by mistake write vertex lines without it.
            if (next == tokens.length && p == e.properties.get(e.properties.size() - 1)) return 0;
            String t = token(e, index, p);
            long k;
            try {
                k = Long.parseLong(t);
            } catch (NumberFormatException ex) {
                k = -1;
            }
            if (k < 0)
                throw lines.error("list length '" + TextLines.abbreviate(t) + "' of property '" + p.name
                        + "' is not a non-negative integer");
            if (k > tokens.length - next) {
                throw lines.error("list '" + p.name + "' declares " + k + " items but the line has only "
                        + (tokens.length - next) + " more values");
            }
            return k;
        }

        @Override
        void finish() throws ShapeFormatException {
            while (lines.next()) {
                if (!lines.line().isBlank()) {
                    throw lines.error(
                            "unexpected data after the last declared element; check the element counts in the header");
                }
            }
        }

        @Override
        ShapeFormatException error(String detail) {
            return lines.error(detail);
        }
    }
}
