package org.pointgrad.pointcloud.transform;

import org.pointgrad.pointcloud.PointCloud;

/**
 * Translation plus uniform scaling of a point cloud into a canonical frame. Normals are unchanged (a translation and
 * a positive uniform scale do not alter directions). Degenerate clouds (all points equal) are only centred, since
 * there is no extent to scale; an empty cloud is returned as is.
 */
public enum Normalization {
    /** Leaves the cloud unchanged. */
    NONE,
    /**
     * The default, as in AtlasNet: centre on the bounding-box centre, then scale so the farthest point from that
     * centre lies at radius 1 (the cloud fits the unit ball and touches it).
     */
    UNIT_BALL,
    /** Centre on the centroid (mean point), then scale so the farthest point from it lies at radius 1. */
    UNIT_BALL_CENTROID,
    /**
     * Centre on the bounding-box centre, then scale so the longest bounding-box side has length 2: the cloud fits
     * in the cube [-1, 1]^3 and touches it on the longest axis.
     */
    UNIT_BOX;

    /** The default normalization ({@link #UNIT_BALL}). */
    public static final Normalization DEFAULT = UNIT_BALL;

    /** Returns a new, normalized cloud (the input is not modified). */
    public PointCloud apply(PointCloud cloud) {
        return frameOf(cloud).toNormalized(cloud);
    }

    /**
     * The centre and scale this normalization applies to {@code cloud}; {@link NormalizationFrame#toOriginal} undoes
     * it. {@link #NONE} and empty clouds give the identity.
     */
    public NormalizationFrame frameOf(PointCloud cloud) {
        int n = cloud.size();
        float[] p = cloud.xyz();
        if (this == NONE || n == 0) return NormalizationFrame.IDENTITY;
        double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] sum = new double[3];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 3; d++) {
                double v = p[3 * i + d];
                min[d] = Math.min(min[d], v);
                max[d] = Math.max(max[d], v);
                sum[d] += v;
            }
        }
        double[] c = new double[3];
        for (int d = 0; d < 3; d++) c[d] = this == UNIT_BALL_CENTROID ? sum[d] / n : 0.5 * (min[d] + max[d]);
        double extent;
        if (this == UNIT_BOX) {
            extent = 0;
            for (int d = 0; d < 3; d++) extent = Math.max(extent, 0.5 * (max[d] - min[d]));
        } else {
            double r2 = 0;
            for (int i = 0; i < n; i++) {
                double dx = p[3 * i] - c[0], dy = p[3 * i + 1] - c[1], dz = p[3 * i + 2] - c[2];
                r2 = Math.max(r2, dx * dx + dy * dy + dz * dz);
            }
            extent = Math.sqrt(r2);
        }
        // A NaN or infinite extent cannot be inverted; such clouds are only centred, as degenerate ones are.
        return new NormalizationFrame(c, extent > 0 && Double.isFinite(extent) ? 1.0 / extent : 1.0);
    }
}
