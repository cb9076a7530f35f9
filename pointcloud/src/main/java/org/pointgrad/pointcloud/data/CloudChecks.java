package org.pointgrad.pointcloud.data;

import java.util.Arrays;
import java.util.Locale;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Finds clouds that would go into training as something other than a shape: all points identical, or the shape
 * squeezed to a dot by normalization because a few far outliers set the scale.
 */
public final class CloudChecks {
    /** Share of points that must lie within {@link #SQUEEZE} of the extent for a cloud to count as squeezed. */
    static final double CORE = 0.99;
    /** A cloud whose core spans less than this fraction of its full extent is a dot after normalization. */
    static final double SQUEEZE = 0.01;

    private CloudChecks() {}

    /** Points used for the median and the core radius; the farthest point is found among all of them. */
    static final int PROBE = 2048;

    /** Why the cloud is degenerate, or null when it is a usable shape. */
    public static String problem(PointCloud cloud) {
        int n = cloud.size();
        if (n == 0) return "contains no points";
        float[] p = cloud.xyz();
        // A fixed, evenly strided probe keeps the check linear in the cloud size (large clouds are not sorted).
        int m = Math.min(n, PROBE);
        double[] median = new double[3];
        float[] axis = new float[m];
        for (int d = 0; d < 3; d++) {
            for (int k = 0; k < m; k++) axis[k] = p[3 * probe(k, m, n) + d];
            Arrays.sort(axis);
            median[d] = axis[m / 2];
        }
        double[] dist = new double[m];
        for (int k = 0; k < m; k++) dist[k] = distance(p, probe(k, m, n), median);
        Arrays.sort(dist);
        double max = 0;
        for (int i = 0; i < n; i++) max = Math.max(max, distance(p, i, median));
        if (max == 0) return "all " + n + " points are identical";
        double core = dist[Math.min(m - 1, (int) Math.ceil(CORE * m) - 1)];
        if (core < SQUEEZE * max) {
            return String.format(
                    Locale.ROOT,
                    "%.0f%% of the points lie within %.2g of the median but the farthest is %.3g away: "
                            + "outliers would squeeze the shape to a dot",
                    100 * CORE,
                    core,
                    max);
        }
        return null;
    }

    private static int probe(int k, int m, int n) {
        return (int) ((long) k * n / m);
    }

    private static double distance(float[] p, int i, double[] c) {
        double dx = p[3 * i] - c[0], dy = p[3 * i + 1] - c[1], dz = p[3 * i + 2] - c[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
