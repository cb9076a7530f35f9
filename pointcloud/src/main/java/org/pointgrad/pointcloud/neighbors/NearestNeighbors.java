package org.pointgrad.pointcloud.neighbors;

import java.util.Arrays;
import org.pointgrad.autodiff.kernel.Parallel;

/**
 * Nearest-neighbour search that picks brute force or a {@link KdTree} from the problem size.
 * Both give identical results (same distances, lowest index on ties), so the choice only affects speed.
 */
public final class NearestNeighbors {
    /**
     * Below this many candidate points brute force wins: the vectorized scan of a few thousand points is
     * cheaper than building a tree and walking it. Measured on a 2-core AVX2 machine (single-threaded CPU time of a
     * two-way Chamfer pass on uniform clouds): N = M = 2048 brute 1.8 ms vs tree 3.8 ms, 4096 about equal, 8192 brute
     * 25 ms vs tree 16 ms.
     */
    public static final int TREE_MIN_POINTS = 4096;
    /** Below this many query-point pairs the whole brute-force search costs less than a tree build. */
    public static final long TREE_MIN_PAIRS = 1L << 24;

    private NearestNeighbors() {}

    /** True when {@link SearchStrategy#AUTO} would use a tree for {@code nq} queries against {@code np} points. */
    public static boolean useTree(int nq, int np) {
        return np >= TREE_MIN_POINTS && (long) nq * np >= TREE_MIN_PAIRS;
    }

    /** Resolves AUTO to a concrete strategy for the given sizes. */
    public static SearchStrategy resolve(SearchStrategy s, int nq, int np) {
        if (s == SearchStrategy.AUTO) return useTree(nq, np) ? SearchStrategy.KD_TREE : SearchStrategy.BRUTE_FORCE;
        return s;
    }

    /**
     * For each of the {@code nq} queries at {@code q[qOff..]} (dimension {@code dim}) its nearest of the {@code np}
     * points at {@code p[pOff..]}: distance into {@code dist[distOff + i]} and index into {@code idx[idxOff + i]}.
     * Runs in parallel on the shared pool.
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
            SearchStrategy strategy,
            float[] dist,
            int distOff,
            int[] idx,
            int idxOff) {
        if (resolve(strategy, nq, np) == SearchStrategy.KD_TREE) {
            new KdTree(p, pOff, np, dim, metric).nearestAll(q, qOff, nq, dist, distOff, idx, idxOff);
        } else {
            BruteForceFloat.nearestParallel(q, qOff, nq, p, pOff, np, dim, metric, dist, distOff, idx, idxOff);
        }
    }

    /**
     * Squared-Euclidean nearest neighbours of whole packed arrays; returns the indices and fills {@code dist} when
     * non-null.
     */
    public static int[] nearest(float[] queries, float[] points, int dim, float[] dist) {
        if (queries.length % dim != 0 || points.length % dim != 0) {
            throw new IllegalArgumentException("NearestNeighbors.nearest: array lengths " + queries.length + " and "
                    + points.length + " must be multiples of dimension " + dim);
        }
        int nq = queries.length / dim;
        int[] idx = new int[nq];
        float[] d = dist != null ? dist : new float[nq];
        nearest(
                queries,
                0,
                nq,
                points,
                0,
                points.length / dim,
                dim,
                DistanceMetric.SQUARED_EUCLIDEAN,
                SearchStrategy.AUTO,
                d,
                0,
                idx,
                0);
        return idx;
    }

    /**
     * The {@code k} nearest points of each query (row i = query i, nearest first); uses a tree unless forced to brute
     * force.
     */
    public static int[][] nearestK(
            float[] q, int nq, float[] p, int np, int dim, int k, DistanceMetric metric, SearchStrategy strategy) {
        BruteForceNearest.checkSlice("queries", q, 0, nq, dim);
        int[][] out = new int[nq][];
        if (strategy == SearchStrategy.BRUTE_FORCE) {
            Parallel.forRange(nq, 64, (from, to) -> {
                for (int i = from; i < to; i++) out[i] = bruteK(q, i * dim, p, np, dim, k, metric);
            });
        } else {
            KdTree t = new KdTree(p, 0, np, dim, metric);
            Parallel.forRange(nq, 64, (from, to) -> {
                for (int i = from; i < to; i++) out[i] = t.nearestK(q, i * dim, k, null);
            });
        }
        return out;
    }

    private static int[] bruteK(float[] q, int qOff, float[] p, int np, int dim, int k, DistanceMetric metric) {
        float[] d = new float[np];
        Integer[] order = new Integer[np];
        for (int j = 0; j < np; j++) {
            d[j] = metric.distance(q, qOff, p, j * dim, dim);
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> d[a] != d[b] ? Float.compare(d[a], d[b]) : Integer.compare(a, b));
        int kk = Math.min(k, np);
        int[] out = new int[kk];
        for (int i = 0; i < kk; i++) out[i] = order[i];
        return out;
    }
}
