package org.pointgrad.nn.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Replaces a file so that readers (and a crash at any moment) see either the old content or the complete new
 * content, never a mix: write a temp file in the same folder, force it to disk, rename it over the target, then
 * force the folder entry. The temp file is deleted when anything fails (a full disk included); temp files a killed
 * process left behind are recognised by their name and removed by {@link #removeStaleTemps}.
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> NEW_FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");
    /** Temp files are named {@code .<target name>.<random>}{@value #TEMP_SUFFIX}. */
    public static final String TEMP_SUFFIX = ".tmp";
    /**
     * System property: milliseconds to wait after a temp file is written and before it is renamed, so crash tests can
     * kill a process inside a checkpoint write. 0 (the default) in normal use.
     */
    public static final String WRITE_DELAY_PROPERTY = "pointgrad.test.checkpointDelayMs";

    /** Opens the temp file for writing; a seam so tests can stand in a full disk. */
    interface Storage {
        FileChannel open(Path temp) throws IOException;
    }

    private static final Storage DISK =
            temp -> FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    private static volatile Storage storage = DISK;

    /** Writes a file's content to a stream (for writers that only know streams, such as image encoders). */
    @FunctionalInterface
    public interface StreamWriter {
        /** Writes the whole content to {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /** Tests: replaces how temp files are opened ({@code null} restores the real disk). */
    static void useStorage(Storage s) {
        storage = s == null ? DISK : s;
    }

    /** Writes {@code target} atomically with the content produced by {@code body}. */
    public static void write(Path target, ChannelWriter body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null) throw new IOException(target + ": cannot write a file without a parent folder");
        if (Files.isDirectory(absolute)) throw new IOException(target + ": is a folder, expected a file name to write");
        // Same folder as the target: a rename is only atomic within one file system.
        Path temp;
        try {
            temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", TEMP_SUFFIX);
        } catch (NoSuchFileException e) {
            throw new IOException(target + ": folder " + dir + " does not exist", e);
        } catch (IOException e) {
            throw new IOException(target + ": cannot create a file in " + dir + " (" + reason(e) + ")", e);
        }
        boolean done = false;
        try {
            permissionsOf(absolute, temp);
            try (FileChannel ch = storage.open(temp)) {
                body.writeTo(ch);
                ch.force(true);
            } catch (IOException e) {
                throw new IOException(
                        target + ": write failed (" + reason(e) + "); the previous content is unchanged", e);
            }
            pauseForCrashTests();
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            forceDirectory(dir);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The original failure matters more than a leftover temp file.
                }
            }
        }
    }

    /**
     * Gives the temp file the permissions of the file it will replace, or rw-r--r-- for a new one: temp files are
     * created private (rw-------), and the rename would make every output unreadable to other users.
     */
    private static void permissionsOf(Path target, Path temp) throws IOException {
        try {
            Set<PosixFilePermission> p =
                    Files.exists(target) ? Files.getPosixFilePermissions(target) : NEW_FILE_PERMISSIONS;
            Files.setPosixFilePermissions(temp, p);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the platform's defaults apply.
        }
    }

    /** Writes {@code target} atomically with the bytes {@code body} writes to a (buffered) stream. */
    public static void writeStream(Path target, StreamWriter body) throws IOException {
        write(target, ch -> {
            // Not closed: closing would close the channel before write() forces it to disk.
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            body.writeTo(out);
            out.flush();
        });
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
        });
    }

    /**
     * Deletes temp files that {@link #write} left in {@code dir} when its process was killed mid-write; only files
     * named like ours for a target in {@code targets} are touched. Returns the names removed.
     */
    public static List<String> removeStaleTemps(Path dir, List<String> targets) throws IOException {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) return removed;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "." + "*" + TEMP_SUFFIX)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                for (String t : targets) {
                    if (name.startsWith("." + t + ".") && Files.isRegularFile(p)) {
                        Files.deleteIfExists(p);
                        removed.add(name);
                        break;
                    }
                }
            }
        }
        return removed;
    }

    /** Forces a folder's entries (a rename or delete) to disk where the platform allows opening a folder. */
    public static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort: some platforms (Windows) cannot open or sync a folder.
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof AccessDeniedException) return "permission denied";
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static void pauseForCrashTests() {
        long ms = Long.getLong(WRITE_DELAY_PROPERTY, 0L);
        if (ms <= 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
