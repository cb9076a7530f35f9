package org.pointgrad.autodiff;

import java.util.Arrays;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;

/**
 * Matrix product (..., n, k) @ (..., k, m) with NumPy broadcasting over the batch axes. The products run on the
 * active {@link MatmulKernel}; backward uses its transposed forms, so no transpose is materialised.
 */
final class MatmulOp {
    private MatmulOp() {}

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() < 2 || b.dim() < 2) {
            throw new IllegalArgumentException("matmul: both operands need rank >= 2, got " + Shapes.str(a.shape)
                    + " @ " + Shapes.str(b.shape) + " (use unsqueeze for vectors)");
        }
        int k = a.shape[a.dim() - 1];
        if (b.shape[b.dim() - 2] != k) {
            throw new IllegalArgumentException("matmul: " + Shapes.str(a.shape) + " @ " + Shapes.str(b.shape)
                    + ": inner dimensions " + k + " and " + b.shape[b.dim() - 2] + " differ");
        }
        if (a.dtype != b.dtype) {
            throw new IllegalArgumentException("matmul: dtype mismatch " + a.dtype + " vs " + b.dtype + " ("
                    + Shapes.str(a.shape) + " @ " + Shapes.str(b.shape) + "); convert one with to(DType)");
        }
        if (b.dim() == 2) return matmulShared(a, b);
        return matmulBatched(a, b);
    }

    /** (..., n, k) @ (k, m): one big product over all rows of {@code a}, the shape of a per-point linear layer. */
    private static Tensor matmulShared(Tensor a, Tensor b) {
        int k = b.shape[0], m = b.shape[1];
        int rows = a.numel() / Math.max(k, 1);
        if (k == 0) rows = Shapes.numel(Arrays.copyOf(a.shape, a.dim() - 1));
        int[] outShape = a.shape.clone();
        outShape[outShape.length - 1] = m;
        Tensor out = Tensor.zeros(a.dtype, outShape);
        gemm(false, false, rows, m, k, a, 0, k, b, 0, m, out, 0, m, false);
        final int n = rows;
        return Autograd.record(
                "matmul",
                out,
                g -> {
                    Tensor ga = null, gb = null;
                    if (a.requiresGrad) {
                        ga = Autograd.gradientBuffer(a.dtype, a.shape);
                        gemm(false, true, n, k, m, g, 0, m, b, 0, m, ga, 0, k, false);
                    }
                    if (b.requiresGrad) {
                        gb = Autograd.gradientBuffer(b.dtype, b.shape);
                        gemm(true, false, k, m, n, a, 0, k, g, 0, m, gb, 0, m, false);
                    }
                    return new Tensor[] {ga, gb};
                },
                a,
                b);
    }

    private static Tensor matmulBatched(Tensor a, Tensor b) {
        int ra = a.dim(), rb = b.dim();
        int n = a.shape[ra - 2], k = a.shape[ra - 1], m = b.shape[rb - 1];
        int[] ba = Arrays.copyOf(a.shape, ra - 2), bb = Arrays.copyOf(b.shape, rb - 2);
        int[] batch;
        try {
            batch = Shapes.broadcast("matmul", ba, bb);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: " + Shapes.str(a.shape) + " @ " + Shapes.str(b.shape)
                    + ": batch dimensions " + Shapes.str(ba) + " and " + Shapes.str(bb) + " cannot be broadcast");
        }
        int nb = Shapes.numel(batch);
        int[] sa = Shapes.broadcastStrides(ba, batch), sb = Shapes.broadcastStrides(bb, batch);
        int[] offA = new int[nb], offB = new int[nb];
        int[] bs = Shapes.strides(batch);
        for (int i = 0; i < nb; i++) {
            int rem = i, oa = 0, ob = 0;
            for (int d = 0; d < batch.length; d++) {
                int c = rem / bs[d];
                rem -= c * bs[d];
                oa += c * sa[d];
                ob += c * sb[d];
            }
            offA[i] = oa * n * k;
            offB[i] = ob * k * m;
        }
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = n;
        outShape[batch.length + 1] = m;
        Tensor out = Tensor.zeros(a.dtype, outShape);
        for (int i = 0; i < nb; i++)
            gemm(false, false, n, m, k, a, offA[i], k, b, offB[i], m, out, i * n * m, m, false);
        return Autograd.record(
                "matmul",
                out,
                g -> {
                    Tensor ga = null, gb = null;
                    if (a.requiresGrad) {
                        // Full batch shape: the engine sums over a's broadcast batch axes.
                        int[] s = Arrays.copyOf(batch, batch.length + 2);
                        s[batch.length] = n;
                        s[batch.length + 1] = k;
                        ga = Autograd.gradientBuffer(a.dtype, s);
                        for (int i = 0; i < nb; i++)
                            gemm(false, true, n, k, m, g, i * n * m, m, b, offB[i], m, ga, i * n * k, k, false);
                    }
                    if (b.requiresGrad) {
                        int[] s = Arrays.copyOf(batch, batch.length + 2);
                        s[batch.length] = k;
                        s[batch.length + 1] = m;
                        gb = Autograd.gradientBuffer(b.dtype, s);
                        for (int i = 0; i < nb; i++)
                            gemm(true, false, k, m, n, a, offA[i], k, g, i * n * m, m, gb, i * k * m, m, false);
                    }
                    return new Tensor[] {ga, gb};
                },
                a,
                b);
    }

    static void gemm(
            boolean ta,
            boolean tb,
            int m,
            int n,
            int k,
            Tensor a,
            int aOff,
            int lda,
            Tensor b,
            int bOff,
            int ldb,
            Tensor c,
            int cOff,
            int ldc,
            boolean acc) {
        if (m == 0 || n == 0) return;
        MatmulKernel kern = Kernels.matmul();
        if (k == 0) {
            // An empty sum: C is zero (or kept when accumulating). Filled row by row in the backing array with one
            // version bump, as one in-place write.
            if (!acc) {
                for (int i = 0; i < m; i++) {
                    int row = cOff + i * ldc;
                    if (c.dtype == DType.FLOAT64) Arrays.fill(c.d, row, row + n, 0.0);
                    else Arrays.fill(c.f, row, row + n, 0f);
                }
                c.bumpVersion();
            }
            return;
        }
        if (a.dtype == DType.FLOAT64) kern.dgemm(ta, tb, m, n, k, a.d, aOff, lda, b.d, bOff, ldb, c.d, cOff, ldc, acc);
        else kern.sgemm(ta, tb, m, n, k, a.f, aOff, lda, b.f, bOff, ldb, c.f, cOff, ldc, acc);
    }

    /**
     * {@code c = op(a) op(b) (+ bias per column) (then ReLU)}: a linear layer's forward through the kernel's fused
     * epilogue.
     */
    static void gemmBiasRelu(
            boolean ta,
            boolean tb,
            int m,
            int n,
            int k,
            Tensor a,
            int aOff,
            int lda,
            Tensor b,
            int bOff,
            int ldb,
            Tensor c,
            int cOff,
            int ldc,
            Tensor bias,
            boolean relu) {
        if (m == 0 || n == 0) return;
        // Both kernels handle k = 0 (all zeros, then the epilogue); MatmulKernelPropertyTest covers it.
        MatmulKernel kern = Kernels.matmul();
        if (a.dtype == DType.FLOAT64) {
            kern.dgemmBiasRelu(
                    ta,
                    tb,
                    m,
                    n,
                    k,
                    a.d,
                    aOff,
                    lda,
                    b.d,
                    bOff,
                    ldb,
                    c.d,
                    cOff,
                    ldc,
                    bias == null ? null : bias.d,
                    0,
                    relu);
        } else {
            kern.sgemmBiasRelu(
                    ta,
                    tb,
                    m,
                    n,
                    k,
                    a.f,
                    aOff,
                    lda,
                    b.f,
                    bOff,
                    ldb,
                    c.f,
                    cOff,
                    ldc,
                    bias == null ? null : bias.f,
                    0,
                    relu);
        }
    }
}
