package org.pointgrad.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file that cannot be read, or whose contents do not fit the model or optimizer it is loaded into.
 * The message always names the file, and the tensor and byte offset where they apply; the same facts are
 * available as fields so callers can react without parsing the message.
 */
public class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    /** The tensor the problem concerns, or null. */
    private final String tensorName;
    /** The byte in the file where the problem was found, or -1. */
    private final long byteOffset;

    /** A problem with the file as a whole. */
    public CheckpointException(Path file, String message) {
        this(file, null, -1, message, null);
    }

    /**
     * A problem at a tensor and/or byte offset.
     *
     * @param tensorName the tensor concerned, or null
     * @param byteOffset the offset from the start of the file, or -1 when no single offset applies
     */
    public CheckpointException(Path file, String tensorName, long byteOffset, String message, Throwable cause) {
        super(compose(file, tensorName, byteOffset, message), cause);
        this.file = file;
        this.tensorName = tensorName;
        this.byteOffset = byteOffset;
    }

    private static String compose(Path file, String tensorName, long byteOffset, String message) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "(no file)" : file.toString());
        if (tensorName != null) sb.append(": tensor '").append(tensorName).append('\'');
        if (byteOffset >= 0) sb.append(" at byte ").append(byteOffset);
        return sb.append(": ").append(message).toString();
    }

    /** The checkpoint file concerned. */
    public Path file() {
        return file;
    }

    /** The tensor concerned, or null. */
    public String tensorName() {
        return tensorName;
    }

    /** Offset from the start of the file, or -1. */
    public long byteOffset() {
        return byteOffset;
    }
}
