package org.pointgrad.pointcloud.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.PointCloud;

/** Writes point clouds (with normals when present) and triangle meshes as PLY, float32 coordinates. */
public final class PlyWriter {
    private PlyWriter() {}

    /** Writes a point cloud to a file. */
    public static void write(Path file, PointCloud cloud, PlyEncoding encoding) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            write(out, cloud, encoding);
        }
    }

    /** Writes a mesh to a file. */
    public static void write(Path file, Mesh mesh, PlyEncoding encoding) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            write(out, mesh, encoding);
        }
    }

    /** Writes a point cloud: a vertex element with x, y, z and, when the cloud has normals, nx, ny, nz. */
    public static void write(OutputStream out, PointCloud cloud, PlyEncoding encoding) throws IOException {
        write(out, cloud.xyz(), cloud.normals(), null, encoding);
    }

    /** Writes a mesh: a vertex element (x, y, z) and a face element with 3-index lists. */
    public static void write(OutputStream out, Mesh mesh, PlyEncoding encoding) throws IOException {
        write(out, mesh.vertices(), null, mesh.triangles(), encoding);
    }

    private static void write(OutputStream out, float[] xyz, float[] normals, int[] tris, PlyEncoding enc)
            throws IOException {
        int n = xyz.length / 3;
        StringBuilder h = new StringBuilder("ply\nformat ")
                .append(enc.headerName)
                .append(" 1.0\n")
                .append("comment written by pointgrad\n")
                .append("element vertex ")
                .append(n)
                .append('\n')
                .append("property float x\nproperty float y\nproperty float z\n");
        if (normals != null) h.append("property float nx\nproperty float ny\nproperty float nz\n");
        if (tris != null) {
            h.append("element face ")
                    .append(tris.length / 3)
                    .append('\n')
                    .append("property list uchar int vertex_indices\n");
        }
        h.append("end_header\n");
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        int per = normals != null ? 6 : 3;
        if (enc == PlyEncoding.ASCII) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.setLength(0);
                sb.append(xyz[3 * i])
                        .append(' ')
                        .append(xyz[3 * i + 1])
                        .append(' ')
                        .append(xyz[3 * i + 2]);
                if (normals != null)
                    sb.append(' ')
                            .append(normals[3 * i])
                            .append(' ')
                            .append(normals[3 * i + 1])
                            .append(' ')
                            .append(normals[3 * i + 2]);
                out.write(sb.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
            }
            if (tris != null) {
                for (int t = 0; t < tris.length; t += 3) {
                    out.write(("3 " + tris[t] + " " + tris[t + 1] + " " + tris[t + 2] + "\n")
                            .getBytes(StandardCharsets.US_ASCII));
                }
            }
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(4 * per * 1024).order(enc.order);
        for (int i = 0; i < n; i++) {
            if (b.remaining() < 4 * per) flush(b, out);
            b.putFloat(xyz[3 * i]).putFloat(xyz[3 * i + 1]).putFloat(xyz[3 * i + 2]);
            if (normals != null)
                b.putFloat(normals[3 * i]).putFloat(normals[3 * i + 1]).putFloat(normals[3 * i + 2]);
        }
        if (tris != null) {
            for (int t = 0; t < tris.length; t += 3) {
                if (b.remaining() < 13) flush(b, out);
                b.put((byte) 3).putInt(tris[t]).putInt(tris[t + 1]).putInt(tris[t + 2]);
            }
        }
        flush(b, out);
    }

    private static void flush(ByteBuffer b, OutputStream out) throws IOException {
        out.write(b.array(), 0, b.position());
        b.clear();
    }
}
