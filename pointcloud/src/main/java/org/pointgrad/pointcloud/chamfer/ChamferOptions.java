package org.pointgrad.pointcloud.chamfer;

import java.util.Objects;
import org.pointgrad.pointcloud.neighbors.SearchStrategy;

/**
 * Options of the Chamfer distance, mirroring PyTorch3D's {@code chamfer_distance}. Immutable; each
 * {@code with...} returns a modified copy. {@link #defaults()} is AtlasNet's loss: mean squared nearest-neighbour
 * distance x to y plus y to x, averaged over the batch.
 */
public final class ChamferOptions {
    private final ChamferReduction pointReduction;
    private final ChamferReduction batchReduction;
    private final ChamferNorm norm;
    private final boolean singleDirectional;
    private final double[] weights;
    private final int[] xLengths;
    private final int[] yLengths;
    private final SearchStrategy strategy;

    private ChamferOptions(
            ChamferReduction pointReduction,
            ChamferReduction batchReduction,
            ChamferNorm norm,
            boolean singleDirectional,
            double[] weights,
            int[] xLengths,
            int[] yLengths,
            SearchStrategy strategy) {
        this.pointReduction = Objects.requireNonNull(pointReduction, "pointReduction");
        this.batchReduction = Objects.requireNonNull(batchReduction, "batchReduction");
        this.norm = Objects.requireNonNull(norm, "norm");
        this.singleDirectional = singleDirectional;
        this.weights = weights;
        this.xLengths = xLengths;
        this.yLengths = yLengths;
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        if (pointReduction == ChamferReduction.NONE && batchReduction != ChamferReduction.NONE) {
            throw new IllegalArgumentException(
                    "ChamferOptions: batch reduction must be NONE when point reduction is NONE (as in PyTorch3D), got "
                            + batchReduction);
        }
        if (weights != null) {
            for (int b = 0; b < weights.length; b++) {
                if (!(weights[b] >= 0) || Double.isInfinite(weights[b])) {
                    throw new IllegalArgumentException(
                            "ChamferOptions: weight " + b + " must be finite and >= 0, got " + weights[b]);
                }
            }
        }
    }

    /**
     * AtlasNet's loss: point MEAN, batch MEAN, squared L2, both directions, no weights or lengths, automatic search.
     */
    public static ChamferOptions defaults() {
        return new ChamferOptions(
                ChamferReduction.MEAN,
                ChamferReduction.MEAN,
                ChamferNorm.SQUARED_L2,
                false,
                null,
                null,
                null,
                SearchStrategy.AUTO);
    }

    /** Reduction over the points of each cloud. */
    public ChamferReduction pointReduction() {
        return pointReduction;
    }

    /** Reduction over the batch (must be NONE when the point reduction is NONE). */
    public ChamferReduction batchReduction() {
        return batchReduction;
    }

    /** The distance form. */
    public ChamferNorm norm() {
        return norm;
    }

    /** True when only the x-to-y direction counts. */
    public boolean singleDirectional() {
        return singleDirectional;
    }

    /** Per-cloud weights (length B), or null for all ones. Not copied: do not modify. */
    public double[] weights() {
        return weights;
    }

    /** Valid point counts of the x clouds (length B), or null when all N points count. */
    public int[] xLengths() {
        return xLengths;
    }

    /** Valid point counts of the y clouds (length B), or null when all M points count. */
    public int[] yLengths() {
        return yLengths;
    }

    /** Brute force, k-d tree, or automatic by cloud size. */
    public SearchStrategy strategy() {
        return strategy;
    }

    /** With the given point reduction. */
    public ChamferOptions withPointReduction(ChamferReduction r) {
        return new ChamferOptions(r, batchReduction, norm, singleDirectional, weights, xLengths, yLengths, strategy);
    }

    /** With the given batch reduction. */
    public ChamferOptions withBatchReduction(ChamferReduction r) {
        return new ChamferOptions(pointReduction, r, norm, singleDirectional, weights, xLengths, yLengths, strategy);
    }

    /** With both reductions at once (needed to switch to point reduction NONE, which requires batch reduction NONE). */
    public ChamferOptions withReductions(ChamferReduction point, ChamferReduction batch) {
        return new ChamferOptions(point, batch, norm, singleDirectional, weights, xLengths, yLengths, strategy);
    }

    /** With the given norm. */
    public ChamferOptions withNorm(ChamferNorm n) {
        return new ChamferOptions(
                pointReduction, batchReduction, n, singleDirectional, weights, xLengths, yLengths, strategy);
    }

    /** Only x-to-y ({@code true}) or both directions. */
    public ChamferOptions withSingleDirectional(boolean single) {
        return new ChamferOptions(pointReduction, batchReduction, norm, single, weights, xLengths, yLengths, strategy);
    }

    /**
     * With per-cloud weights (copied), or null for none. With batch MEAN the weighted sum is divided by the weight sum.
     */
    public ChamferOptions withWeights(double[] w) {
        return new ChamferOptions(
                pointReduction,
                batchReduction,
                norm,
                singleDirectional,
                w == null ? null : w.clone(),
                xLengths,
                yLengths,
                strategy);
    }

    /** With valid point counts per cloud (copied; either may be null): only the first len points of a cloud count. */
    public ChamferOptions withLengths(int[] xLen, int[] yLen) {
        return new ChamferOptions(
                pointReduction,
                batchReduction,
                norm,
                singleDirectional,
                weights,
                xLen == null ? null : xLen.clone(),
                yLen == null ? null : yLen.clone(),
                strategy);
    }

    /** With the given search strategy. */
    public ChamferOptions withStrategy(SearchStrategy s) {
        return new ChamferOptions(
                pointReduction, batchReduction, norm, singleDirectional, weights, xLengths, yLengths, s);
    }

    @Override
    public String toString() {
        return "ChamferOptions[point=" + pointReduction + ", batch=" + batchReduction + ", norm=" + norm
                + (singleDirectional ? ", single-directional" : "") + (weights != null ? ", weighted" : "")
                + (xLengths != null || yLengths != null ? ", lengths" : "") + ", " + strategy + "]";
    }
}
