package org.pointgrad.pointcloud.io;

import java.nio.ByteBuffer;
import java.util.Locale;

/** The scalar types a PLY property may have, with both the classic and the sized names. */
enum PlyType {
    CHAR(1, "char", "int8"),
    UCHAR(1, "uchar", "uint8"),
    SHORT(2, "short", "int16"),
    USHORT(2, "ushort", "uint16"),
    INT(4, "int", "int32"),
    UINT(4, "uint", "uint32"),
    FLOAT(4, "float", "float32"),
    DOUBLE(8, "double", "float64");

    final int size;
    private final String name;
    private final String sizedName;

    PlyType(int size, String name, String sizedName) {
        this.size = size;
        this.name = name;
        this.sizedName = sizedName;
    }

    /** The type for a header word, or null when unknown. */
    static PlyType parse(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (PlyType t : values()) if (t.name.equals(w) || t.sizedName.equals(w)) return t;
        return null;
    }

    boolean isInteger() {
        return this != FLOAT && this != DOUBLE;
    }

    /** Reads one value at the buffer's position (caller has checked that {@link #size} bytes remain). */
    double read(ByteBuffer b) {
        return switch (this) {
            case CHAR -> b.get();
            case UCHAR -> b.get() & 0xff;
            case SHORT -> b.getShort();
            case USHORT -> b.getShort() & 0xffff;
            case INT -> b.getInt();
            case UINT -> b.getInt() & 0xffffffffL;
            case FLOAT -> b.getFloat();
            case DOUBLE -> b.getDouble();
        };
    }

    /** The PLY header word for this type. */
    String headerName() {
        return name;
    }
}
