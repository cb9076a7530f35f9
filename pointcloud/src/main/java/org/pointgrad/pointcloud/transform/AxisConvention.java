package org.pointgrad.pointcloud.transform;

import java.util.Locale;
import java.util.Objects;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Where a shape collection's objects point: the direction of the nose ({@code forward}) and of the top ({@code up})
 * in the file's coordinates. The pictures are drawn in the project's airplane axes (x = forward, y = up, z = right
 * wing); {@link #toCanonical} rotates a cloud from this convention into them, so a nose-down or tail-first
 * collection is still drawn upright with the nose where every view expects it.
 *
 * @param forward where the nose points
 * @param up      where the top points; must be perpendicular to {@code forward}
 */
public record AxisConvention(Direction forward, Direction up) {
    /** The project's own axes: nose +x, up +y, right wing +z (the procedural airplanes). */
    public static final AxisConvention POINTGRAD = new AxisConvention(Direction.PLUS_X, Direction.PLUS_Y);
    /** ShapeNet's usual alignment: up +y, nose -z. */
    public static final AxisConvention SHAPENET = new AxisConvention(Direction.MINUS_Z, Direction.PLUS_Y);
    /** x along the fuselage pointing aft, y up, z along the span (FlightGear-derived meshes). */
    public static final AxisConvention XAFT_YUP = new AxisConvention(Direction.MINUS_X, Direction.PLUS_Y);

    /** The named presets, as accepted by {@link #preset}. */
    public static final String PRESETS =
            "pointgrad (forward +x, up +y), shapenet (forward -z, up +y), " + "xaft-yup (forward -x, up +y)";

    /** Validates that forward and up are two different axes. */
    public AxisConvention {
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(up, "up");
        if (forward.axis() == up.axis()) {
            throw new IllegalArgumentException("forward " + forward + " and up " + up + " must be different axes");
        }
    }

    /** A preset by name: {@code pointgrad}, {@code shapenet} or {@code xaft-yup} (case-insensitive). */
    public static AxisConvention preset(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "pointgrad" -> POINTGRAD;
            case "shapenet" -> SHAPENET;
            case "xaft-yup" -> XAFT_YUP;
            default -> throw new IllegalArgumentException("unknown axis preset '" + name + "'; expected " + PRESETS);
        };
    }

    /** Where the right wing points: forward x up, which keeps the rotation proper (no mirroring). */
    public double[] right() {
        double[] f = forward.vector(), u = up.vector();
        return new double[] {f[1] * u[2] - f[2] * u[1], f[2] * u[0] - f[0] * u[2], f[0] * u[1] - f[1] * u[0]};
    }

    /** True for the project's own axes, where {@link #toCanonical} changes nothing. */
    public boolean isCanonical() {
        return equals(POINTGRAD);
    }

    /** A new cloud in the project's axes (x = forward, y = up, z = right); normals are rotated too. */
    public PointCloud toCanonical(PointCloud cloud) {
        if (isCanonical()) return cloud;
        float[] n = cloud.normals();
        return new PointCloud(rotate(cloud.xyz()), n == null ? null : rotate(n));
    }

    /** The inverse of {@link #toCanonical}: a cloud in the project's axes expressed in this convention. */
    public PointCloud fromCanonical(PointCloud cloud) {
        if (isCanonical()) return cloud;
        float[] n = cloud.normals();
        return new PointCloud(unrotate(cloud.xyz()), n == null ? null : unrotate(n));
    }

    private float[] unrotate(float[] p) {
        double[] f = forward.vector(), u = up.vector(), r = right();
        float[] out = new float[p.length];
        for (int i = 0; i + 2 < p.length; i += 3) {
            for (int d = 0; d < 3; d++) out[i + d] = (float) (p[i] * f[d] + p[i + 1] * u[d] + p[i + 2] * r[d]);
        }
        return out;
    }

    private float[] rotate(float[] p) {
        double[] r = right();
        int fa = forward.axis(), ua = up.axis();
        int fs = forward.sign(), us = up.sign();
        float[] out = new float[p.length];
        for (int i = 0; i + 2 < p.length; i += 3) {
            out[i] = fs * p[i + fa];
            out[i + 1] = us * p[i + ua];
            out[i + 2] = (float) (r[0] * p[i] + r[1] * p[i + 1] + r[2] * p[i + 2]);
        }
        return out;
    }

    /** E.g. {@code forward -x, up +y}. */
    public String describe() {
        return "forward " + forward + ", up " + up;
    }
}
