package org.pointgrad.vae.train;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive lock on a run folder, held by every command that writes into it, so two commands never write one run.
 * It is an OS file lock on {@value #FILE}, so it dies with its process (a kill -9 included); the file also records
 * who holds the lock, which names the holder of a live lock and shows that a found-but-unlocked record is stale.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file inside the run folder. */
    public static final String FILE = ".pointvae.lock";

    private final FileChannel channel;
    private final FileLock lock;
    private final String staleHolder;

    private RunLock(FileChannel channel, FileLock lock, String staleHolder) {
        this.channel = channel;
        this.lock = lock;
        this.staleHolder = staleHolder;
    }

    /**
     * Locks {@code dir} (created if needed) for {@code command}; an error naming the holder when another process (or
     * this one) holds it.
     */
    public static RunLock acquire(Path dir, String command) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        FileChannel ch =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            ch.close();
            throw new IOException(file + ": cannot lock the run folder (" + e.getMessage() + ")", e);
        }
        String holder = read(ch);
        if (lock == null) {
            ch.close();
            throw new IOException(dir + ": in use by " + (holder.isEmpty() ? "another process" : holder)
                    + "; wait for it to finish or stop it (the lock goes when that process exits)");
        }
        String me = "pid " + ProcessHandle.current().pid() + " (pointvae " + command + ", since " + Instant.now() + ", "
                + ManagementFactory.getRuntimeMXBean().getName() + ")";
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return new RunLock(ch, lock, holder.isEmpty() ? null : holder);
    }

    /**
     * The holder recorded by a process that ended without releasing the lock (killed), or null. Its lock died with
     * it; this one replaced it.
     */
    public String staleHolder() {
        return staleHolder;
    }

    /** Releases the lock; an emptied record means it was released cleanly. */
    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
        }
    }

    private static String read(FileChannel ch) throws IOException {
        long size = Math.min(ch.size(), 4096);
        ByteBuffer b = ByteBuffer.allocate((int) size);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // Reads the whole record.
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim();
    }
}
