package org.pointgrad.pointcloud.metrics;

import org.pointgrad.pointcloud.neighbors.NearestNeighbors;

/** Hausdorff distances between point clouds (Euclidean, not squared). */
public final class Hausdorff {
    private Hausdorff() {}

    /**
     * One-sided distance: the largest distance from a point of {@code from} to its nearest point of {@code to}.
     * 0 when {@code from} is empty; +inf when only {@code to} is empty.
     */
    public static double oneSided(float[] from, float[] to, int dim) {
        MetricsSupport.checkCloud("from", from, dim);
        MetricsSupport.checkCloud("to", to, dim);
        int n = from.length / dim;
        if (n == 0) return 0;
        if (to.length == 0) return Double.POSITIVE_INFINITY;
        float[] d = new float[n];
        NearestNeighbors.nearest(from, to, dim, d);
        float worst = 0;
        for (float v : d) worst = Math.max(worst, v);
        return Math.sqrt(worst);
    }

    /** Symmetric distance: the larger of the two one-sided distances. */
    public static double symmetric(float[] a, float[] b, int dim) {
        return Math.max(oneSided(a, b, dim), oneSided(b, a, dim));
    }
}
