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
 * <p>The searches are {@link BruteForceFloat} and {@link BruteForceDouble}, rendered from one template; this class
 * holds what both share.
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
