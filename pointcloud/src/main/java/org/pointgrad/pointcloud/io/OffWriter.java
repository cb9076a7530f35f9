package org.pointgrad.pointcloud.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.PointCloud;

/** Writes OFF: meshes with triangle faces, point clouds as vertices with zero faces. */
public final class OffWriter {
    private OffWriter() {}

    /** Writes a mesh. */
    public static void write(OutputStream out, Mesh mesh) throws IOException {
        write(out, mesh.vertices(), mesh.triangles());
    }

    /** Writes a point cloud (normals are not stored). */
    public static void write(OutputStream out, PointCloud cloud) throws IOException {
        write(out, cloud.xyz(), new int[0]);
    }

    private static void write(OutputStream out, float[] v, int[] t) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII));
        w.write("OFF\n" + v.length / 3 + " " + t.length / 3 + " 0\n");
        for (int i = 0; i < v.length; i += 3) w.write(v[i] + " " + v[i + 1] + " " + v[i + 2] + "\n");
        for (int i = 0; i < t.length; i += 3) w.write("3 " + t[i] + " " + t[i + 1] + " " + t[i + 2] + "\n");
        w.flush();
    }
}
