package org.pointgrad.pointcloud.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.pointcloud.Mesh;

/** glTF 2.0 binary files built here: meshes, node transforms, index types, strips, skipped lines, bad references. */
class GlbReaderTest {
    /** Three float VEC3 positions of a unit right triangle, then four of a unit square as a strip. */
    private static final float[] POSITIONS = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0};

    static byte[] glb(String json, byte[] bin) {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        int jp = (j.length + 3) & ~3, bp = bin == null ? 0 : (bin.length + 3) & ~3;
        int total = 12 + 8 + jp + (bin == null ? 0 : 8 + bp);
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(GlbReader.MAGIC).putInt(2).putInt(total);
        b.putInt(jp).putInt(GlbReader.CHUNK_JSON).put(j);
        while (b.position() < 20 + jp) b.put((byte) ' ');
        if (bin != null) b.putInt(bp).putInt(GlbReader.CHUNK_BIN).put(bin);
        return b.array();
    }

    /** POSITIONS as float32, then the u16 indices 0 1 2 (padded to 4 bytes). */
    static byte[] bin() {
        ByteBuffer b = ByteBuffer.allocate(4 * POSITIONS.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : POSITIONS) b.putFloat(f);
        b.putShort((short) 0).putShort((short) 1).putShort((short) 2);
        return b.array();
    }

    static String json(String nodes) {
        return "{\"asset\":{\"version\":\"2.0\"},\"scene\":0,\"scenes\":[{\"nodes\":[0]}],"
                + "\"nodes\":" + nodes + ","
                + "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0},\"indices\":2}]},"
                + "{\"primitives\":[{\"attributes\":{\"POSITION\":1},\"mode\":5},"
                + "{\"attributes\":{\"POSITION\":1},\"mode\":1}]}],"
                + "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":3,\"type\":\"VEC3\"},"
                + "{\"bufferView\":0,\"byteOffset\":36,\"componentType\":5126,\"count\":4,\"type\":\"VEC3\"},"
                + "{\"bufferView\":1,\"componentType\":5123,\"count\":3,\"type\":\"SCALAR\"}],"
                + "\"bufferViews\":[{\"buffer\":0,\"byteLength\":84},"
                + "{\"buffer\":0,\"byteOffset\":84,\"byteLength\":6}],"
                + "\"buffers\":[{\"byteLength\":92}]}";
    }

    @Test
    void nodeTransformsPlaceEveryMesh(@TempDir Path dir) throws Exception {
        // Node 0 draws the triangle moved by +10 in x; its child node 1 scales the square by 2, then takes that move.
        String nodes = "[{\"mesh\":0,\"translation\":[10,0,0],\"children\":[1]},{\"mesh\":1,\"scale\":[2,2,2]}]";
        Path f = dir.resolve("SCENE.GLB");
        Files.write(f, glb(json(nodes), bin()));
        ShapeData d = ShapeFiles.read(f);
        assertEquals(ShapeFormat.GLB, d.format());
        Mesh m = d.mesh();
        assertEquals(3, m.triangleCount(), "one triangle and a two-triangle strip; the line primitive is skipped");
        assertEquals(0.5 + 4.0, m.area(), 1e-6);
        assertArrayEquals(new float[] {10, 0, 0, 11, 0, 0, 10, 1, 0}, Arrays.copyOf(m.vertices(), 9));
        assertArrayEquals(new float[] {12, 2, 0}, Arrays.copyOfRange(m.vertices(), 18, 21));
    }

    @Test
    void rotationAndMatrix() throws Exception {
        double s = Math.sqrt(0.5);
        String rotated = "[{\"mesh\":0,\"rotation\":[0,0," + s + "," + s + "]}]";
        Mesh m = GlbReader.parse(glb(json(rotated), bin()), null).mesh();
        assertEquals(0, m.vertices()[3], 1e-6);
        assertEquals(1, m.vertices()[4], 1e-6);
        String matrix = "[{\"mesh\":0,\"matrix\":[1,0,0,0, 0,1,0,0, 0,0,1,0, 5,6,7,1]}]";
        m = GlbReader.parse(glb(json(matrix), bin()), null).mesh();
        assertArrayEquals(new float[] {6, 6, 7}, Arrays.copyOfRange(m.vertices(), 3, 6));
    }

    @Test
    void badReferencesAreOneLineErrors() {
        String nodes = "[{\"mesh\":0}]";
        assertMessage(json(nodes).replace("\"indices\":2", "\"indices\":7"), bin(), "accessors[7] does not exist");
        byte[] badIndex = bin();
        badIndex[84] = 9;
        assertMessage(json(nodes), badIndex, "index 0 is 9 but the primitive has 3 vertices");
        assertMessage(
                json(nodes).replace("{\"byteLength\":92}", "{\"byteLength\":92,\"uri\":\"x.bin\"}"),
                bin(),
                "external or data-URI buffer");
        assertMessage(
                json(nodes).replace("\"scene\":0,", "\"extensionsRequired\":[\"KHR_draco_mesh_compression\"],"),
                bin(),
                "KHR_draco_mesh_compression");
        assertMessage(json("[{\"mesh\":0,\"children\":[0]}]"), bin(), "deeper than");
        assertMessage("{\"asset\":", bin(), "glTF JSON");
        assertMessage(json(nodes), null, "no BIN chunk");
    }

    private static void assertMessage(String json, byte[] bin, String expected) {
        ShapeFormatException e =
                assertThrows(ShapeFormatException.class, () -> ShapeFiles.parse(glb(json, bin), Path.of("bad.glb")));
        assertTrue(e.getMessage().startsWith("bad.glb: ") && e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }
}
