package org.pointgrad.autodiff.kernel;

import java.util.Optional;

/**
 * Row-major general matrix multiply: {@code C[m,n] = op(A)[m,k] * op(B)[k,n]} (or {@code +=} when accumulating).
 * {@code op(X)} is X or its transpose; leading dimensions are the row strides of the arrays as stored.
 * Implementations must be thread-safe and may use {@link Parallel} internally.
 */
public interface MatmulKernel {
    /**
     * {@code C = op(A) op(B)}, or {@code C += op(A) op(B)} when {@code accumulate}, in single precision: op(A) is
     * m x k, op(B) is k x n and C is m x n, each read from its offset with its leading dimension.
     */
    void sgemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate);

    /** {@link #sgemm} in double precision. */
    void dgemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            double[] a,
            int aOff,
            int lda,
            double[] b,
            int bOff,
            int ldb,
            double[] c,
            int cOff,
            int ldc,
            boolean accumulate);

    /**
     * {@code C = op(A) op(B)}, then {@code C[i, j] += bias[biasOff + j]} when {@code bias} is not null, then
     * {@code C = max(C, 0)} when {@code relu}: a linear layer's forward. This default runs the product and then the
     * epilogue as a second pass over C; a kernel may apply it while each tile is still in registers.
     */
    default void sgemmBiasRelu(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc,
            float[] bias,
            int biasOff,
            boolean relu) {
        SgemmEpilogue.biasRelu(
                this, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff, relu);
    }

    /**
     * Column maxima of a linear layer's output, without storing it: with {@code C} as in {@link #sgemmBiasRelu},
     * {@code into[intoOff + j] = max(into[intoOff + j], C[0, j], ..., C[m - 1, j])} (NaN propagates, as in
     * {@link Math#max}). This is PointNet's max pooling fused into its last layer. Safe to call from inside a
     * {@link Parallel} region; callers parallelise over row blocks. {@code packedB}: as for the bias/ReLU product
     * (may be null). The default computes C into a temporary array.
     */
    default void sgemmBiasReluMax(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] bias,
            int biasOff,
            boolean relu,
            float[] into,
            int intoOff,
            SgemmPackedB packedB) {
        SgemmEpilogue.biasReluMax(
                this, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, relu, into, intoOff, packedB);
    }

    /** Double-precision form of {@link #sgemmBiasRelu}. */
    default void dgemmBiasRelu(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            double[] a,
            int aOff,
            int lda,
            double[] b,
            int bOff,
            int ldb,
            double[] c,
            int cOff,
            int ldc,
            double[] bias,
            int biasOff,
            boolean relu) {
        DgemmEpilogue.biasRelu(
                this, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff, relu);
    }

    /** Double-precision form of {@link #sgemmBiasReluMax}. */
    default void dgemmBiasReluMax(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            double[] a,
            int aOff,
            int lda,
            double[] b,
            int bOff,
            int ldb,
            double[] bias,
            int biasOff,
            boolean relu,
            double[] into,
            int intoOff,
            DgemmPackedB packedB) {
        DgemmEpilogue.biasReluMax(
                this, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, relu, into, intoOff, packedB);
    }

    /**
     * op(B) (k x n) packed once for many products that share it, such as a layer's weights over row blocks, to pass
     * to the products that take one, together with the same {@code b} arguments. Null when this kernel does not pack
     * or the shape does not suit it; the products then pack op(B) themselves. B must not change while the result is
     * in use.
     */
    default SgemmPackedB packB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        return null;
    }

    /** Double-precision form of {@link #packB(boolean, int, int, float[], int, int)}. */
    default DgemmPackedB packB(boolean transB, int k, int n, double[] b, int bOff, int ldb) {
        return null;
    }

    /** {@link #sgemmBiasRelu} with op(B) already packed by {@link #packB} (ignored when null). */
    default void sgemmBiasRelu(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc,
            float[] bias,
            int biasOff,
            boolean relu,
            SgemmPackedB packedB) {
        sgemmBiasRelu(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff, relu);
    }

    /** {@link #dgemmBiasRelu} with op(B) already packed by {@link #packB} (ignored when null). */
    default void dgemmBiasRelu(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            double[] a,
            int aOff,
            int lda,
            double[] b,
            int bOff,
            int ldb,
            double[] c,
            int cOff,
            int ldc,
            double[] bias,
            int biasOff,
            boolean relu,
            DgemmPackedB packedB) {
        dgemmBiasRelu(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff, relu);
    }

    /**
     * One row of a per-channel affine map and ReLU: {@code o[oOff + j] = max(s[sOff + j] * a[j] + b[j], 0)} for
     * {@code j < n} (a product, then a sum, each rounded; {@link Math#max}'s rules for NaN and signed zeros), as
     * BatchNorm with a ReLU writes its output. Kernels may vectorise it; values are the same.
     */
    default void scaleShiftRelu(int n, float[] s, int sOff, float[] a, float[] b, float[] o, int oOff) {
        for (int j = 0; j < n; j++) o[oOff + j] = Math.max(s[sOff + j] * a[j] + b[j], 0f);
    }

    /** {@link #scaleShiftRelu(int, float[], int, float[], float[], float[], int)} in double precision. */
    default void scaleShiftRelu(int n, double[] s, int sOff, double[] a, double[] b, double[] o, int oOff) {
        for (int j = 0; j < n; j++) o[oOff + j] = Math.max(s[sOff + j] * a[j] + b[j], 0.0);
    }

    /**
     * The gradient through a ReLU for one row: {@code o[off + j] = g[off + j]} where the ReLU output
     * {@code y[off + j]} is not +0, else +0, bit for bit as {@code bits(g) & ~((bits(y) - 1) >> 31)}. Kernels may
     * vectorise it; values are the same.
     */
    default void reluMask(int n, float[] g, float[] y, int off, float[] o) {
        for (int j = 0; j < n; j++) {
            int drop = (Float.floatToRawIntBits(y[off + j]) - 1) >> 31;
            o[off + j] = Float.intBitsToFloat(Float.floatToRawIntBits(g[off + j]) & ~drop);
        }
    }

    /** {@link #reluMask(int, float[], float[], int, float[])} in double precision. */
    default void reluMask(int n, double[] g, double[] y, int off, double[] o) {
        for (int j = 0; j < n; j++) {
            long drop = (Double.doubleToRawLongBits(y[off + j]) - 1) >> 63;
            o[off + j] = Double.longBitsToDouble(Double.doubleToRawLongBits(g[off + j]) & ~drop);
        }
    }

    /**
     * This kernel's products in panel layout, for per-point layer chains that keep their activations in it; empty
     * when the kernel has none (callers then run the layers with the row-major products above).
     */
    default Optional<PanelKernel> panels() {
        return Optional.empty();
    }

    /** Short name for logs and benchmarks. */
    String name();
}
