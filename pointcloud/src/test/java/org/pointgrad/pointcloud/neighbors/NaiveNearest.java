package org.pointgrad.pointcloud.neighbors;

import java.util.SplittableRandom;

/** Straightforward reference searches and random test clouds. */
final class NaiveNearest {
    private NaiveNearest() {}

    static float dist(float[] a, int ai, float[] b, int bi, int dim, DistanceMetric m) {
        float d = 0;
        for (int k = 0; k < dim; k++) {
            float diff = a[ai * dim + k] - b[bi * dim + k];
            float t = m == DistanceMetric.SQUARED_EUCLIDEAN ? diff * diff : Math.abs(diff);
            d = k == 0 ? t : d + t;
        }
        return d;
    }

    /** Index of the nearest point (lowest index on ties). */
    static int nearest(float[] q, int qi, float[] p, int np, int dim, DistanceMetric m) {
        int best = -1;
        float bd = Float.POSITIVE_INFINITY;
        for (int j = 0; j < np; j++) {
            float d = dist(q, qi, p, j, dim, m);
            if (best < 0 || d < bd) {
                bd = d;
                best = j;
            }
        }
        return best;
    }

    /**
     * A random cloud; with {@code grid} true coordinates are small integers so exact duplicates and
     * equal distances are common, which exercises the tie rule.
     */
    static float[] cloud(SplittableRandom r, int n, int dim, boolean grid) {
        float[] c = new float[n * dim];
        for (int i = 0; i < c.length; i++) c[i] = grid ? r.nextInt(4) : (float) r.nextDouble(-1, 1);
        return c;
    }
}
