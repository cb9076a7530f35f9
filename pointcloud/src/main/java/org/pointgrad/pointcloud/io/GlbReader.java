package org.pointgrad.pointcloud.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.pointgrad.pointcloud.Mesh;

/**
 * Reads glTF 2.0 binary files ({@code .glb}): the triangles of every mesh primitive (modes TRIANGLES, TRIANGLE_STRIP
 * and TRIANGLE_FAN; points and lines are skipped) placed by the node transforms of the default scene, merged into
 * one mesh. Only positions and indices are read (materials, textures, normals, skins and animations are ignored);
 * buffers must live in the file's BIN chunk (external or data-URI buffers are rejected, as are required extensions
 * such as Draco compression).
 */
public final class GlbReader {
    /** "glTF" as a little-endian uint32. */
    static final int MAGIC = 0x46546C67;

    static final int CHUNK_JSON = 0x4E4F534A;
    static final int CHUNK_BIN = 0x004E4942;
    private static final int FLOAT = 5126;
    private static final int MAX_NODE_DEPTH = 64;
    /** Bounds the instancing a node graph can ask for, so a small hostile file cannot expand exponentially. */
    private static final int MAX_NODE_VISITS = 100_000;

    private final Path file;
    private final Map<String, Object> root;
    private final ByteBuffer bin;
    private final FloatList xyz = new FloatList();
    private final IntList tris = new IntList();
    private int visits;

    private GlbReader(Path file, Map<String, Object> root, ByteBuffer bin) {
        this.file = file;
        this.root = root;
        this.bin = bin;
    }

    /** Reads a GLB file. */
    public static ShapeData read(Path file) throws IOException {
        return parse(ShapeFiles.readBytes(file), file);
    }

    /** True when the content starts with the GLB magic. */
    static boolean hasMagic(byte[] data) {
        return data.length >= 4
                && ByteBuffer.wrap(data, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() == MAGIC;
    }

    /** Parses GLB content; {@code file} only names the source in error messages (may be null). */
    public static ShapeData parse(byte[] data, Path file) throws ShapeFormatException {
        if (data.length < 20)
            throw ShapeFormatException.atByte(
                    file,
                    data.length,
                    "file has " + data.length + " bytes; a GLB needs a 12-byte header and a JSON chunk");
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != MAGIC)
            throw ShapeFormatException.atByte(file, 0, "no 'glTF' magic; expected a glTF 2.0 binary file");
        int version = b.getInt(4);
        if (version != 2)
            throw ShapeFormatException.atByte(file, 4, "glTF version " + version + "; only version 2 is supported");
        long total = b.getInt(8) & 0xffffffffL;
        if (total > data.length)
            throw ShapeFormatException.atByte(
                    file, 8, "header declares " + total + " bytes but the file has " + data.length);
        long jsonLen = b.getInt(12) & 0xffffffffL;
        if (b.getInt(16) != CHUNK_JSON)
            throw ShapeFormatException.atByte(file, 16, "first chunk is not JSON; expected chunk type 'JSON'");
        if (jsonLen > total - 20)
            throw ShapeFormatException.atByte(file, 12, "JSON chunk of " + jsonLen + " bytes does not fit in the file");
        String text = new String(data, 20, (int) jsonLen, StandardCharsets.UTF_8);
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) <= ' ') end--; // the chunk is padded with spaces (or NULs)
        Object json = Json.parse(text.substring(0, end), file, 20);
        ByteBuffer bin = null;
        long at = 20 + ((jsonLen + 3) & ~3L);
        if (at + 8 <= total) {
            long binLen = b.getInt((int) at) & 0xffffffffL;
            if (b.getInt((int) at + 4) == CHUNK_BIN) {
                if (binLen > total - at - 8)
                    throw ShapeFormatException.atByte(
                            file, at, "BIN chunk of " + binLen + " bytes does not fit in the file");
                bin = ByteBuffer.wrap(data, (int) at + 8, (int) binLen).slice().order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        if (!(json instanceof Map<?, ?>)) throw ShapeFormatException.atByte(file, 20, "glTF JSON is not an object");
        @SuppressWarnings("unchecked")
        GlbReader r = new GlbReader(file, (Map<String, Object>) json, bin);
        return r.readScene();
    }

    private ShapeData readScene() throws ShapeFormatException {
        List<Object> required = list(root, "extensionsRequired", "");
        if (!required.isEmpty())
            throw error("requires extensions " + required + ", which are not supported; re-export without them");
        List<Object> nodes = list(root, "nodes", "");
        List<Object> scenes = list(root, "scenes", "");
        if (!scenes.isEmpty()) {
            int s = integer(root, "scene", 0, "");
            Map<String, Object> scene = object(at(scenes, s, "scenes"), "scenes[" + s + "]");
            for (Object n : list(scene, "nodes", "scenes[" + s + "]")) {
                node(index(n, nodes.size(), "node index"), identity(), 0);
            }
        } else if (!nodes.isEmpty()) {
            for (int n = 0; n < nodes.size(); n++) {
                if (!isChild(n, nodes)) node(n, identity(), 0);
            }
        } else {
            List<Object> meshes = list(root, "meshes", "");
            for (int m = 0; m < meshes.size(); m++) mesh(m, identity());
        }
        if (tris.size() == 0) throw error("no triangle primitives in the scene; expected a mesh");
        return ShapeData.ofMesh(file, ShapeFormat.GLB, new Mesh(xyz.toArray(), tris.toArray()));
    }

    private boolean isChild(int n, List<Object> nodes) throws ShapeFormatException {
        for (int p = 0; p < nodes.size(); p++) {
            for (Object c : list(object(nodes.get(p), "nodes[" + p + "]"), "children", "nodes[" + p + "]")) {
                if (c instanceof Double d && d == n) return true;
            }
        }
        return false;
    }

    private void node(int n, double[] parent, int depth) throws ShapeFormatException {
        String where = "nodes[" + n + "]";
        if (++visits > MAX_NODE_VISITS)
            throw error(
                    "more than " + MAX_NODE_VISITS + " node instances in the scene (shared subtrees nest too often)");
        if (depth > MAX_NODE_DEPTH)
            throw error(where + ": node hierarchy deeper than " + MAX_NODE_DEPTH + " levels (a cycle?)");
        List<Object> nodes = list(root, "nodes", "");
        Map<String, Object> node = object(at(nodes, n, "nodes"), where);
        double[] m = multiply(parent, local(node, where));
        if (node.containsKey("mesh")) mesh(integer(node, "mesh", 0, where), m);
        for (Object c : list(node, "children", where)) node(index(c, nodes.size(), where + " child"), m, depth + 1);
    }

    /** The node's local transform as a column-major 4x4 matrix: its {@code matrix}, or T * R * S. */
    private double[] local(Map<String, Object> node, String where) throws ShapeFormatException {
        if (node.containsKey("matrix")) return numbers(node, "matrix", 16, where);
        double[] t = node.containsKey("translation") ? numbers(node, "translation", 3, where) : new double[3];
        double[] q = node.containsKey("rotation") ? numbers(node, "rotation", 4, where) : new double[] {0, 0, 0, 1};
        double[] s = node.containsKey("scale") ? numbers(node, "scale", 3, where) : new double[] {1, 1, 1};
        double x = q[0], y = q[1], z = q[2], w = q[3];
        double[] r = {
            1 - 2 * (y * y + z * z),
            2 * (x * y + z * w),
            2 * (x * z - y * w),
            2 * (x * y - z * w),
            1 - 2 * (x * x + z * z),
            2 * (y * z + x * w),
            2 * (x * z + y * w),
            2 * (y * z - x * w),
            1 - 2 * (x * x + y * y)
        };
        double[] m = new double[16];
        for (int c = 0; c < 3; c++) for (int row = 0; row < 3; row++) m[4 * c + row] = r[3 * c + row] * s[c];
        m[12] = t[0];
        m[13] = t[1];
        m[14] = t[2];
        m[15] = 1;
        return m;
    }

    private void mesh(int index, double[] m) throws ShapeFormatException {
        String where = "meshes[" + index + "]";
        Map<String, Object> mesh = object(at(list(root, "meshes", ""), index, "meshes"), where);
        List<Object> prims = list(mesh, "primitives", where);
        for (int p = 0; p < prims.size(); p++) {
            String pw = where + ".primitives[" + p + "]";
            Map<String, Object> prim = object(prims.get(p), pw);
            int mode = integer(prim, "mode", 4, pw);
            if (mode < 4) continue;
            if (mode > 6) throw error(pw + ": unknown primitive mode " + mode + "; expected 0..6");
            Map<String, Object> attrs = object(prim.get("attributes"), pw + ".attributes");
            if (!attrs.containsKey("POSITION")) throw error(pw + ": no POSITION attribute");
            float[] pos = positions(integer(attrs, "POSITION", 0, pw), m);
            int nv = pos.length / 3;
            int[] idx = prim.containsKey("indices") ? indices(integer(prim, "indices", 0, pw), nv) : sequence(nv);
            int base = xyz.size() / 3;
            for (float f : pos) xyz.add(f);
            if (mode == 4) {
                for (int i = 0; i + 2 < idx.length; i += 3) triangle(base, idx[i], idx[i + 1], idx[i + 2]);
            } else if (mode == 5) {
                for (int i = 0; i + 2 < idx.length; i++) {
                    if (i % 2 == 0) triangle(base, idx[i], idx[i + 1], idx[i + 2]);
                    else triangle(base, idx[i + 1], idx[i], idx[i + 2]);
                }
            } else {
                for (int i = 1; i + 1 < idx.length; i++) triangle(base, idx[0], idx[i], idx[i + 1]);
            }
        }
    }

    private void triangle(int base, int a, int b, int c) {
        tris.add(base + a);
        tris.add(base + b);
        tris.add(base + c);
    }

    private float[] positions(int accessor, double[] m) throws ShapeFormatException {
        String where = "accessors[" + accessor + "]";
        Map<String, Object> acc = object(at(list(root, "accessors", ""), accessor, "accessors"), where);
        if (!"VEC3".equals(acc.get("type")) || integer(acc, "componentType", 0, where) != FLOAT) {
            throw error(where + ": POSITION must be a float VEC3 accessor (quantized positions are not supported)");
        }
        int count = integer(acc, "count", 0, where);
        ByteBuffer data = view(acc, where, count, 12);
        int stride = stride(acc, 12, where);
        float[] out = new float[3 * count];
        for (int i = 0; i < count; i++) {
            double[] p = new double[3];
            for (int d = 0; d < 3; d++) {
                float f = data.getFloat(i * stride + 4 * d);
                if (!Float.isFinite(f))
                    throw error(
                            where + ": vertex " + i + " coordinate " + d + " is " + f + "; expected a finite float");
                p[d] = f;
            }
            for (int d = 0; d < 3; d++) {
                double v = m[d] * p[0] + m[4 + d] * p[1] + m[8 + d] * p[2] + m[12 + d];
                out[3 * i + d] =
                        Numbers.finiteFloat(v, () -> error(where + ": a transformed vertex is not a finite float"));
            }
        }
        return out;
    }

    private int[] indices(int accessor, int nv) throws ShapeFormatException {
        String where = "accessors[" + accessor + "]";
        Map<String, Object> acc = object(at(list(root, "accessors", ""), accessor, "accessors"), where);
        int type = integer(acc, "componentType", 0, where);
        int size =
                switch (type) {
                    case 5121 -> 1;
                    case 5123 -> 2;
                    case 5125 -> 4;
                    default -> throw error(where + ": index componentType " + type + "; expected 5121, 5123 or 5125");
                };
        if (!"SCALAR".equals(acc.get("type"))) throw error(where + ": indices must be a SCALAR accessor");
        int count = integer(acc, "count", 0, where);
        ByteBuffer data = view(acc, where, count, size);
        int stride = stride(acc, size, where);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            long v =
                    switch (size) {
                        case 1 -> data.get(i * stride) & 0xff;
                        case 2 -> data.getShort(i * stride) & 0xffff;
                        default -> data.getInt(i * stride) & 0xffffffffL;
                    };
            if (v >= nv)
                throw error(where + ": index " + i + " is " + v + " but the primitive has " + nv + " vertices");
            out[i] = (int) v;
        }
        return out;
    }

    private static int[] sequence(int n) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) s[i] = i;
        return s;
    }

    private int stride(Map<String, Object> acc, int element, String where) throws ShapeFormatException {
        if (!acc.containsKey("bufferView")) return element;
        int v = integer(acc, "bufferView", 0, where);
        int s = integer(
                object(at(list(root, "bufferViews", ""), v, "bufferViews"), "bufferViews[" + v + "]"),
                "byteStride",
                0,
                where);
        return s == 0 ? element : s;
    }

    /** The bytes an accessor reads, checked to hold {@code count} elements of {@code element} bytes. */
    private ByteBuffer view(Map<String, Object> acc, String where, int count, int element) throws ShapeFormatException {
        if (acc.containsKey("sparse")) throw error(where + ": sparse accessors are not supported");
        if (!acc.containsKey("bufferView"))
            throw error(where + ": no bufferView (all-zero accessors hold no geometry)");
        int v = integer(acc, "bufferView", 0, where);
        String vw = "bufferViews[" + v + "]";
        Map<String, Object> view = object(at(list(root, "bufferViews", ""), v, "bufferViews"), vw);
        int buffer = integer(view, "buffer", 0, vw);
        Map<String, Object> buf = object(at(list(root, "buffers", ""), buffer, "buffers"), "buffers[" + buffer + "]");
        if (buf.containsKey("uri"))
            throw error(
                    "buffers[" + buffer + "] is an external or data-URI buffer; only the GLB's BIN chunk is supported");
        if (buffer != 0 || bin == null) throw error("buffers[" + buffer + "]: the file has no BIN chunk for it");
        long viewOffset = integer(view, "byteOffset", 0, vw), accOffset = integer(acc, "byteOffset", 0, where);
        long off = viewOffset + accOffset;
        long len = integer(view, "byteLength", 0, vw);
        int stride = stride(acc, element, where);
        long need = count == 0 ? 0 : (long) (count - 1) * stride + element;
        if (viewOffset + len > bin.capacity() || accOffset + need > len) {
            throw error(
                    where + ": " + count + " elements at byte " + off + " do not fit in " + vw + " / the BIN chunk");
        }
        return bin.slice((int) off, (int) need).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static double[] identity() {
        return new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] c = new double[16];
        for (int col = 0; col < 4; col++) {
            for (int row = 0; row < 4; row++) {
                double s = 0;
                for (int k = 0; k < 4; k++) s += a[4 * k + row] * b[4 * col + k];
                c[4 * col + row] = s;
            }
        }
        return c;
    }

    private ShapeFormatException error(String detail) {
        return ShapeFormatException.general(file, "glTF: " + detail);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Object o, String where) throws ShapeFormatException {
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw error(where + " is not a JSON object");
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Map<String, Object> o, String key, String where) throws ShapeFormatException {
        Object v = o.get(key);
        if (v == null) return List.of();
        if (v instanceof List<?> l) return (List<Object>) l;
        throw error((where.isEmpty() ? "" : where + ".") + key + " is not a JSON array");
    }

    private Object at(List<Object> l, int i, String what) throws ShapeFormatException {
        if (i < 0 || i >= l.size()) throw error(what + "[" + i + "] does not exist (" + l.size() + " defined)");
        return l.get(i);
    }

    private int index(Object o, int size, String what) throws ShapeFormatException {
        if (!(o instanceof Double d) || d < 0 || d >= size || d != Math.rint(d)) {
            throw error(what + " " + o + " is not an index in [0, " + size + ")");
        }
        return (int) (double) d;
    }

    private int integer(Map<String, Object> o, String key, int dflt, String where) throws ShapeFormatException {
        Object v = o.get(key);
        if (v == null) return dflt;
        if (!(v instanceof Double d) || d < 0 || d > Integer.MAX_VALUE || d != Math.rint(d)) {
            throw error((where.isEmpty() ? "" : where + ".") + key + " is " + v + "; expected a non-negative integer");
        }
        return (int) (double) d;
    }

    private double[] numbers(Map<String, Object> o, String key, int n, String where) throws ShapeFormatException {
        List<Object> l = list(o, key, where);
        if (l.size() != n) throw error(where + "." + key + " has " + l.size() + " numbers; expected " + n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(l.get(i) instanceof Double d) || !Double.isFinite(d))
                throw error(where + "." + key + "[" + i + "] is not a finite number");
            out[i] = (double) l.get(i);
        }
        return out;
    }
}
