package org.pointgrad.pointcloud.chamfer;

import java.util.Arrays;
import org.pointgrad.pointcloud.neighbors.NearestNeighbors;

/**
 * Chamfer distance on packed arrays: forward (nearest neighbours both ways, then reductions) and the analytic
 * backward, for batches x (B, N, D) and y (B, M, D) stored row-major.
 *
 * <p>Work is split over the batch when there are at least as many clouds as threads, otherwise over the points of
 * each cloud. Per cloud, brute force (a fused vectorized pass for both directions) or a k-d tree per direction is
 * chosen by {@link ChamferOptions#strategy()} ({@link NearestNeighbors#useTree} for AUTO), in either precision.
 * Reductions are accumulated in double.
 *
 * <p>Every cloud must hold at least one point: an empty cloud is an error, not a distance of 0. A NaN coordinate
 * anywhere in a cloud pair makes all of that pair's terms NaN (index -1), whichever search strategy runs.
 */
public final class ChamferKernel {
    /** Floor on |x - y| in the L2-norm gradient, see {@link ChamferNorm#L2}. */
    public static final double L2_GRAD_EPS = 1e-12;

    private ChamferKernel() {}

    /** AtlasNet's loss ({@link ChamferOptions#defaults()}) of float clouds. */
    public static double atlasNetLoss(float[] x, float[] y, int batch, int n, int m, int dim) {
        return forward(x, y, batch, n, m, dim, ChamferOptions.defaults()).value();
    }

    /** Forward pass on float clouds x (batch, n, dim) and y (batch, m, dim). */
    public static ChamferResult forward(float[] x, float[] y, int batch, int n, int m, int dim, ChamferOptions o) {
        return ChamferFloat.forward(x, y, batch, n, m, dim, o);
    }

    /** Forward pass on double clouds; same contract as the float version. */
    public static ChamferResult forward(double[] x, double[] y, int batch, int n, int m, int dim, ChamferOptions o) {
        return ChamferDouble.forward(x, y, batch, n, m, dim, o);
    }

    static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    static void checkShapes(int xLength, int yLength, int batch, int n, int m, int dim, ChamferOptions o) {
        if (batch < 0 || n < 0 || m < 0 || dim < 1) {
            throw new IllegalArgumentException("ChamferKernel: need batch, n, m >= 0 and dim >= 1, got B=" + batch
                    + " N=" + n + " M=" + m + " D=" + dim);
        }
        if ((long) batch * n * dim != xLength) {
            throw new IllegalArgumentException(
                    "ChamferKernel: x has " + xLength + " values, expected B*N*D = " + batch + "*" + n + "*" + dim);
        }
        if ((long) batch * m * dim != yLength) {
            throw new IllegalArgumentException(
                    "ChamferKernel: y has " + yLength + " values, expected B*M*D = " + batch + "*" + m + "*" + dim);
        }
        if (o.weights() != null && o.weights().length != batch) {
            throw new IllegalArgumentException(
                    "ChamferKernel: " + o.weights().length + " weights for a batch of " + batch);
        }
    }

    /**
     * The per-cloud point counts; every cloud must have at least one point (an empty cloud has no Chamfer distance).
     */
    static int[] lengths(int[] given, int batch, int full, String what) {
        String cloud = what.substring(0, 1);
        int[] l = new int[batch];
        if (given == null) {
            if (full == 0 && batch > 0) {
                throw new IllegalArgumentException("ChamferKernel: " + cloud + " has 0 points per cloud; the Chamfer"
                        + " distance of an empty cloud is undefined");
            }
            Arrays.fill(l, full);
            return l;
        }
        if (given.length != batch)
            throw new IllegalArgumentException(
                    "ChamferKernel: " + what + " has " + given.length + " entries for a batch of " + batch);
        for (int b = 0; b < batch; b++) {
            if (given[b] < 1 || given[b] > full) {
                throw new IllegalArgumentException(
                        "ChamferKernel: " + what + "[" + b + "] = " + given[b] + " is outside [1, " + full + "]"
                                + (given[b] == 0 ? " (an empty cloud has no Chamfer distance)" : ""));
            }
            l[b] = given[b];
        }
        return l;
    }

    /**
     * Clears padding, makes every term of a cloud holding a NaN coordinate NaN (a search would drop such a point or
     * return an arbitrary neighbour, differently per strategy), then reduces.
     */
    static ChamferResult finish(
            int batch,
            int n,
            int m,
            int dim,
            ChamferOptions o,
            int[] xl,
            int[] yl,
            boolean[] nan,
            double[] dxy,
            int[] ixy,
            double[] dyx,
            int[] iyx) {
        clearInvalid(batch, n, xl, dxy, ixy);
        if (dyx != null) clearInvalid(batch, m, yl, dyx, iyx);
        for (int b = 0; b < batch; b++) {
            if (!nan[b]) continue;
            markNaN(b, n, xl[b], dxy, ixy);
            if (dyx != null) markNaN(b, m, yl[b], dyx, iyx);
        }
        ChamferNorm norm = o.norm();
        double[] w = o.weights();
        int[] shape;
        double[] out;
        if (o.pointReduction() == ChamferReduction.NONE) {
            int cols = dyx != null ? n + m : n;
            shape = new int[] {batch, cols};
            out = new double[batch * cols];
            for (int b = 0; b < batch; b++) {
                double wb = w == null ? 1 : w[b];
                for (int i = 0; i < n; i++) out[b * cols + i] = wb * term(norm, dxy[b * n + i]);
                if (dyx != null) for (int j = 0; j < m; j++) out[b * cols + n + j] = wb * term(norm, dyx[b * m + j]);
            }
        } else {
            double[] perCloud = new double[batch];
            boolean mean = o.pointReduction() == ChamferReduction.MEAN;
            for (int b = 0; b < batch; b++) {
                double sx = 0;
                for (int i = 0; i < xl[b]; i++) sx += term(norm, dxy[b * n + i]);
                double c = mean ? sx / Math.max(1, xl[b]) : sx;
                if (dyx != null) {
                    double sy = 0;
                    for (int j = 0; j < yl[b]; j++) sy += term(norm, dyx[b * m + j]);
                    c += mean ? sy / Math.max(1, yl[b]) : sy;
                }
                perCloud[b] = (w == null ? 1 : w[b]) * c;
            }
            if (o.batchReduction() == ChamferReduction.NONE) {
                shape = new int[] {batch};
                out = perCloud;
            } else {
                double s = 0;
                for (double v : perCloud) s += v;
                if (o.batchReduction() == ChamferReduction.MEAN) {
                    double div = batchDivisor(batch, w);
                    s = div == 0 ? 0 : s / div;
                }
                shape = new int[0];
                out = new double[] {s};
            }
        }
        return new ChamferResult(batch, n, m, dim, o, xl, yl, dxy, ixy, dyx, iyx, out, shape);
    }

    /** NaN terms without a neighbour, so the output is NaN and the backward adds nothing for this cloud. */
    private static void markNaN(int b, int n, int len, double[] d, int[] idx) {
        Arrays.fill(d, b * n, b * n + len, Double.NaN);
        Arrays.fill(idx, b * n, b * n + len, -1);
    }

    private static double batchDivisor(int batch, double[] w) {
        if (w == null) return Math.max(1, batch);
        double s = 0;
        for (double v : w) s += v;
        return s;
    }

    private static void clearInvalid(int batch, int n, int[] len, double[] d, int[] idx) {
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                int k = b * n + i;
                if (i >= len[b] || idx[k] < 0) {
                    d[k] = 0;
                    idx[k] = -1;
                }
            }
        }
    }

    private static double term(ChamferNorm norm, double d) {
        return norm == ChamferNorm.L2 ? Math.sqrt(d) : d;
    }

    /**
     * d(output)/d(term) for every x point (first B*N entries) and y point (next B*M), from the upstream gradient
     * {@code gradOut} laid out like {@link ChamferResult#output()}.
     */
    static double[] termCoefficients(ChamferResult r, double[] gradOut) {
        if (gradOut.length != r.output.length) {
            throw new IllegalArgumentException("ChamferKernel.backward: upstream gradient has " + gradOut.length
                    + " values, the output has " + r.output.length + " (shape " + Arrays.toString(r.shape) + ")");
        }
        ChamferOptions o = r.options;
        int batch = r.batch, n = r.n, m = r.m;
        boolean both = r.distYX != null;
        double[] w = o.weights();
        double[] c = new double[batch * n + batch * m];
        for (int b = 0; b < batch; b++) {
            double wb = w == null ? 1 : w[b];
            if (o.pointReduction() == ChamferReduction.NONE) {
                int cols = both ? n + m : n;
                for (int i = 0; i < r.xLen[b]; i++) c[b * n + i] = wb * gradOut[b * cols + i];
                if (both) for (int j = 0; j < r.yLen[b]; j++) c[batch * n + b * m + j] = wb * gradOut[b * cols + n + j];
                continue;
            }
            double gb;
            if (o.batchReduction() == ChamferReduction.NONE) gb = gradOut[b];
            else if (o.batchReduction() == ChamferReduction.SUM) gb = gradOut[0];
            else {
                double div = batchDivisor(batch, w);
                gb = div == 0 ? 0 : gradOut[0] / div;
            }
            gb *= wb;
            boolean mean = o.pointReduction() == ChamferReduction.MEAN;
            double cx = mean ? gb / Math.max(1, r.xLen[b]) : gb;
            for (int i = 0; i < r.xLen[b]; i++) c[b * n + i] = cx;
            if (both) {
                double cy = mean ? gb / Math.max(1, r.yLen[b]) : gb;
                for (int j = 0; j < r.yLen[b]; j++) c[batch * n + b * m + j] = cy;
            }
        }
        return c;
    }

    /** d(term)/d(diff) for one coordinate difference, scaled by the term's coefficient. */
    static double termGrad(ChamferNorm norm, double coef, double diff, double dist) {
        switch (norm) {
            case SQUARED_L2:
                return 2 * coef * diff;
            case L2:
                return coef * diff / Math.max(Math.sqrt(dist), L2_GRAD_EPS);
            default:
                return coef * Math.signum(diff);
        }
    }

    /**
     * Backward pass for float clouds: writes dL/dx into {@code gradX} (B*N*D) and dL/dy into {@code gradY}
     * (B*M*D), overwriting them, given the upstream gradient of the output. Uses the saved indices only: neighbours
     * are treated as constant (the loss is piecewise smooth; ties have no unique gradient).
     */
    public static void backward(ChamferResult r, float[] x, float[] y, double[] gradOut, float[] gradX, float[] gradY) {
        ChamferFloat.backward(r, x, y, gradOut, gradX, gradY);
    }

    /** Backward pass for double clouds; same contract as the float version. */
    public static void backward(
            ChamferResult r, double[] x, double[] y, double[] gradOut, double[] gradX, double[] gradY) {
        ChamferDouble.backward(r, x, y, gradOut, gradX, gradY);
    }

    static void checkGradArrays(ChamferResult r, int xLen, int yLen, int gxLen, int gyLen) {
        long nx = (long) r.batch * r.n * r.dim, ny = (long) r.batch * r.m * r.dim;
        if (xLen != nx || gxLen != nx || yLen != ny || gyLen != ny) {
            throw new IllegalArgumentException("ChamferKernel.backward: expected x and gradX of " + nx
                    + " values and y and gradY of " + ny + ", got " + xLen + ", " + gxLen + ", " + yLen + ", " + gyLen);
        }
    }
}
