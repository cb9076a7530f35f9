package org.pointgrad.pointcloud.neighbors;

import java.util.Arrays;
import org.pointgrad.autodiff.kernel.Parallel;

/**
 * A k-d tree over packed float points of any dimension, for nearest, k-nearest and radius queries.
 *
 * <p>Built in O(n log n) expected time by median splits (quickselect) on the dimension of widest spread; the
 * points are copied into tree order so leaf scans read contiguous memory. Node {@code k} has children
 * {@code 2k+1} and {@code 2k+2}, and a node over points [lo, hi) splits at {@code (lo+hi)/2}, so no child
 * pointers or ranges are stored.
 *
 * <p>Results are exactly those of {@link BruteForceNearest}: distances are computed the same way, ties go to
 * the lowest original index, and pruning uses {@code <=} against a bound that floating-point rounding cannot
 * overestimate (each far-side coordinate term is at least the splitting-plane term).
 * Instances are immutable and safe to query from several threads.
 */
public final class KdTree {
    /** Points per leaf: small enough to prune well, large enough to amortize the descent. */
    private static final int LEAF_SIZE = 8;
    private static final int MIN_QUERIES_PER_TASK = 512;

    private final int n;
    private final int dim;
    private final DistanceMetric metric;
    /** Points in tree order, packed. */
    private final float[] pts;
    /** Original index of each tree-order point. */
    private final int[] perm;
    /** Split dimension per node, -1 for a leaf. */
    private final byte[] splitDim;
    private final float[] splitVal;

    /** Builds a squared-Euclidean tree over {@code n} points of dimension {@code dim} at {@code coords[offset..]} (copied). */
    public KdTree(float[] coords, int offset, int n, int dim) {
        this(coords, offset, n, dim, DistanceMetric.SQUARED_EUCLIDEAN);
    }

    /** Builds a tree over {@code n} points of dimension {@code dim} at {@code coords[offset..]} (copied), searched under {@code metric}. */
    public KdTree(float[] coords, int offset, int n, int dim, DistanceMetric metric) {
        BruteForceNearest.checkSlice("KdTree points", coords, offset, n, dim);
        if (dim > Byte.MAX_VALUE) throw new IllegalArgumentException("KdTree: dimension " + dim + " exceeds 127");
        this.n = n;
        this.dim = dim;
        this.metric = java.util.Objects.requireNonNull(metric, "metric");
        int nodes = 1;
        while (nodes * LEAF_SIZE < n) nodes <<= 1;
        nodes = 2 * nodes; // a complete tree with that many leaves, rounded up
        splitDim = new byte[nodes];
        splitVal = new float[nodes];
        perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        build(coords, offset, 0, 0, n);
        pts = new float[n * dim];
        for (int t = 0; t < n; t++) System.arraycopy(coords, offset + perm[t] * dim, pts, t * dim, dim);
    }

    /** Builds a tree over all points of a packed array of dimension {@code dim}. */
    public static KdTree of(float[] coords, int dim) {
        if (dim < 1 || coords.length % dim != 0) {
            throw new IllegalArgumentException("KdTree.of: array length " + coords.length + " is not a multiple of dimension " + dim);
        }
        return new KdTree(coords, 0, coords.length / dim, dim);
    }

    /** Number of points. */
    public int size() {
        return n;
    }

    /** Point dimension. */
    public int dimension() {
        return dim;
    }

    /** The metric the tree searches under. */
    public DistanceMetric metric() {
        return metric;
    }

    private void build(float[] c, int off, int node, int lo, int hi) {
        if (hi - lo <= LEAF_SIZE) {
            splitDim[node] = -1;
            return;
        }
        int best = 0;
        float bestSpread = -1;
        for (int k = 0; k < dim; k++) {
            float mn = Float.POSITIVE_INFINITY, mx = Float.NEGATIVE_INFINITY;
            for (int t = lo; t < hi; t++) {
                float v = c[off + perm[t] * dim + k];
                if (v < mn) mn = v;
                if (v > mx) mx = v;
            }
            if (mx - mn > bestSpread) {
                bestSpread = mx - mn;
                best = k;
            }
        }
        int mid = (lo + hi) >>> 1;
        select(c, off, best, lo, hi - 1, mid);
        splitDim[node] = (byte) best;
        splitVal[node] = c[off + perm[mid] * dim + best];
        build(c, off, 2 * node + 1, lo, mid);
        build(c, off, 2 * node + 2, mid, hi);
    }

    /** Quickselect on perm[lo..hi] (inclusive) by coordinate k so perm[kth] is in sorted position. */
    private void select(float[] c, int off, int k, int lo, int hi, int kth) {
        while (hi > lo) {
            int m = (lo + hi) >>> 1;
            // median of three as pivot keeps sorted and duplicate-heavy inputs near O(n)
            float a = c[off + perm[lo] * dim + k], b = c[off + perm[m] * dim + k], d = c[off + perm[hi] * dim + k];
            float pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), d));
            int i = lo, j = hi;
            while (i <= j) {
                while (c[off + perm[i] * dim + k] < pivot) i++;
                while (c[off + perm[j] * dim + k] > pivot) j--;
                if (i <= j) {
                    int t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                    i++;
                    j--;
                }
            }
            if (kth <= j) hi = j;
            else if (kth >= i) lo = i;
            else return;
        }
    }

    private void checkQuery(float[] q, int qOff) {
        if (qOff < 0 || qOff + dim > q.length) {
            throw new IllegalArgumentException("KdTree query: offset " + qOff + " + dimension " + dim + " exceeds array length " + q.length);
        }
    }

    /** Index of the nearest point to the query at {@code q[qOff..]}, or -1 for an empty tree. */
    public int nearest(float[] q, int qOff) {
        checkQuery(q, qOff);
        float[] d = new float[1];
        int[] i = new int[1];
        nearestAll(q, qOff, 1, d, 0, i, 0);
        return i[0];
    }

    /** Nearest point for each of {@code nq} queries at {@code q[qOff..]}, spaced {@code dimension()} apart: distances into {@code dist[dOff..]}, indices into {@code idx[iOff..]}; parallel over queries. */
    public void nearestAll(float[] q, int qOff, int nq, float[] dist, int dOff, int[] idx, int iOff) {
        BruteForceNearest.checkSlice("KdTree queries", q, qOff, nq, dim);
        Parallel.forRange(nq, MIN_QUERIES_PER_TASK, (from, to) -> {
            Nearest s = new Nearest(q, 0);
            for (int i = from; i < to; i++) {
                s.qOff = qOff + i * dim;
                s.best = Float.POSITIVE_INFINITY;
                s.bestIdx = n == 0 ? -1 : Integer.MAX_VALUE;
                if (n > 0) s.search(0, 0, n);
                if (s.bestIdx == Integer.MAX_VALUE) s.bestIdx = 0; // every distance overflowed, as brute force reports
                dist[dOff + i] = s.best;
                idx[iOff + i] = s.bestIdx;
            }
        });
    }

    /** Single-nearest search state; one per thread. */
    private final class Nearest {
        final float[] q;
        int qOff;
        float best = Float.POSITIVE_INFINITY;
        int bestIdx = -1;

        Nearest(float[] q, int qOff) {
            this.q = q;
            this.qOff = qOff;
        }

        void search(int node, int lo, int hi) {
            int sd = splitDim[node];
            if (sd < 0) {
                for (int t = lo; t < hi; t++) {
                    float d = metric.distance(q, qOff, pts, t * dim, dim);
                    if (d < best || (d == best && perm[t] < bestIdx)) {
                        best = d;
                        bestIdx = perm[t];
                    }
                }
                return;
            }
            int mid = (lo + hi) >>> 1;
            float diff = q[qOff + sd] - splitVal[node];
            if (diff < 0) {
                search(2 * node + 1, lo, mid);
                if (metric.term(diff) <= best) search(2 * node + 2, mid, hi);
            } else {
                search(2 * node + 2, mid, hi);
                if (metric.term(diff) <= best) search(2 * node + 1, lo, mid);
            }
        }
    }

    /**
     * The {@code k} nearest points to the query, nearest first (ties by lowest index); fewer if the tree has fewer.
     * Their distances go to {@code distOut} when it is non-null (length at least the result length).
     */
    public int[] nearestK(float[] q, int qOff, int k, float[] distOut) {
        checkQuery(q, qOff);
        if (k < 0) throw new IllegalArgumentException("KdTree.nearestK: k must be >= 0, got " + k);
        int kk = Math.min(k, n);
        float[] hd = new float[kk];
        int[] hi = new int[kk];
        int[] size = {0};
        if (kk > 0) knn(q, qOff, 0, 0, n, hd, hi, size);
        // heap -> ascending by (distance, index)
        Integer[] order = new Integer[size[0]];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> hd[a] != hd[b] ? Float.compare(hd[a], hd[b]) : Integer.compare(hi[a], hi[b]));
        int[] out = new int[order.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = hi[order[i]];
            if (distOut != null) distOut[i] = hd[order[i]];
        }
        return out;
    }

    private static boolean worse(float da, int ia, float db, int ib) {
        return da > db || (da == db && ia > ib);
    }

    /** Max-heap (by distance, then index) of the best candidates so far. */
    private void knn(float[] q, int qOff, int node, int lo, int hi, float[] hd, int[] hidx, int[] size) {
        int sd = splitDim[node];
        int cap = hd.length;
        if (sd < 0) {
            for (int t = lo; t < hi; t++) {
                float d = metric.distance(q, qOff, pts, t * dim, dim);
                int id = perm[t];
                if (size[0] < cap) {
                    int c = size[0]++;
                    hd[c] = d;
                    hidx[c] = id;
                    while (c > 0) {
                        int p = (c - 1) >>> 1;
                        if (!worse(hd[c], hidx[c], hd[p], hidx[p])) break;
                        swap(hd, hidx, c, p);
                        c = p;
                    }
                } else if (worse(hd[0], hidx[0], d, id)) {
                    hd[0] = d;
                    hidx[0] = id;
                    int c = 0;
                    while (true) {
                        int l = 2 * c + 1, r = l + 1, m = c;
                        if (l < cap && worse(hd[l], hidx[l], hd[m], hidx[m])) m = l;
                        if (r < cap && worse(hd[r], hidx[r], hd[m], hidx[m])) m = r;
                        if (m == c) break;
                        swap(hd, hidx, c, m);
                        c = m;
                    }
                }
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        float diff = q[qOff + sd] - splitVal[node];
        boolean leftFirst = diff < 0;
        if (leftFirst) knn(q, qOff, 2 * node + 1, lo, mid, hd, hidx, size);
        else knn(q, qOff, 2 * node + 2, mid, hi, hd, hidx, size);
        if (size[0] < cap || metric.term(diff) <= hd[0]) {
            if (leftFirst) knn(q, qOff, 2 * node + 2, mid, hi, hd, hidx, size);
            else knn(q, qOff, 2 * node + 1, lo, mid, hd, hidx, size);
        }
    }

    private static void swap(float[] d, int[] i, int a, int b) {
        float td = d[a];
        d[a] = d[b];
        d[b] = td;
        int ti = i[a];
        i[a] = i[b];
        i[b] = ti;
    }

    /**
     * All points within {@code maxDistance} of the query (inclusive), in the tree's metric units — so a squared
     * radius for {@link DistanceMetric#SQUARED_EUCLIDEAN} — sorted by distance, then index.
     */
    public int[] withinDistance(float[] q, int qOff, float maxDistance) {
        checkQuery(q, qOff);
        it.unimi.dsi.fastutil.ints.IntArrayList found = new it.unimi.dsi.fastutil.ints.IntArrayList();
        it.unimi.dsi.fastutil.floats.FloatArrayList fd = new it.unimi.dsi.fastutil.floats.FloatArrayList();
        if (n > 0) radius(q, qOff, maxDistance, 0, 0, n, found, fd);
        Integer[] order = new Integer[found.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> fd.getFloat(a) != fd.getFloat(b) ? Float.compare(fd.getFloat(a), fd.getFloat(b))
                : Integer.compare(found.getInt(a), found.getInt(b)));
        int[] out = new int[order.length];
        for (int i = 0; i < out.length; i++) out[i] = found.getInt(order[i]);
        return out;
    }

    private void radius(float[] q, int qOff, float r, int node, int lo, int hi,
                        it.unimi.dsi.fastutil.ints.IntArrayList found, it.unimi.dsi.fastutil.floats.FloatArrayList fd) {
        int sd = splitDim[node];
        if (sd < 0) {
            for (int t = lo; t < hi; t++) {
                float d = metric.distance(q, qOff, pts, t * dim, dim);
                if (d <= r) {
                    found.add(perm[t]);
                    fd.add(d);
                }
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        float diff = q[qOff + sd] - splitVal[node];
        float t = metric.term(diff);
        if (diff < 0 || t <= r) radius(q, qOff, r, 2 * node + 1, lo, mid, found, fd);
        if (diff >= 0 || t <= r) radius(q, qOff, r, 2 * node + 2, mid, hi, found, fd);
    }
}
