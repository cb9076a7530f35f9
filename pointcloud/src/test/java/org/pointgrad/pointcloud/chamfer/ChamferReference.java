package org.pointgrad.pointcloud.chamfer;

import java.util.SplittableRandom;

/** A direct transcription of PyTorch3D's chamfer_distance semantics, for tests. */
final class ChamferReference {
    private ChamferReference() {}

    static float[] cloud(SplittableRandom r, int values) {
        float[] c = new float[values];
        for (int i = 0; i < values; i++) c[i] = (float) r.nextDouble(-1, 1);
        return c;
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** Per-point terms of one direction for cloud b: min over the other cloud, 0 where there is no neighbour. */
    private static double[] terms(
            double[] a, int an, int aLen, double[] o, int on, int oLen, int b, int dim, ChamferNorm norm) {
        double[] t = new double[an];
        for (int i = 0; i < aLen; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < oLen; j++) {
                double s = 0;
                for (int k = 0; k < dim; k++) {
                    double diff = a[(b * an + i) * dim + k] - o[(b * on + j) * dim + k];
                    s += norm == ChamferNorm.L1 ? Math.abs(diff) : diff * diff;
                }
                best = Math.min(best, s);
            }
            t[i] = oLen == 0 ? 0 : norm == ChamferNorm.L2 ? Math.sqrt(best) : best;
        }
        return t;
    }

    static double[] loss(double[] x, double[] y, int batch, int n, int m, int dim, ChamferOptions o) {
        boolean both = !o.singleDirectional();
        double[] chamX = new double[batch * n], chamY = new double[batch * m];
        double[] sumX = new double[batch], sumY = new double[batch];
        for (int b = 0; b < batch; b++) {
            int xl = o.xLengths() == null ? n : o.xLengths()[b];
            int yl = o.yLengths() == null ? m : o.yLengths()[b];
            double w = o.weights() == null ? 1 : o.weights()[b];
            double[] tx = terms(x, n, xl, y, m, yl, b, dim, o.norm());
            double[] ty = terms(y, m, yl, x, n, xl, b, dim, o.norm());
            for (int i = 0; i < n; i++) {
                chamX[b * n + i] = w * tx[i];
                sumX[b] += w * tx[i];
            }
            for (int j = 0; j < m; j++) {
                chamY[b * m + j] = w * ty[j];
                sumY[b] += w * ty[j];
            }
            if (o.pointReduction() == ChamferReduction.MEAN) {
                sumX[b] /= Math.max(xl, 1);
                sumY[b] /= Math.max(yl, 1);
            }
        }
        if (o.pointReduction() == ChamferReduction.NONE) {
            int cols = both ? n + m : n;
            double[] out = new double[batch * cols];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(chamX, b * n, out, b * cols, n);
                if (both) System.arraycopy(chamY, b * m, out, b * cols + n, m);
            }
            return out;
        }
        double[] per = new double[batch];
        for (int b = 0; b < batch; b++) per[b] = sumX[b] + (both ? sumY[b] : 0);
        if (o.batchReduction() == ChamferReduction.NONE) return per;
        double s = 0;
        for (double v : per) s += v;
        if (o.batchReduction() == ChamferReduction.MEAN) {
            double div = batch;
            if (o.weights() != null) {
                div = 0;
                for (double w : o.weights()) div += w;
            }
            s /= div;
        }
        return new double[] {s};
    }
}
