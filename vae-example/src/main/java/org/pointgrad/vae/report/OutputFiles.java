package org.pointgrad.vae.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
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
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        write(target, ch -> {
            while (b.hasRemaining()) ch.write(b);
        });
    }

    /** Writes {@code cloud} as binary little-endian PLY. */
    public static void writePly(Path target, PointCloud cloud) throws IOException {
        writeStream(target, out -> PlyWriter.write(out, cloud, PlyEncoding.BINARY_LITTLE_ENDIAN));
    }

    /** Writes what {@code body} puts into a buffered stream. */
    public static void writeStream(Path target, StreamWriter body) throws IOException {
        write(target, ch -> {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch));
            body.writeTo(out);
            out.flush();
        });
    }

    /** Writes {@code target} atomically with {@link AtomicFiles#write}, naming it in any failure. */
    public static void write(Path target, ChannelWriter body) throws IOException {
        try {
            AtomicFiles.write(target, body);
        } catch (FileSystemException e) {
            throw e.getFile() == null ? named(target, e) : e;
        } catch (IOException e) {
            throw named(target, e);
        }
    }

    private static FileSystemException named(Path target, IOException e) {
        FileSystemException f = new FileSystemException(target.toString(), null, e.getMessage());
        f.initCause(e);
        return f;
    }

    /** Content written to an output stream (closed by the caller). */
    @FunctionalInterface
    public interface StreamWriter {
        /** Writes the content. */
        void writeTo(OutputStream out) throws IOException;
    }
}
