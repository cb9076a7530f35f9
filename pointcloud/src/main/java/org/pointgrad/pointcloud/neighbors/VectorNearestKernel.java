package org.pointgrad.pointcloud.neighbors;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API brute-force nearest-neighbour loops on float data. Loaded only when the
 * {@code jdk.incubator.vector} module is present; {@link BruteForceNearest} falls back to scalar loops otherwise.
 *
 * <p>The candidate points are transposed to structure-of-arrays form (one padded row per coordinate) so each
 * vector lane handles one candidate. Indices are carried in float lanes (exact up to {@link #MAX_POINTS}), which
 * avoids mask conversions between float and int species. Per-lane minima use strict less-than so the lowest index
 * wins a tie and a NaN distance never wins, matching the scalar reference exactly; distances are summed without fused
 * multiply-add for the same reason.
 *
 * <p>{@link VectorNearestKernelDouble} is generated from this class by pointcloud/gen-vector-nearest-double.sh
 * ({@code float} replaced by {@code double}): edit this class and regenerate.
 */
final class VectorNearestKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Candidates per cache block: 3 coordinates x 2048 candidates plus column state stay within L2 in either precision. */
    private static final int BLOCK = 2048;
    private static final float[] IOTA = new float[L];

    static {
        for (int i = 0; i < L; i++) IOTA[i] = i;
    }

    private VectorNearestKernel() {}

    /** Bound on candidate and query counts: below 2^24 every index is exact in float lanes. */
    static final int MAX_POINTS = 1 << 24;

    static int padded(int n) {
        return (n + L - 1) / L * L;
    }

    /** Transposes {@code n} points of dimension {@code dim} to rows of length {@code pad}, padding with +inf. */
    static float[] transpose(float[] p, int off, int n, int dim, int pad) {
        float[] t = new float[dim * pad];
        for (int k = 0; k < dim; k++) {
            int row = k * pad;
            for (int j = 0; j < n; j++) t[row + j] = p[off + j * dim + k];
            for (int j = n; j < pad; j++) t[row + j] = Float.POSITIVE_INFINITY;
        }
        return t;
    }

    /** One-directional search: for each query its nearest candidate. {@code dist}/{@code idx} must be preset to +inf/0. */
    static void nearest(float[] q, int qOff, int nq, float[] pT, int pad, int np, int dim, boolean l1,
                        float[] dist, int dOff, int[] idx, int iOff) {
        float[] xb = new float[dim * L];
        for (int jb = 0; jb < pad; jb += BLOCK) {
            int je = Math.min(pad, jb + BLOCK);
            for (int i = 0; i < nq; i++) {
                for (int k = 0; k < dim; k++) java.util.Arrays.fill(xb, k * L, (k + 1) * L, q[qOff + i * dim + k]);
                FloatVector best = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
                FloatVector bidx = FloatVector.zero(S);
                FloatVector jv = FloatVector.fromArray(S, IOTA, 0).add((float) jb);
                for (int j = jb; j < je; j += L) {
                    FloatVector acc = distance(xb, pT, pad, dim, j, l1);
                    VectorMask<Float> m = acc.lt(best);
                    best = best.blend(acc, m);
                    bidx = bidx.blend(jv, m);
                    jv = jv.add((float) L);
                }
                storeRowMin(best, bidx, dist, dOff + i, idx, iOff + i);
            }
        }
    }

    private static FloatVector distance(float[] xb, float[] pT, int pad, int dim, int j, boolean l1) {
        FloatVector diff = FloatVector.fromArray(S, xb, 0).sub(FloatVector.fromArray(S, pT, j));
        FloatVector acc = l1 ? diff.abs() : diff.mul(diff);
        for (int k = 1; k < dim; k++) {
            diff = FloatVector.fromArray(S, xb, k * L).sub(FloatVector.fromArray(S, pT, k * pad + j));
            acc = acc.add(l1 ? diff.abs() : diff.mul(diff));
        }
        return acc;
    }

    /** Merges one row's per-lane minima into the running best, keeping the lowest index among equal minima. */
    private static void storeRowMin(FloatVector best, FloatVector bidx, float[] dist, int d, int[] idx, int ii) {
        float mn = best.reduceLanes(VectorOperators.MIN);
        if (mn < dist[d]) {
            dist[d] = mn;
            idx[ii] = (int) bidx.blend(Float.POSITIVE_INFINITY, best.eq(mn).not()).reduceLanes(VectorOperators.MIN);
        }
    }

    /**
     * Fused two-directional search over query rows [from, to): updates each row's nearest candidate
     * ({@code dist}/{@code idx}, preset to +inf/0) and each candidate's nearest row ({@code colBest}/{@code colIdx},
     * length {@code pad}, preset to +inf/0; row indices stored as floats).
     */
    static void fused(float[] q, int qOff, int from, int to, float[] pT, int pad, int dim, boolean l1,
                      float[] dist, int dOff, int[] idx, int iOff, float[] colBest, float[] colIdx) {
        if (dim == 3 && !l1) {
            fused3(q, qOff, from, to, pT, pad, dist, dOff, idx, iOff, colBest, colIdx);
            return;
        }
        float[] xb = new float[dim * L];
        for (int jb = 0; jb < pad; jb += BLOCK) {
            int je = Math.min(pad, jb + BLOCK);
            for (int i = from; i < to; i++) {
                for (int k = 0; k < dim; k++) java.util.Arrays.fill(xb, k * L, (k + 1) * L, q[qOff + i * dim + k]);
                FloatVector best = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
                FloatVector bidx = FloatVector.zero(S);
                FloatVector jv = FloatVector.fromArray(S, IOTA, 0).add((float) jb);
                FloatVector fi = FloatVector.broadcast(S, (float) i);
                for (int j = jb; j < je; j += L) {
                    FloatVector acc = distance(xb, pT, pad, dim, j, l1);
                    VectorMask<Float> m = acc.lt(best);
                    best = best.blend(acc, m);
                    bidx = bidx.blend(jv, m);
                    jv = jv.add((float) L);
                    FloatVector cb = FloatVector.fromArray(S, colBest, j);
                    VectorMask<Float> cm = acc.lt(cb);
                    cb.blend(acc, cm).intoArray(colBest, j);
                    FloatVector.fromArray(S, colIdx, j).blend(fi, cm).intoArray(colIdx, j);
                }
                storeRowMin(best, bidx, dist, dOff + i, idx, iOff + i);
            }
        }
    }

    /** The hot path: D = 3, squared Euclidean, two query rows per pass so candidate and column loads are shared. */
    private static void fused3(float[] q, int qOff, int from, int to, float[] pT, int pad,
                               float[] dist, int dOff, int[] idx, int iOff, float[] colBest, float[] colIdx) {
        int py = pad, pz = 2 * pad;
        for (int jb = 0; jb < pad; jb += BLOCK) {
            int je = Math.min(pad, jb + BLOCK);
            int i = from;
            for (; i + 1 < to; i += 2) {
                int o = qOff + i * 3;
                FloatVector ax = FloatVector.broadcast(S, q[o]), ay = FloatVector.broadcast(S, q[o + 1]), az = FloatVector.broadcast(S, q[o + 2]);
                FloatVector bx = FloatVector.broadcast(S, q[o + 3]), by = FloatVector.broadcast(S, q[o + 4]), bz = FloatVector.broadcast(S, q[o + 5]);
                FloatVector bestA = FloatVector.broadcast(S, Float.POSITIVE_INFINITY), bestB = bestA;
                FloatVector idxA = FloatVector.zero(S), idxB = idxA;
                FloatVector jv = FloatVector.fromArray(S, IOTA, 0).add((float) jb);
                FloatVector fa = FloatVector.broadcast(S, (float) i), fb = FloatVector.broadcast(S, (float) (i + 1));
                for (int j = jb; j < je; j += L) {
                    FloatVector yx = FloatVector.fromArray(S, pT, j);
                    FloatVector yy = FloatVector.fromArray(S, pT, py + j);
                    FloatVector yz = FloatVector.fromArray(S, pT, pz + j);
                    FloatVector dx = ax.sub(yx), dy = ay.sub(yy), dz = az.sub(yz);
                    FloatVector da = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
                    dx = bx.sub(yx);
                    dy = by.sub(yy);
                    dz = bz.sub(yz);
                    FloatVector db = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
                    VectorMask<Float> ma = da.lt(bestA);
                    bestA = bestA.blend(da, ma);
                    idxA = idxA.blend(jv, ma);
                    VectorMask<Float> mb = db.lt(bestB);
                    bestB = bestB.blend(db, mb);
                    idxB = idxB.blend(jv, mb);
                    jv = jv.add((float) L);
                    // Row i is offered to each column before row i+1, so a tie keeps the lower row index.
                    FloatVector cb = FloatVector.fromArray(S, colBest, j);
                    FloatVector ci = FloatVector.fromArray(S, colIdx, j);
                    VectorMask<Float> ca = da.lt(cb);
                    cb = cb.blend(da, ca);
                    ci = ci.blend(fa, ca);
                    VectorMask<Float> cbm = db.lt(cb);
                    cb.blend(db, cbm).intoArray(colBest, j);
                    ci.blend(fb, cbm).intoArray(colIdx, j);
                }
                storeRowMin(bestA, idxA, dist, dOff + i, idx, iOff + i);
                storeRowMin(bestB, idxB, dist, dOff + i + 1, idx, iOff + i + 1);
            }
            if (i < to) {
                int o = qOff + i * 3;
                FloatVector ax = FloatVector.broadcast(S, q[o]), ay = FloatVector.broadcast(S, q[o + 1]), az = FloatVector.broadcast(S, q[o + 2]);
                FloatVector bestA = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
                FloatVector idxA = FloatVector.zero(S);
                FloatVector jv = FloatVector.fromArray(S, IOTA, 0).add((float) jb);
                FloatVector fa = FloatVector.broadcast(S, (float) i);
                for (int j = jb; j < je; j += L) {
                    FloatVector dx = ax.sub(FloatVector.fromArray(S, pT, j));
                    FloatVector dy = ay.sub(FloatVector.fromArray(S, pT, py + j));
                    FloatVector dz = az.sub(FloatVector.fromArray(S, pT, pz + j));
                    FloatVector da = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
                    VectorMask<Float> ma = da.lt(bestA);
                    bestA = bestA.blend(da, ma);
                    idxA = idxA.blend(jv, ma);
                    jv = jv.add((float) L);
                    FloatVector cb = FloatVector.fromArray(S, colBest, j);
                    VectorMask<Float> ca = da.lt(cb);
                    cb.blend(da, ca).intoArray(colBest, j);
                    FloatVector.fromArray(S, colIdx, j).blend(fa, ca).intoArray(colIdx, j);
                }
                storeRowMin(bestA, idxA, dist, dOff + i, idx, iOff + i);
            }
        }
    }
}
