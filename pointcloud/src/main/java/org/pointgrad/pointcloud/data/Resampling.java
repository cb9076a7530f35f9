package org.pointgrad.pointcloud.data;

import java.util.random.RandomGenerator;
import org.pointgrad.pointcloud.PointCloud;

/** Brings a cloud to an exact point count (coordinates only). */
public final class Resampling {
    private Resampling() {}

    /**
     * Exactly {@code n} points: all points when the count already matches; a uniform subset without replacement
     * when there are more; all points followed by uniformly drawn repeats when there are fewer.
     */
    public static PointCloud toCount(PointCloud cloud, int n, RandomGenerator rng) {
        int m = cloud.size();
        float[] p = cloud.xyz();
        if (m == n) return new PointCloud(p.clone());
        float[] out = new float[3 * n];
        if (m > n) {
            int[] idx = new int[m];
            for (int i = 0; i < m; i++) idx[i] = i;
            for (int i = 0; i < n; i++) {
                int j = i + rng.nextInt(m - i);
                int t = idx[i]; idx[i] = idx[j]; idx[j] = t;
                System.arraycopy(p, 3 * idx[i], out, 3 * i, 3);
            }
        } else {
            System.arraycopy(p, 0, out, 0, 3 * m);
            for (int i = m; i < n; i++) System.arraycopy(p, 3 * rng.nextInt(m), out, 3 * i, 3);
        }
        return new PointCloud(out);
    }
}
