package org.pointgrad.pointcloud.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.MeshSampler;

/** Writes STL meshes, binary or ASCII, with each facet's normal computed from its corners. */
public final class StlWriter {
    private StlWriter() {}

    /** Writes binary STL; the 80-byte header holds {@code header} (ASCII, cut or zero-padded). */
    public static void writeBinary(OutputStream out, Mesh mesh, String header) throws IOException {
        int n = mesh.triangleCount();
        ByteBuffer b = ByteBuffer.allocate(StlReader.BINARY_HEADER + StlReader.BINARY_TRIANGLE * n)
                .order(ByteOrder.LITTLE_ENDIAN);
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        b.put(h, 0, Math.min(80, h.length));
        b.position(80);
        b.putInt(n);
        float[] v = mesh.vertices();
        int[] t = mesh.triangles();
        for (int i = 0; i < n; i++) {
            for (double c : MeshSampler.faceNormal(mesh, i)) b.putFloat((float) c);
            for (int k = 0; k < 3; k++) {
                int a = 3 * t[3 * i + k];
                b.putFloat(v[a]).putFloat(v[a + 1]).putFloat(v[a + 2]);
            }
            b.putShort((short) 0);
        }
        out.write(b.array());
        out.flush();
    }

    /** Writes binary STL with a header naming this library. */
    public static void writeBinary(OutputStream out, Mesh mesh) throws IOException {
        writeBinary(out, mesh, "binary STL written by pointgrad");
    }

    /** Writes ASCII STL as one solid named {@code name}. */
    public static void writeAscii(OutputStream out, Mesh mesh, String name) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII));
        float[] v = mesh.vertices();
        int[] t = mesh.triangles();
        w.write("solid " + name + "\n");
        for (int i = 0; i < mesh.triangleCount(); i++) {
            double[] nrm = MeshSampler.faceNormal(mesh, i);
            w.write("  facet normal " + (float) nrm[0] + " " + (float) nrm[1] + " " + (float) nrm[2]
                    + "\n    outer loop\n");
            for (int k = 0; k < 3; k++) {
                int a = 3 * t[3 * i + k];
                w.write("      vertex " + v[a] + " " + v[a + 1] + " " + v[a + 2] + "\n");
            }
            w.write("    endloop\n  endfacet\n");
        }
        w.write("endsolid " + name + "\n");
        w.flush();
    }
}
