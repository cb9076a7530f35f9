package org.pointgrad.pointcloud.neighbors;

import java.util.Arrays;
import org.pointgrad.autodiff.kernel.Parallel;

/**
 * Exhaustive nearest-neighbour search on packed coordinate slices ({@code n} points of dimension {@code dim}
 * starting at an offset). Float and double searches use the Vector API when the {@code jdk.incubator.vector} module
 * is present (disable with {@code -Dpointgrad.neighbors.scalar=true}); the fallback is scalar loops.
 *
 * <p>Contract shared by all methods and both precisions: the distance is the {@link DistanceMetric} sum (squared for
 * Euclidean); ties go to the lowest index; a NaN distance never counts as nearer; with no candidates the distance is
 * +inf and the index -1; if every distance overflows to +inf (or is NaN) the distance is +inf and the index 0.
 */
public final class BruteForceNearest {
    private static final boolean VECTOR = !Boolean.getBoolean("pointgrad.neighbors.scalar")
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    /** Query rows per parallel task in the single-cloud fused search: fewer and the column merge dominates. */
    private static final int MIN_ROWS_PER_TASK = 256;

    private BruteForceNearest() {}

    /** True when float and double searches run on the Vector API. */
    public static boolean vectorized() {
        return VECTOR;
    }

    /**
     * For each of the {@code nq} queries at {@code q[qOff..]}, the nearest of the {@code np} points at {@code p[pOff..]}:
     * distance into {@code dist[distOff + i]}, index (0-based within the slice) into {@code idx[idxOff + i]}.
     * Runs on the calling thread.
     */
    public static void nearest(float[] q, int qOff, int nq, float[] p, int pOff, int np, int dim, DistanceMetric metric,
                               float[] dist, int distOff, int[] idx, int idxOff) {
        nearest(VECTOR, q, qOff, nq, p, pOff, np, dim, metric, dist, distOff, idx, idxOff);
    }

    /**
     * {@link #nearest(float[], int, int, float[], int, int, int, DistanceMetric, float[], int, int[], int)} on the
     * Vector API if {@code vector} and the module is present, else scalar; package-private so tests compare the two.
     */
    static void nearest(boolean vector, float[] q, int qOff, int nq, float[] p, int pOff, int np, int dim, DistanceMetric metric,
                        float[] dist, int distOff, int[] idx, int idxOff) {
        checkSlice("queries", q, qOff, nq, dim);
        checkSlice("points", p, pOff, np, dim);
        Arrays.fill(dist, distOff, distOff + nq, Float.POSITIVE_INFINITY);
        Arrays.fill(idx, idxOff, idxOff + nq, np == 0 ? -1 : 0);
        if (np == 0 || nq == 0) return;
        if (vector && VECTOR && np < VectorNearestKernel.MAX_POINTS) {
            int pad = VectorNearestKernel.padded(np);
            float[] pT = VectorNearestKernel.transpose(p, pOff, np, dim, pad);
            VectorNearestKernel.nearest(q, qOff, nq, pT, pad, np, dim, metric == DistanceMetric.MANHATTAN, dist, distOff, idx, idxOff);
            return;
        }
        for (int i = 0; i < nq; i++) {
            int qi = qOff + i * dim;
            float best = Float.POSITIVE_INFINITY;
            int bi = 0;
            for (int j = 0; j < np; j++) {
                float d = metric.distance(q, qi, p, pOff + j * dim, dim);
                if (d < best) {
                    best = d;
                    bi = j;
                }
            }
            dist[distOff + i] = best;
            idx[idxOff + i] = bi;
        }
    }

    /** {@link #nearest(float[], int, int, float[], int, int, int, DistanceMetric, float[], int, int[], int)} split over the shared pool by query. */
    public static void nearestParallel(float[] q, int qOff, int nq, float[] p, int pOff, int np, int dim, DistanceMetric metric,
                                       float[] dist, int distOff, int[] idx, int idxOff) {
        checkSlice("queries", q, qOff, nq, dim);
        checkSlice("points", p, pOff, np, dim);
        Parallel.forRange(nq, MIN_ROWS_PER_TASK, (from, to) ->
                nearest(q, qOff + from * dim, to - from, p, pOff, np, dim, metric, dist, distOff + from, idx, idxOff + from));
    }

    /** Double-precision {@link #nearest(float[], int, int, float[], int, int, int, DistanceMetric, float[], int, int[], int)}. */
    public static void nearest(double[] q, int qOff, int nq, double[] p, int pOff, int np, int dim, DistanceMetric metric,
                               double[] dist, int distOff, int[] idx, int idxOff) {
        nearest(VECTOR, q, qOff, nq, p, pOff, np, dim, metric, dist, distOff, idx, idxOff);
    }

    /** Double-precision {@link #nearest(boolean, float[], int, int, float[], int, int, int, DistanceMetric, float[], int, int[], int)}. */
    static void nearest(boolean vector, double[] q, int qOff, int nq, double[] p, int pOff, int np, int dim, DistanceMetric metric,
                        double[] dist, int distOff, int[] idx, int idxOff) {
        checkSlice("queries", q.length, qOff, nq, dim);
        checkSlice("points", p.length, pOff, np, dim);
        Arrays.fill(dist, distOff, distOff + nq, Double.POSITIVE_INFINITY);
        Arrays.fill(idx, idxOff, idxOff + nq, np == 0 ? -1 : 0);
        if (np == 0 || nq == 0) return;
        if (vector && VECTOR && np < VectorNearestKernelDouble.MAX_POINTS) {
            int pad = VectorNearestKernelDouble.padded(np);
            double[] pT = VectorNearestKernelDouble.transpose(p, pOff, np, dim, pad);
            VectorNearestKernelDouble.nearest(q, qOff, nq, pT, pad, np, dim, metric == DistanceMetric.MANHATTAN, dist, distOff, idx, idxOff);
            return;
        }
        for (int i = 0; i < nq; i++) {
            int qi = qOff + i * dim;
            double best = Double.POSITIVE_INFINITY;
            int bi = 0;
            for (int j = 0; j < np; j++) {
                double d = metric.distance(q, qi, p, pOff + j * dim, dim);
                if (d < best) {
                    best = d;
                    bi = j;
                }
            }
            dist[distOff + i] = best;
            idx[idxOff + i] = bi;
        }
    }

    /** {@link #nearest(double[], int, int, double[], int, int, int, DistanceMetric, double[], int, int[], int)} split over the shared pool by query. */
    public static void nearestParallel(double[] q, int qOff, int nq, double[] p, int pOff, int np, int dim, DistanceMetric metric,
                                       double[] dist, int distOff, int[] idx, int idxOff) {
        checkSlice("queries", q.length, qOff, nq, dim);
        checkSlice("points", p.length, pOff, np, dim);
        Parallel.forRange(nq, MIN_ROWS_PER_TASK, (from, to) ->
                nearest(q, qOff + from * dim, to - from, p, pOff, np, dim, metric, dist, distOff + from, idx, idxOff + from));
    }

    /**
     * Both directions in one pass over all pairs: for each x its nearest y ({@code distXY}, {@code idxXY} at
     * {@code xyOff}) and for each y its nearest x ({@code distYX}, {@code idxYX} at {@code yxOff}). Calling thread only.
     */
    public static void bidirectional(float[] x, int xOff, int nx, float[] y, int yOff, int ny, int dim, DistanceMetric metric,
                                     float[] distXY, int[] idxXY, int xyOff, float[] distYX, int[] idxYX, int yxOff) {
        bidirectional(VECTOR, false, x, xOff, nx, y, yOff, ny, dim, metric, distXY, idxXY, xyOff, distYX, idxYX, yxOff);
    }

    /** {@link #bidirectional(float[], int, int, float[], int, int, int, DistanceMetric, float[], int[], int, float[], int[], int)} split by x rows over the shared pool; per-task column minima are merged in row order. */
    public static void bidirectionalParallel(float[] x, int xOff, int nx, float[] y, int yOff, int ny, int dim, DistanceMetric metric,
                                             float[] distXY, int[] idxXY, int xyOff, float[] distYX, int[] idxYX, int yxOff) {
        bidirectional(VECTOR, true, x, xOff, nx, y, yOff, ny, dim, metric, distXY, idxXY, xyOff, distYX, idxYX, yxOff);
    }

    /**
     * The two-directional search on the Vector API if {@code vector} and the module is present, split over the pool if
     * {@code parallel}; package-private so tests compare all four variants.
     */
    static void bidirectional(boolean vector, boolean parallel, float[] x, int xOff, int nx, float[] y, int yOff, int ny,
                              int dim, DistanceMetric metric,
                              float[] distXY, int[] idxXY, int xyOff, float[] distYX, int[] idxYX, int yxOff) {
        checkSlice("x", x, xOff, nx, dim);
        checkSlice("y", y, yOff, ny, dim);
        Arrays.fill(distXY, xyOff, xyOff + nx, Float.POSITIVE_INFINITY);
        Arrays.fill(idxXY, xyOff, xyOff + nx, ny == 0 ? -1 : 0);
        Arrays.fill(distYX, yxOff, yxOff + ny, Float.POSITIVE_INFINITY);
        Arrays.fill(idxYX, yxOff, yxOff + ny, nx == 0 ? -1 : 0);
        if (nx == 0 || ny == 0) return;
        boolean vec = vector && VECTOR && ny < VectorNearestKernel.MAX_POINTS && nx < VectorNearestKernel.MAX_POINTS;
        int pad = vec ? VectorNearestKernel.padded(ny) : ny;
        float[] yT = vec ? VectorNearestKernel.transpose(y, yOff, ny, dim, pad) : null;
        boolean l1 = metric == DistanceMetric.MANHATTAN;
        int tasks = parallel ? tasks(nx) : 1;
        float[][] colBest = new float[tasks][];
        float[][] colIdx = new float[tasks][];
        Parallel.forRange(tasks, 1, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int from = (int) ((long) nx * t / tasks), to = (int) ((long) nx * (t + 1) / tasks);
                float[] cb = new float[pad];
                float[] ci = new float[pad];
                Arrays.fill(cb, Float.POSITIVE_INFINITY);
                if (vec) {
                    VectorNearestKernel.fused(x, xOff, from, to, yT, pad, dim, l1, distXY, xyOff, idxXY, xyOff, cb, ci);
                } else {
                    scalarFused(x, xOff, from, to, y, yOff, ny, dim, metric, distXY, xyOff, idxXY, cb, ci);
                }
                colBest[t] = cb;
                colIdx[t] = ci;
            }
        });
        // Tasks cover ascending row ranges, so strict less-than keeps the lowest row index on ties.
        for (int j = 0; j < ny; j++) {
            float best = colBest[0][j];
            float bi = colIdx[0][j];
            for (int t = 1; t < tasks; t++) {
                if (colBest[t][j] < best) {
                    best = colBest[t][j];
                    bi = colIdx[t][j];
                }
            }
            distYX[yxOff + j] = best;
            idxYX[yxOff + j] = (int) bi;
        }
    }

    private static int tasks(int rows) {
        return Math.min(Parallel.threads(), Math.max(1, rows / MIN_ROWS_PER_TASK));
    }

    private static void scalarFused(float[] x, int xOff, int from, int to, float[] y, int yOff, int ny, int dim,
                                    DistanceMetric metric, float[] dist, int dOff, int[] idx, float[] colBest, float[] colIdx) {
        for (int i = from; i < to; i++) {
            int xi = xOff + i * dim;
            float best = Float.POSITIVE_INFINITY;
            int bi = 0;
            for (int j = 0; j < ny; j++) {
                float d = metric.distance(x, xi, y, yOff + j * dim, dim);
                if (d < best) {
                    best = d;
                    bi = j;
                }
                if (d < colBest[j]) {
                    colBest[j] = d;
                    colIdx[j] = i;
                }
            }
            dist[dOff + i] = best;
            idx[dOff + i] = bi;
        }
    }

    /** Double-precision {@link #bidirectional(float[], int, int, float[], int, int, int, DistanceMetric, float[], int[], int, float[], int[], int)}. */
    public static void bidirectional(double[] x, int xOff, int nx, double[] y, int yOff, int ny, int dim, DistanceMetric metric,
                                     double[] distXY, int[] idxXY, int xyOff, double[] distYX, int[] idxYX, int yxOff) {
        bidirectional(VECTOR, false, x, xOff, nx, y, yOff, ny, dim, metric, distXY, idxXY, xyOff, distYX, idxYX, yxOff);
    }

    /** Double-precision {@link #bidirectionalParallel(float[], int, int, float[], int, int, int, DistanceMetric, float[], int[], int, float[], int[], int)}. */
    public static void bidirectionalParallel(double[] x, int xOff, int nx, double[] y, int yOff, int ny, int dim, DistanceMetric metric,
                                             double[] distXY, int[] idxXY, int xyOff, double[] distYX, int[] idxYX, int yxOff) {
        bidirectional(VECTOR, true, x, xOff, nx, y, yOff, ny, dim, metric, distXY, idxXY, xyOff, distYX, idxYX, yxOff);
    }

    /** Double-precision {@link #bidirectional(boolean, boolean, float[], int, int, float[], int, int, int, DistanceMetric, float[], int[], int, float[], int[], int)}. */
    static void bidirectional(boolean vector, boolean parallel, double[] x, int xOff, int nx, double[] y, int yOff, int ny,
                              int dim, DistanceMetric metric,
                              double[] distXY, int[] idxXY, int xyOff, double[] distYX, int[] idxYX, int yxOff) {
        checkSlice("x", x.length, xOff, nx, dim);
        checkSlice("y", y.length, yOff, ny, dim);
        Arrays.fill(distXY, xyOff, xyOff + nx, Double.POSITIVE_INFINITY);
        Arrays.fill(idxXY, xyOff, xyOff + nx, ny == 0 ? -1 : 0);
        Arrays.fill(distYX, yxOff, yxOff + ny, Double.POSITIVE_INFINITY);
        Arrays.fill(idxYX, yxOff, yxOff + ny, nx == 0 ? -1 : 0);
        if (nx == 0 || ny == 0) return;
        boolean vec = vector && VECTOR && ny < VectorNearestKernelDouble.MAX_POINTS && nx < VectorNearestKernelDouble.MAX_POINTS;
        int pad = vec ? VectorNearestKernelDouble.padded(ny) : ny;
        double[] yT = vec ? VectorNearestKernelDouble.transpose(y, yOff, ny, dim, pad) : null;
        boolean l1 = metric == DistanceMetric.MANHATTAN;
        int tasks = parallel ? tasks(nx) : 1;
        double[][] colBest = new double[tasks][];
        double[][] colIdx = new double[tasks][];
        Parallel.forRange(tasks, 1, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int from = (int) ((long) nx * t / tasks), to = (int) ((long) nx * (t + 1) / tasks);
                double[] cb = new double[pad];
                double[] ci = new double[pad];
                Arrays.fill(cb, Double.POSITIVE_INFINITY);
                if (vec) {
                    VectorNearestKernelDouble.fused(x, xOff, from, to, yT, pad, dim, l1, distXY, xyOff, idxXY, xyOff, cb, ci);
                } else {
                    scalarFused(x, xOff, from, to, y, yOff, ny, dim, metric, distXY, xyOff, idxXY, cb, ci);
                }
                colBest[t] = cb;
                colIdx[t] = ci;
            }
        });
        // Tasks cover ascending row ranges, so strict less-than keeps the lowest row index on ties.
        for (int j = 0; j < ny; j++) {
            double best = colBest[0][j];
            double bi = colIdx[0][j];
            for (int t = 1; t < tasks; t++) {
                if (colBest[t][j] < best) {
                    best = colBest[t][j];
                    bi = colIdx[t][j];
                }
            }
            distYX[yxOff + j] = best;
            idxYX[yxOff + j] = (int) bi;
        }
    }

    private static void scalarFused(double[] x, int xOff, int from, int to, double[] y, int yOff, int ny, int dim,
                                    DistanceMetric metric, double[] dist, int dOff, int[] idx, double[] colBest, double[] colIdx) {
        for (int i = from; i < to; i++) {
            int xi = xOff + i * dim;
            double best = Double.POSITIVE_INFINITY;
            int bi = 0;
            for (int j = 0; j < ny; j++) {
                double d = metric.distance(x, xi, y, yOff + j * dim, dim);
                if (d < best) {
                    best = d;
                    bi = j;
                }
                if (d < colBest[j]) {
                    colBest[j] = d;
                    colIdx[j] = i;
                }
            }
            dist[dOff + i] = best;
            idx[dOff + i] = bi;
        }
    }

    static void checkSlice(String what, float[] a, int off, int n, int dim) {
        checkSlice(what, a.length, off, n, dim);
    }

    static void checkSlice(String what, int length, int off, int n, int dim) {
        if (dim < 1) throw new IllegalArgumentException("point dimension must be >= 1, got " + dim);
        if (n < 0 || off < 0 || (long) off + (long) n * dim > length) {
            throw new IllegalArgumentException(what + ": " + n + " points of dimension " + dim + " at offset " + off
                    + " do not fit in an array of length " + length);
        }
    }
}
