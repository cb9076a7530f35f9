package org.pointgrad.pointcloud.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A shape file could not be read because its content is not what the format requires.
 * Carries the file, and where known the 1-based line (text formats) or 0-based byte offset (binary data),
 * and a message saying what was expected.
 */
public final class ShapeFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    /** The 1-based line of the problem, or -1. */
    private final int line;
    /** The byte offset of the problem, or -1. */
    private final long byteOffset;
    /** What is wrong, without the location. */
    private final String detail;

    private ShapeFormatException(Path file, int line, long byteOffset, String detail) {
        super(compose(file, line, byteOffset, detail));
        this.file = file;
        this.line = line;
        this.byteOffset = byteOffset;
        this.detail = detail;
    }

    /** An error located at a 1-based line of a text file. */
    public static ShapeFormatException atLine(Path file, int line, String detail) {
        return new ShapeFormatException(file, line, -1, detail);
    }

    /** An error located at a 0-based byte offset. */
    public static ShapeFormatException atByte(Path file, long byteOffset, String detail) {
        return new ShapeFormatException(file, -1, byteOffset, detail);
    }

    /** An error about the file as a whole (no position). */
    public static ShapeFormatException general(Path file, String detail) {
        return new ShapeFormatException(file, -1, -1, detail);
    }

    private static String compose(Path file, int line, long byteOffset, String detail) {
        StringBuilder sb = new StringBuilder(file == null ? "<input>" : file.toString());
        if (line > 0) sb.append(": line ").append(line);
        if (byteOffset >= 0) sb.append(": byte ").append(byteOffset);
        return sb.append(": ").append(detail).toString();
    }

    /** The file being read, or null when reading from memory without a name. */
    public Path file() {
        return file;
    }

    /** The 1-based line of the problem, or -1 when not known or not a text position. */
    public int line() {
        return line;
    }

    /** The 0-based byte offset of the problem, or -1 when not known or reported as a line instead. */
    public long byteOffset() {
        return byteOffset;
    }

    /** The message without the file/position prefix (what was found and what was expected). */
    public String detail() {
        return detail;
    }
}
