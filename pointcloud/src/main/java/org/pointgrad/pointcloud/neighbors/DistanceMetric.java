package org.pointgrad.pointcloud.neighbors;

/**
 * The distance under which nearest neighbours are searched.
 * Every search in this package sums the per-coordinate terms left to right without fused multiply-add,
 * so brute force, the Vector API path and the k-d tree return bit-identical distances.
 */
public enum DistanceMetric {
    /** Sum of squared coordinate differences (the squared Euclidean distance). */
    SQUARED_EUCLIDEAN,
    /** Sum of absolute coordinate differences (L1, Manhattan). */
    MANHATTAN;

    /** The distance term for one coordinate difference. */
    public float term(float diff) {
        return this == SQUARED_EUCLIDEAN ? diff * diff : Math.abs(diff);
    }

    /** The distance term for one coordinate difference, in double precision. */
    public double term(double diff) {
        return this == SQUARED_EUCLIDEAN ? diff * diff : Math.abs(diff);
    }

    /**
     * Distance between point {@code a} at {@code aOff} and point {@code b} at {@code bOff}, both of dimension {@code
     * dim}.
     */
    public float distance(float[] a, int aOff, float[] b, int bOff, int dim) {
        float d = term(a[aOff] - b[bOff]);
        for (int k = 1; k < dim; k++) d += term(a[aOff + k] - b[bOff + k]);
        return d;
    }

    /** Double-precision {@link #distance(float[], int, float[], int, int)}. */
    public double distance(double[] a, int aOff, double[] b, int bOff, int dim) {
        double d = term(a[aOff] - b[bOff]);
        for (int k = 1; k < dim; k++) d += term(a[aOff + k] - b[bOff + k]);
        return d;
    }
}
