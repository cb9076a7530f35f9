package org.pointgrad.pointcloud.neighbors;

import java.util.Arrays;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.pointcloud.io.FloatList;
import org.pointgrad.pointcloud.io.IntList;

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
    /** Relative shrink of the cell bound before pruning: far above float rounding of a D-term sum (about D ulps). */
    private static final double PRUNE_SLACK = 1 - 1e-5;
    /** Absolute shrink, for distances so small that float terms underflow to 0. */
    private static final double PRUNE_FLOOR = 1e-30;

    private final int n;
    private final int dim;
    private final DistanceMetric metric;
    /** Points in tree order, packed (reordered in place during the build). */
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
        pts = java.util.Arrays.copyOfRange(coords, offset, offset + n * dim);
        buildRoot();
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

    /** Builds the root: the cell of the whole cloud is its bounding box. */
    private void buildRoot() {
        float[] mn = new float[dim], mx = new float[dim];
        java.util.Arrays.fill(mn, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(mx, Float.NEGATIVE_INFINITY);
        for (int t = 0; t < n * dim; t++) {
            int k = t % dim;
            if (pts[t] < mn[k]) mn[k] = pts[t];
            if (pts[t] > mx[k]) mx[k] = pts[t];
        }
        build(0, 0, n, mn, mx);
    }

    /**
     * Splits at the median along the widest side of the node's cell (the parent's cell cut at the split), which
     * avoids a pass over the points per dimension and node.
     */
    private void build(int node, int lo, int hi, float[] cellMin, float[] cellMax) {
        if (hi - lo <= LEAF_SIZE) {
            splitDim[node] = -1;
            return;
        }
        int best = 0;
        float bestSpread = -1;
        for (int k = 0; k < dim; k++) {
            if (cellMax[k] - cellMin[k] > bestSpread) {
                bestSpread = cellMax[k] - cellMin[k];
                best = k;
            }
        }
        int mid = (lo + hi) >>> 1;
        select(best, lo, hi - 1, mid);
        float split = pts[mid * dim + best];
        splitDim[node] = (byte) best;
        splitVal[node] = split;
        float keep = cellMax[best];
        cellMax[best] = split;
        build(2 * node + 1, lo, mid, cellMin, cellMax);
        cellMax[best] = keep;
        keep = cellMin[best];
        cellMin[best] = split;
        build(2 * node + 2, mid, hi, cellMin, cellMax);
        cellMin[best] = keep;
    }

    /**
     * Quickselect on points lo..hi (inclusive) by coordinate k, moving points and their original indices together,
     * so point kth ends in sorted position with no larger coordinate before it and no smaller one after it.
     */
    private void select(int k, int lo, int hi, int kth) {
        while (hi > lo) {
            int m = (lo + hi) >>> 1;
            // median of three as pivot keeps sorted and duplicate-heavy inputs near O(n)
            float a = pts[lo * dim + k], b = pts[m * dim + k], d = pts[hi * dim + k];
            float pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), d));
            int i = lo, j = hi;
            while (i <= j) {
                while (pts[i * dim + k] < pivot) i++;
                while (pts[j * dim + k] > pivot) j--;
                if (i <= j) {
                    swapPoints(i, j);
                    i++;
                    j--;
                }
            }
            if (kth <= j) hi = j;
            else if (kth >= i) lo = i;
            else return;
        }
    }

    private void swapPoints(int i, int j) {
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        for (int k = 0, a = i * dim, b = j * dim; k < dim; k++, a++, b++) {
            float v = pts[a];
            pts[a] = pts[b];
            pts[b] = v;
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
                if (n > 0) s.search(0, 0, n, 0);
                if (s.bestIdx == Integer.MAX_VALUE) s.bestIdx = 0; // every distance overflowed, as brute force reports
                dist[dOff + i] = s.best;
                idx[iOff + i] = s.bestIdx;
            }
        });
    }

    /**
     * Nearest point for every point of {@code queries} (a tree over the query cloud), written at the queries'
     * original indices. Visiting the queries in their tree order keeps consecutive searches in the same region,
     * and each search starts from the previous answer as a candidate, which prunes most of the tree at once.
     * Results equal those of {@link #nearestAll(float[], int, int, float[], int, int[], int)}.
     */
    public void nearestAll(KdTree queries, float[] dist, int dOff, int[] idx, int iOff) {
        if (queries.dim != dim) {
            throw new IllegalArgumentException("KdTree.nearestAll: query tree has dimension " + queries.dim + ", this tree " + dim);
        }
        int nq = queries.n;
        float[] qp = queries.pts;
        Parallel.forRange(nq, MIN_QUERIES_PER_TASK, (from, to) -> {
            Nearest s = new Nearest(qp, 0);
            int prev = -1;
            for (int i = from; i < to; i++) {
                s.qOff = i * dim;
                if (n == 0) {
                    s.best = Float.POSITIVE_INFINITY;
                    s.bestIdx = -1;
                } else {
                    if (prev >= 0) {
                        // a real candidate, so the tie rule still holds: only points at <= this distance are visited
                        s.best = metric.distance(qp, s.qOff, pts, prev * dim, dim);
                        s.bestIdx = perm[prev];
                        s.bestPos = prev;
                    } else {
                        s.best = Float.POSITIVE_INFINITY;
                        s.bestIdx = Integer.MAX_VALUE;
                        s.bestPos = -1;
                    }
                    s.search(0, 0, n, 0);
                    if (s.bestIdx == Integer.MAX_VALUE) {
                        s.bestIdx = 0; // every distance overflowed, as brute force reports
                        s.bestPos = -1;
                    }
                    prev = s.bestPos;
                }
                int orig = queries.perm[i];
                dist[dOff + orig] = s.best;
                idx[iOff + orig] = s.bestIdx;
            }
        });
    }

    /**
     * Single-nearest search state, one per thread. The search keeps the distance from the query to the current
     * cell ({@code cell}, a sum of per-dimension terms in {@code off}) and updates it incrementally when crossing a
     * splitting plane (Arya and Mount), which prunes far more than the plane distance alone. The bound is kept in
     * double and shrunk by a relative slack before pruning, so float rounding in point distances can never make it
     * exceed a true candidate's distance; results stay identical to brute force.
     */
    private final class Nearest {
        final float[] q;
        final double[] off = new double[dim];
        int qOff;
        float best = Float.POSITIVE_INFINITY;
        int bestIdx = -1;
        /** Tree position of the best point, for warm-starting the next query. */
        int bestPos = -1;

        Nearest(float[] q, int qOff) {
            this.q = q;
            this.qOff = qOff;
        }

        void search(int node, int lo, int hi, double cell) {
            int sd = splitDim[node];
            if (sd < 0) {
                if (dim == 3 && metric == DistanceMetric.SQUARED_EUCLIDEAN) scan3(lo, hi);
                else scan(lo, hi);
                return;
            }
            int mid = (lo + hi) >>> 1;
            double diff = (double) q[qOff + sd] - splitVal[node];
            boolean leftNear = diff < 0;
            if (leftNear) search(2 * node + 1, lo, mid, cell);
            else search(2 * node + 2, mid, hi, cell);
            double old = off[sd];
            double far = cell - metric.term(old) + metric.term(diff);
            if (far * PRUNE_SLACK - PRUNE_FLOOR <= best) {
                off[sd] = diff;
                if (leftNear) search(2 * node + 2, mid, hi, far);
                else search(2 * node + 1, lo, mid, far);
                off[sd] = old;
            }
        }

        private void scan(int lo, int hi) {
            for (int t = lo; t < hi; t++) {
                float d = metric.distance(q, qOff, pts, t * dim, dim);
                if (d < best || (d == best && perm[t] < bestIdx)) {
                    best = d;
                    bestIdx = perm[t];
                    bestPos = t;
                }
            }
        }

        /** D = 3, squared Euclidean: the same arithmetic as {@link DistanceMetric#distance}, unrolled. */
        private void scan3(int lo, int hi) {
            float qx = q[qOff], qy = q[qOff + 1], qz = q[qOff + 2];
            for (int t = lo; t < hi; t++) {
                int o = 3 * t;
                float dx = qx - pts[o], dy = qy - pts[o + 1], dz = qz - pts[o + 2];
                float d = dx * dx + dy * dy + dz * dz;
                if (d < best || (d == best && perm[t] < bestIdx)) {
                    best = d;
                    bestIdx = perm[t];
                    bestPos = t;
                }
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
        IntList found = new IntList();
        FloatList fd = new FloatList();
        if (n > 0) radius(q, qOff, maxDistance, 0, 0, n, found, fd);
        Integer[] order = new Integer[found.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> fd.get(a) != fd.get(b) ? Float.compare(fd.get(a), fd.get(b))
                : Integer.compare(found.get(a), found.get(b)));
        int[] out = new int[order.length];
        for (int i = 0; i < out.length; i++) out[i] = found.get(order[i]);
        return out;
    }

    private void radius(float[] q, int qOff, float r, int node, int lo, int hi, IntList found, FloatList fd) {
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
