package org.pointgrad.pointcloud.chamfer;

import java.util.Arrays;

/**
 * The output of {@link ChamferKernel#forward} together with what the backward pass needs: the nearest-neighbour
 * indices and raw distances of both directions.
 *
 * <p>Output shape: {@code []} (scalar) when the batch is reduced; {@code [B]} for batch reduction NONE;
 * {@code [B, N + M]} for point reduction NONE (x-to-y terms of each cloud first, then y-to-x terms), or
 * {@code [B, N]} when single-directional. Padding points (beyond a cloud's length) have index -1 and term 0.
 */
public final class ChamferResult {
    final int batch, n, m, dim;
    final ChamferOptions options;
    final int[] xLen, yLen;
    final double[] distXY, distYX;
    final int[] idxXY, idxYX;
    final double[] output;
    final int[] shape;

    ChamferResult(
            int batch,
            int n,
            int m,
            int dim,
            ChamferOptions options,
            int[] xLen,
            int[] yLen,
            double[] distXY,
            int[] idxXY,
            double[] distYX,
            int[] idxYX,
            double[] output,
            int[] shape) {
        this.batch = batch;
        this.n = n;
        this.m = m;
        this.dim = dim;
        this.options = options;
        this.xLen = xLen;
        this.yLen = yLen;
        this.distXY = distXY;
        this.idxXY = idxXY;
        this.distYX = distYX;
        this.idxYX = idxYX;
        this.output = output;
        this.shape = shape;
    }

    /** The loss values, row-major in {@link #shape()}. Shared: do not modify. */
    public double[] output() {
        return output;
    }

    /** The loss as a scalar; throws when the output is not a single value. */
    public double value() {
        if (output.length != 1 || shape.length != 0) {
            throw new IllegalStateException(
                    "ChamferResult.value: output has shape " + Arrays.toString(shape) + ", not a scalar");
        }
        return output[0];
    }

    /** Output shape (see class comment). */
    public int[] shape() {
        return shape.clone();
    }

    /** Nearest y (index within its cloud) of each x point, (B, N); -1 for padding. Shared: do not modify. */
    public int[] indicesXY() {
        return idxXY;
    }

    /** Nearest x of each y point, (B, M); -1 for padding, null when single-directional. Shared: do not modify. */
    public int[] indicesYX() {
        return idxYX;
    }

    /** Raw nearest distance (squared Euclidean, or L1 for {@link ChamferNorm#L1}) of each x point, (B, N). */
    public double[] distancesXY() {
        return distXY;
    }

    /** Raw nearest distance of each y point, (B, M); null when single-directional. */
    public double[] distancesYX() {
        return distYX;
    }

    /** The options used. */
    public ChamferOptions options() {
        return options;
    }

    /** Batch size B. */
    public int batch() {
        return batch;
    }

    /** Points per x cloud N (including padding). */
    public int n() {
        return n;
    }

    /** Points per y cloud M (including padding). */
    public int m() {
        return m;
    }

    /** Point dimension D. */
    public int dim() {
        return dim;
    }
}
