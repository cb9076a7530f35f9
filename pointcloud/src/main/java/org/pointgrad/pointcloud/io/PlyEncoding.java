package org.pointgrad.pointcloud.io;

import java.nio.ByteOrder;

/** The body encodings a PLY file may use. */
public enum PlyEncoding {
    /** Whitespace-separated text, one element per line. */
    ASCII("ascii", null),
    /** Little-endian binary (the default written by this package). */
    BINARY_LITTLE_ENDIAN("binary_little_endian", ByteOrder.LITTLE_ENDIAN),
    /** Big-endian binary. */
    BINARY_BIG_ENDIAN("binary_big_endian", ByteOrder.BIG_ENDIAN);

    final String headerName;
    final ByteOrder order;

    PlyEncoding(String headerName, ByteOrder order) {
        this.headerName = headerName;
        this.order = order;
    }

    static PlyEncoding parse(String word) {
        for (PlyEncoding e : values()) if (e.headerName.equals(word)) return e;
        return null;
    }
}
