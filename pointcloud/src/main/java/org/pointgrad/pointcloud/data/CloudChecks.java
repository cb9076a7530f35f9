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

    /** Why the cloud is degenerate, or null when it is a usable shape. */
    public static String problem(PointCloud cloud) {
        int n = cloud.size();
        if (n == 0) return "contains no points";
        float[] p = cloud.xyz();
        double[] median = new double[3];
        float[] axis = new float[n];
        for (int d = 0; d < 3; d++) {
            for (int i = 0; i < n; i++) axis[i] = p[3 * i + d];
            Arrays.sort(axis);
            median[d] = axis[n / 2];
        }
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) {
            double dx = p[3 * i] - median[0], dy = p[3 * i + 1] - median[1], dz = p[3 * i + 2] - median[2];
            dist[i] = Math.sqrt(dx * dx + dy * dy + dz * dz);
        }
        Arrays.sort(dist);
        double max = dist[n - 1];
        if (max == 0) return "all " + n + " points are identical";
        double core = dist[Math.min(n - 1, (int) Math.ceil(CORE * n) - 1)];
        if (core < SQUEEZE * max) {
            return String.format(Locale.ROOT, "%.0f%% of the points lie within %.2g of the median but the farthest is %.3g away: "
                    + "outliers would squeeze the shape to a dot", 100 * CORE, core, max);
        }
        return null;
    }
}
