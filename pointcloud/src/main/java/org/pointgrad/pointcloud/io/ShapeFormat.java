package org.pointgrad.pointcloud.io;

import java.nio.file.Path;
import java.util.Locale;

/** The shape file formats this package reads and writes. */
public enum ShapeFormat {
    /** Stanford PLY (ascii, binary little- or big-endian). */
    PLY("ply"),
    /** Wavefront OBJ (vertices and faces only). */
    OBJ("obj"),
    /** Object File Format (Princeton / ModelNet). */
    OFF("off"),
    /** Plain text points, one "x y z ..." row per line. */
    XYZ("xyz"),
    /** Like XYZ but written with a leading point-count line. */
    PTS("pts"),
    /** NumPy .npy array of shape (N, >=3). */
    NPY("npy"),
    /** STL triangle soup, binary or ASCII (meshes only). */
    STL("stl"),
    /** glTF 2.0 binary container (meshes only: positions and indices of every triangle primitive). */
    GLB("glb");

    private final String extension;

    ShapeFormat(String extension) {
        this.extension = extension;
    }

    /** The usual file extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** True for the formats that hold only meshes and cannot be written as a point cloud. */
    public boolean meshOnly() {
        return this == STL || this == GLB;
    }

    /** The format suggested by a file name's extension (any case), or null when the extension is not recognised. */
    public static ShapeFormat fromExtension(Path file) {
        if (file == null || file.getFileName() == null) return null;
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot < 0) return null;
        String ext = name.substring(dot + 1);
        for (ShapeFormat f : values()) if (f.extension.equals(ext)) return f;
        if (ext.equals("txt") || ext.equals("csv") || ext.equals("asc")) return XYZ;
        return null;
    }
}
