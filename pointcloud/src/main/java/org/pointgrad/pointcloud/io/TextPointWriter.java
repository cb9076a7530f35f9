package org.pointgrad.pointcloud.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Writes XYZ text ("x y z" per line, plus "nx ny nz" when the cloud has normals) and PTS (the same with a leading
 * point-count line). Values use Java's shortest round-tripping float text, so reading back gives identical floats.
 */
public final class TextPointWriter {
    private TextPointWriter() {}

    /** Writes XYZ. */
    public static void writeXyz(OutputStream out, PointCloud cloud) throws IOException {
        write(out, cloud, false);
    }

    /** Writes PTS (count line first). */
    public static void writePts(OutputStream out, PointCloud cloud) throws IOException {
        write(out, cloud, true);
    }

    private static void write(OutputStream out, PointCloud cloud, boolean countLine) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        if (countLine) w.write(cloud.size() + "\n");
        float[] p = cloud.xyz(), nrm = cloud.normals();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cloud.size(); i++) {
            sb.setLength(0);
            sb.append(p[3 * i]).append(' ').append(p[3 * i + 1]).append(' ').append(p[3 * i + 2]);
            if (nrm != null)
                sb.append(' ')
                        .append(nrm[3 * i])
                        .append(' ')
                        .append(nrm[3 * i + 1])
                        .append(' ')
                        .append(nrm[3 * i + 2]);
            w.write(sb.append('\n').toString());
        }
        w.flush();
    }
}
