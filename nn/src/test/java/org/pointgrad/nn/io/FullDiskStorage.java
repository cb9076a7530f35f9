package org.pointgrad.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A disk with {@code free} bytes left: writes past them fail as a full disk does ("No space left on device"). */
final class FullDiskStorage implements AtomicFiles.Storage {
    private long free;

    FullDiskStorage(long free) {
        this.free = free;
    }

    @Override
    public FileChannel open(Path temp) throws IOException {
        return new Limited(FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
    }

    private final class Limited extends FileChannel {
        private final FileChannel ch;

        Limited(FileChannel ch) {
            this.ch = ch;
        }

        private int take(ByteBuffer src) throws IOException {
            if (src.remaining() > free) {
                // Like the OS: the bytes that fit are written, then the write fails.
                int fits = (int) free;
                ByteBuffer part = src.duplicate();
                part.limit(part.position() + fits);
                ch.write(part);
                free = 0;
                throw new IOException("No space left on device");
            }
            free -= src.remaining();
            return ch.write(src);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return take(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) n += take(srcs[i]);
            return n;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return ch.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return ch.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return ch.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return ch.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            ch.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return ch.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            ch.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            ch.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() throws IOException {
            ch.close();
        }
    }
}
