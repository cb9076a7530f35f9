package org.pointgrad.pointcloud.neighbors;

import org.pointgrad.autodiff.kernel.Parallel;

/**
 * Exhaustive nearest-neighbour search on packed coordinate slices ({@code n} points of dimension {@code dim}
 * starting at an offset). Float and double searches use the Vector API when the {@code jdk.incubator.vector} module
 * is present (disable with {@code -Dpointgrad.neighbors.scalar=true}); the fallback is scalar loops.
 *
 * <p>Contract shared by all methods and both precisions: the distance is the {@link DistanceMetric} sum (squared for
 * Euclidean); ties go to the lowest index; a NaN distance never counts as nearer; with no candidates the distance is
 * +inf and the index -1; if every distance overflows to +inf (or is NaN) the distance is +inf and the index 0.
 *
 * <p>The searches themselves are rendered from one template per element type (BruteForceFloat, BruteForceDouble);
 * this class is their public face.
 */
public final class BruteForceNearest {
    static final boolean VECTOR = !Boolean.getBoolean("pointgrad.neighbors.scalar")
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    /** Query rows per parallel task in the single-cloud fused search: fewer and the column merge dominates. */
    static final int MIN_ROWS_PER_TASK = 256;

    private BruteForceNearest() {}

    /** True when float and double searches run on the Vector API. */
    public static boolean vectorized() {
        return VECTOR;
    }

    /**
     * For each of the {@code nq} queries at {@code q[qOff..]}, the nearest of the {@code np} points at {@code
     * p[pOff..]}:
     * distance into {@code dist[distOff + i]}, index (0-based within the slice) into {@code idx[idxOff + i]}.
     * Runs on the calling thread.
     */
    public static void nearest(
            float[] q,
            int qOff,
            int nq,
            float[] p,
            int pOff,
            int np,
            int dim,
            DistanceMetric metric,
            float[] dist,
            int distOff,
            int[] idx,
            int idxOff) {
        BruteForceFloat.nearest(VECTOR, q, qOff, nq, p, pOff, np, dim, metric, dist, distOff, idx, idxOff);
    }

    /**
     * Double-precision {@link #nearest(float[], int, int, float[], int, int, int, DistanceMetric, float[], int, int[],
     * int)}.
     */
    public static void nearest(
            double[] q,
            int qOff,
            int nq,
            double[] p,
            int pOff,
            int np,
            int dim,
            DistanceMetric metric,
            double[] dist,
            int distOff,
            int[] idx,
            int idxOff) {
        BruteForceDouble.nearest(VECTOR, q, qOff, nq, p, pOff, np, dim, metric, dist, distOff, idx, idxOff);
    }

    /**
     * {@link #nearest(float[], int, int, float[], int, int, int, DistanceMetric, float[], int, int[], int)} on the
     * Vector API if {@code vector} and the module is present, else scalar; package-private so tests compare the two.
     */
    static void nearest(
            boolean vector,
            float[] q,
            int qOff,
            int nq,
            float[] p,
            int pOff,
            int np,
            int dim,
            DistanceMetric metric,
            float[] dist,
            int distOff,
            int[] idx,
            int idxOff) {
        BruteForceFloat.nearest(vector, q, qOff, nq, p, pOff, np, dim, metric, dist, distOff, idx, idxOff);
    }

    /**
     * Double-precision {@link #nearest(boolean, float[], int, int, float[], int, int, int, DistanceMetric, float[],
     * int, int[], int)}.
     */
    static void nearest(
            boolean vector,
            double[] q,
            int qOff,
            int nq,
            double[] p,
            int pOff,
            int np,
            int dim,
            DistanceMetric metric,
            double[] dist,
            int distOff,
            int[] idx,
            int idxOff) {
        BruteForceDouble.nearest(vector, q, qOff, nq, p, pOff, np, dim, metric, dist, distOff, idx, idxOff);
    }

    /**
     * {@link #nearest(float[], int, int, float[], int, int, int, DistanceMetric, float[], int, int[], int)} split over
     * the shared pool by query.
     */
    public static void nearestParallel(
            float[] q,
            int qOff,
            int nq,
            float[] p,
            int pOff,
            int np,
            int dim,
            DistanceMetric metric,
            float[] dist,
            int distOff,
            int[] idx,
            int idxOff) {
        BruteForceFloat.nearestParallel(q, qOff, nq, p, pOff, np, dim, metric, dist, distOff, idx, idxOff);
    }

    /**
     * {@link #nearest(double[], int, int, double[], int, int, int, DistanceMetric, double[], int, int[], int)} split
     * over the shared pool by query.
     */
    public static void nearestParallel(
            double[] q,
            int qOff,
            int nq,
            double[] p,
            int pOff,
            int np,
            int dim,
            DistanceMetric metric,
            double[] dist,
            int distOff,
            int[] idx,
            int idxOff) {
        BruteForceDouble.nearestParallel(q, qOff, nq, p, pOff, np, dim, metric, dist, distOff, idx, idxOff);
    }

    /**
     * Both directions in one pass over all pairs: for each x its nearest y ({@code distXY}, {@code idxXY} at
     * {@code xyOff}) and for each y its nearest x ({@code distYX}, {@code idxYX} at {@code yxOff}). Calling thread
     * only.
     */
    public static void bidirectional(
            float[] x,
            int xOff,
            int nx,
            float[] y,
            int yOff,
            int ny,
            int dim,
            DistanceMetric metric,
            float[] distXY,
            int[] idxXY,
            int xyOff,
            float[] distYX,
            int[] idxYX,
            int yxOff) {
        BruteForceFloat.bidirectional(
                VECTOR, false, x, xOff, nx, y, yOff, ny, dim, metric, distXY, idxXY, xyOff, distYX, idxYX, yxOff);
    }

    /**
     * Double-precision {@link #bidirectional(float[], int, int, float[], int, int, int, DistanceMetric, float[], int[],
     * int, float[], int[], int)}.
     */
    public static void bidirectional(
            double[] x,
            int xOff,
            int nx,
            double[] y,
            int yOff,
            int ny,
            int dim,
            DistanceMetric metric,
            double[] distXY,
            int[] idxXY,
            int xyOff,
            double[] distYX,
            int[] idxYX,
            int yxOff) {
        BruteForceDouble.bidirectional(
                VECTOR, false, x, xOff, nx, y, yOff, ny, dim, metric, distXY, idxXY, xyOff, distYX, idxYX, yxOff);
    }

    /**
     * {@link #bidirectional(float[], int, int, float[], int, int, int, DistanceMetric, float[], int[], int, float[],
     * int[], int)} split by x rows over the shared pool; per-task column minima are merged in row order.
     */
    public static void bidirectionalParallel(
            float[] x,
            int xOff,
            int nx,
            float[] y,
            int yOff,
            int ny,
            int dim,
            DistanceMetric metric,
            float[] distXY,
            int[] idxXY,
            int xyOff,
            float[] distYX,
            int[] idxYX,
            int yxOff) {
        BruteForceFloat.bidirectional(
                VECTOR, true, x, xOff, nx, y, yOff, ny, dim, metric, distXY, idxXY, xyOff, distYX, idxYX, yxOff);
    }

    /**
     * Double-precision {@link #bidirectionalParallel(float[], int, int, float[], int, int, int, DistanceMetric,
     * float[], int[], int, float[], int[], int)}.
     */
    public static void bidirectionalParallel(
            double[] x,
            int xOff,
            int nx,
            double[] y,
            int yOff,
            int ny,
            int dim,
            DistanceMetric metric,
            double[] distXY,
            int[] idxXY,
            int xyOff,
            double[] distYX,
            int[] idxYX,
            int yxOff) {
        BruteForceDouble.bidirectional(
                VECTOR, true, x, xOff, nx, y, yOff, ny, dim, metric, distXY, idxXY, xyOff, distYX, idxYX, yxOff);
    }

    /**
     * The two-directional search on the Vector API if {@code vector} and the module is present, split over the pool if
     * {@code parallel}; package-private so tests compare all four variants.
     */
    static void bidirectional(
            boolean vector,
            boolean parallel,
            float[] x,
            int xOff,
            int nx,
            float[] y,
            int yOff,
            int ny,
            int dim,
            DistanceMetric metric,
            float[] distXY,
            int[] idxXY,
            int xyOff,
            float[] distYX,
            int[] idxYX,
            int yxOff) {
        BruteForceFloat.bidirectional(
                vector, parallel, x, xOff, nx, y, yOff, ny, dim, metric, distXY, idxXY, xyOff, distYX, idxYX, yxOff);
    }

    /**
     * Double-precision {@link #bidirectional(boolean, boolean, float[], int, int, float[], int, int, int,
     * DistanceMetric, float[], int[], int, float[], int[], int)}.
     */
    static void bidirectional(
            boolean vector,
            boolean parallel,
            double[] x,
            int xOff,
            int nx,
            double[] y,
            int yOff,
            int ny,
            int dim,
            DistanceMetric metric,
            double[] distXY,
            int[] idxXY,
            int xyOff,
            double[] distYX,
            int[] idxYX,
            int yxOff) {
        BruteForceDouble.bidirectional(
                vector, parallel, x, xOff, nx, y, yOff, ny, dim, metric, distXY, idxXY, xyOff, distYX, idxYX, yxOff);
    }

    static int tasks(int rows) {
        return Math.min(Parallel.threads(), Math.max(1, rows / MIN_ROWS_PER_TASK));
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
