package org.pointgrad.pointcloud.chamfer;

import java.util.Arrays;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

/**
 * Chamfer distance as an autodiff op over batches of point clouds: x (B, N, D) and y (B, M, D), both FLOAT32 or
 * both FLOAT64. The forward pass runs {@link ChamferKernel} and keeps its nearest-neighbour indices; the backward
 * pass scatters the analytic gradient through them (neighbours are held fixed, as in PyTorch3D and AtlasNet).
 *
 * <p>Output shape (same dtype as the inputs): scalar when the batch is reduced; (B) for batch reduction NONE;
 * (B, N + M) for point reduction NONE, each row holding the x-to-y terms then the y-to-x terms, or (B, N) when
 * single-directional. The backward reads x and y as they are when it runs, so do not modify their data between
 * this call and {@code backward()}.
 */
public final class ChamferDistance {
    /** Name under which the op appears in the autodiff graph. */
    public static final String OP_NAME = "chamfer_distance";

    private ChamferDistance() {}

    /**
     * AtlasNet's loss: mean squared nearest-neighbour distance x to y plus y to x, averaged over the batch (a scalar).
     */
    public static Tensor compute(Tensor x, Tensor y) {
        return compute(x, y, ChamferOptions.defaults());
    }

    /** The Chamfer distance with the given options (see the class comment for the output shape). */
    public static Tensor compute(Tensor x, Tensor y, ChamferOptions options) {
        int[] xs = x.shape(), ys = y.shape();
        if (xs.length != 3 || ys.length != 3) {
            throw new IllegalArgumentException("ChamferDistance: expected x (B, N, D) and y (B, M, D), got shapes "
                    + Arrays.toString(xs) + " and " + Arrays.toString(ys));
        }
        if (xs[0] != ys[0] || xs[2] != ys[2]) {
            throw new IllegalArgumentException("ChamferDistance: batch size and point dimension must match, got x "
                    + Arrays.toString(xs) + " and y " + Arrays.toString(ys));
        }
        if (x.dtype() != y.dtype()) {
            throw new IllegalArgumentException("ChamferDistance: x is " + x.dtype() + " but y is " + y.dtype());
        }
        int batch = xs[0], n = xs[1], m = ys[1], dim = xs[2];
        boolean single = x.dtype() == DType.FLOAT32;
        ChamferResult r = single
                ? ChamferKernel.forward(x.floatData(), y.floatData(), batch, n, m, dim, options)
                : ChamferKernel.forward(x.doubleData(), y.doubleData(), batch, n, m, dim, options);
        double[] values = r.output();
        int[] shape = r.shape();
        Tensor out;
        if (single) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
            out = Tensor.wrap(f, shape);
        } else {
            out = Tensor.wrap(values.clone(), shape);
        }
        return Autograd.record(
                OP_NAME,
                out,
                g -> {
                    double[] go = g.toDoubleArray();
                    if (single) {
                        float[] gx = new float[x.numel()], gy = new float[y.numel()];
                        ChamferKernel.backward(r, x.floatData(), y.floatData(), go, gx, gy);
                        return new Tensor[] {Tensor.wrap(gx, xs), Tensor.wrap(gy, ys)};
                    }
                    double[] gx = new double[x.numel()], gy = new double[y.numel()];
                    ChamferKernel.backward(r, x.doubleData(), y.doubleData(), go, gx, gy);
                    return new Tensor[] {Tensor.wrap(gx, xs), Tensor.wrap(gy, ys)};
                },
                x,
                y);
    }
}
