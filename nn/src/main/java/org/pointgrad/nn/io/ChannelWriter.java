package org.pointgrad.nn.io;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** Writes a file's whole content to an open channel; used by {@link AtomicFiles#write}. */
@FunctionalInterface
public interface ChannelWriter {
    /** Writes the content; any exception aborts the write and leaves the target untouched. */
    void writeTo(FileChannel channel) throws IOException;
}
