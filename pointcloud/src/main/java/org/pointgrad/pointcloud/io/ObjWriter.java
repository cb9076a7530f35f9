package org.pointgrad.pointcloud.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Writes meshes ({@code v} and 1-based {@code f} lines) and point clouds ({@code v} lines, plus {@code vn} for normals)
 * as OBJ.
 */
public final class ObjWriter {
    private ObjWriter() {}

    /** Writes a mesh. */
    public static void write(OutputStream out, Mesh mesh) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.write("# written by pointgrad\n");
        writeVertices(w, mesh.vertices(), "v");
        int[] t = mesh.triangles();
        for (int i = 0; i < t.length; i += 3) {
            w.write("f " + (t[i] + 1) + " " + (t[i + 1] + 1) + " " + (t[i + 2] + 1) + "\n");
        }
        w.flush();
    }

    /** Writes a point cloud as vertices only (normals as {@code vn} lines, which readers of points ignore). */
    public static void write(OutputStream out, PointCloud cloud) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.write("# written by pointgrad\n");
        writeVertices(w, cloud.xyz(), "v");
        if (cloud.hasNormals()) writeVertices(w, cloud.normals(), "vn");
        w.flush();
    }

    private static void writeVertices(Writer w, float[] a, String tag) throws IOException {
        for (int i = 0; i < a.length; i += 3) {
            w.write(tag + " " + a[i] + " " + a[i + 1] + " " + a[i + 2] + "\n");
        }
    }
}
