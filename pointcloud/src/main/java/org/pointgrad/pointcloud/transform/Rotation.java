package org.pointgrad.pointcloud.transform;

import java.util.random.RandomGenerator;
import org.pointgrad.pointcloud.PointCloud;

/** Rotations of point clouds about a coordinate axis through the origin; normals are rotated with the points. */
public final class Rotation {
    private Rotation() {}

    /**
     * Rotates by {@code angle} radians about {@code axis}, right-handed (counter-clockwise looking down the axis
     * towards the origin): about Y, +Z turns towards +X.
     */
    public static PointCloud aboutAxis(PointCloud cloud, Axis axis, double angle) {
        double c = Math.cos(angle), s = Math.sin(angle);
        float[] xyz = rotate(cloud.xyz(), axis, c, s);
        float[] n = cloud.normals() == null ? null : rotate(cloud.normals(), axis, c, s);
        return new PointCloud(xyz, n);
    }

    /** Rotates about {@code up} by an angle drawn uniformly from [0, 2 pi). */
    public static PointCloud randomAboutAxis(PointCloud cloud, Axis up, RandomGenerator rng) {
        return aboutAxis(cloud, up, rng.nextDouble() * 2 * Math.PI);
    }

    /** Rotates about the default up axis (y) by a uniform random angle. */
    public static PointCloud randomAboutUp(PointCloud cloud, RandomGenerator rng) {
        return randomAboutAxis(cloud, Axis.DEFAULT_UP, rng);
    }

    private static float[] rotate(float[] p, Axis axis, double c, double s) {
        // (a, b) are the two coordinates that move, in the cyclic order that makes the rotation right-handed.
        int a, b;
        switch (axis) {
            case X -> {
                a = 1;
                b = 2;
            }
            case Y -> {
                a = 2;
                b = 0;
            }
            default -> {
                a = 0;
                b = 1;
            }
        }
        float[] out = p.clone();
        for (int i = 0; i < p.length; i += 3) {
            double u = p[i + a], v = p[i + b];
            out[i + a] = (float) (c * u - s * v);
            out[i + b] = (float) (s * u + c * v);
        }
        return out;
    }
}
