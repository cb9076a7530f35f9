package org.pointgrad.pointcloud.metrics;

import java.util.List;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.pointcloud.chamfer.ChamferKernel;
import org.pointgrad.pointcloud.chamfer.ChamferOptions;

/**
 * Pairwise Chamfer distances between two sets of clouds, CD(a, b) = mean squared nearest-neighbour distance a to b
 * plus b to a (the definition of Achlioptas et al. 2018 and PointFlow). Clouds may differ in size; pairs are
 * computed in parallel on the shared pool.
 */
public final class ChamferMatrix {
    private ChamferMatrix() {}

    /** CD of one pair of packed clouds of dimension {@code dim}. */
    public static double distance(float[] a, float[] b, int dim) {
        return ChamferKernel.forward(a, b, 1, a.length / dim, b.length / dim, dim, ChamferOptions.defaults())
                .value();
    }

    /** Matrix {@code [i][j] = CD(rows[i], cols[j])}. */
    public static double[][] compute(List<float[]> rows, List<float[]> cols, int dim) {
        MetricsSupport.checkSet("rows", rows, dim);
        MetricsSupport.checkSet("cols", cols, dim);
        int nr = rows.size(), nc = cols.size();
        double[][] out = new double[nr][nc];
        Parallel.forRange(nr * nc, 1, (from, to) -> {
            for (int p = from; p < to; p++) out[p / nc][p % nc] = distance(rows.get(p / nc), cols.get(p % nc), dim);
        });
        return out;
    }

    /** Symmetric matrix of one set against itself (CD is symmetric, so each pair is computed once; diagonal 0). */
    public static double[][] withinSet(List<float[]> set, int dim) {
        MetricsSupport.checkSet("set", set, dim);
        int n = set.size();
        double[][] out = new double[n][n];
        int pairs = n * (n - 1) / 2;
        Parallel.forRange(pairs, 1, (from, to) -> {
            for (int p = from; p < to; p++) {
                // invert p = i*(2n-i-1)/2 + (j-i-1) for i < j
                int i = 0, rem = p;
                while (rem >= n - 1 - i) {
                    rem -= n - 1 - i;
                    i++;
                }
                int j = i + 1 + rem;
                double d = distance(set.get(i), set.get(j), dim);
                out[i][j] = d;
                out[j][i] = d;
            }
        });
        return out;
    }
}
