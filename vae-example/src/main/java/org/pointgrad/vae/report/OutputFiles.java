package org.pointgrad.vae.report;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.pointgrad.nn.io.AtomicFiles;
import org.pointgrad.nn.io.ChannelWriter;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.io.PlyEncoding;
import org.pointgrad.pointcloud.io.PlyWriter;

/**
 * Writes the files commands and reports produce through {@link AtomicFiles}: a full disk or a crash leaves the
 * previous file or none, never a truncated one, and a failure names the file (the JDK's "No space left on device"
 * does not).
 */
public final class OutputFiles {
    private OutputFiles() {}

    /** Writes {@code text} as UTF-8. */
    public static void writeText(Path target, String text) throws IOException {
        named(target, () -> AtomicFiles.writeString(target, text));
    }

    /** Writes {@code cloud} as binary little-endian PLY. */
    public static void writePly(Path target, PointCloud cloud) throws IOException {
        writeStream(target, out -> PlyWriter.write(out, cloud, PlyEncoding.BINARY_LITTLE_ENDIAN));
    }

    /** Writes what {@code body} puts into a buffered stream. */
    public static void writeStream(Path target, AtomicFiles.StreamWriter body) throws IOException {
        named(target, () -> AtomicFiles.writeStream(target, body));
    }

    /** Writes {@code target} atomically with {@link AtomicFiles#write}, naming it in any failure. */
    public static void write(Path target, ChannelWriter body) throws IOException {
        named(target, () -> AtomicFiles.write(target, body));
    }

    private interface Write {
        void run() throws IOException;
    }

    private static void named(Path target, Write write) throws IOException {
        try {
            write.run();
        } catch (FileSystemException e) {
            if (e.getFile() != null) throw e;
            throw named(target, e);
        } catch (IOException e) {
            throw named(target, e);
        }
    }

    private static FileSystemException named(Path target, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // AtomicFiles names the target already; keep one name in the message.
        if (reason.startsWith(target + ": "))
            reason = reason.substring(target.toString().length() + 2);
        FileSystemException f = new FileSystemException(target.toString(), null, reason);
        f.initCause(e);
        return f;
    }
}
