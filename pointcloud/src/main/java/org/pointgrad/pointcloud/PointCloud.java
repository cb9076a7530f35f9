package org.pointgrad.pointcloud;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable set of 3-D points, stored as one packed float array (x0, y0, z0, x1, ...),
 * optionally with per-point unit normals.
 */
public final class PointCloud {
    private final float[] xyz;
    private final float[] normals;

    /** Wraps (does not copy) packed coordinates; {@code normals} may be null. */
    public PointCloud(float[] xyz, float[] normals) {
        Objects.requireNonNull(xyz, "xyz");
        if (xyz.length % 3 != 0) {
            throw new IllegalArgumentException(
                    "PointCloud: coordinate array length " + xyz.length + " is not a multiple of 3");
        }
        if (normals != null && normals.length != xyz.length) {
            throw new IllegalArgumentException(
                    "PointCloud: normals length " + normals.length + " differs from coordinates length " + xyz.length);
        }
        this.xyz = xyz;
        this.normals = normals;
    }

    /** A cloud without normals over {@code xyz} (x, y, z per point; not copied). */
    public PointCloud(float[] xyz) {
        this(xyz, null);
    }

    /** Number of points. */
    public int size() {
        return xyz.length / 3;
    }

    /** The packed coordinates (shared, do not modify). */
    public float[] xyz() {
        return xyz;
    }

    /** The packed normals, or null when the cloud has none (shared, do not modify). */
    public float[] normals() {
        return normals;
    }

    /** True when the cloud carries a normal per point. */
    public boolean hasNormals() {
        return normals != null;
    }

    /** The x coordinate of point {@code i}. */
    public float x(int i) {
        return xyz[3 * i];
    }

    /** The y coordinate of point {@code i}. */
    public float y(int i) {
        return xyz[3 * i + 1];
    }

    /** The z coordinate of point {@code i}. */
    public float z(int i) {
        return xyz[3 * i + 2];
    }

    /** A deep copy. */
    public PointCloud copy() {
        return new PointCloud(xyz.clone(), normals == null ? null : normals.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PointCloud p && Arrays.equals(xyz, p.xyz) && Arrays.equals(normals, p.normals);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(xyz) * 31 + Arrays.hashCode(normals);
    }

    @Override
    public String toString() {
        return "PointCloud[" + size() + " points" + (normals != null ? ", normals" : "") + "]";
    }
}
