package org.pointgrad.pointcloud.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import org.pointgrad.pointcloud.PointCloud;

/** Writes a point cloud as a version 1.0 .npy array of shape (N, 3), little-endian float32 (default) or float64. */
public final class NpyWriter {
    private NpyWriter() {}

    /** Writes float32 ({@code <f4}). */
    public static void write(OutputStream out, PointCloud cloud) throws IOException {
        write(out, cloud, false);
    }

    /** Writes float64 ({@code <f8}) when {@code float64}, else float32. */
    public static void write(OutputStream out, PointCloud cloud, boolean float64) throws IOException {
        int n = cloud.size();
        String dict =
                "{'descr': '" + (float64 ? "<f8" : "<f4") + "', 'fortran_order': False, 'shape': (" + n + ", 3), }";
        // numpy pads so the data starts on a 64-byte boundary, ending the header with a newline.
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(NpyReader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.write(pre.array());
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        float[] p = cloud.xyz();
        ByteBuffer b = ByteBuffer.allocate(p.length * (float64 ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        if (float64) {
            DoubleBuffer d = b.asDoubleBuffer();
            for (float v : p) d.put(v);
        } else {
            // One bulk copy: the view keeps the buffer's little-endian order.
            b.asFloatBuffer().put(p);
        }
        out.write(b.array());
        out.flush();
    }
}
