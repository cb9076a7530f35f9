package org.pointgrad.autodiff.kernel;

/**
 * Row-major general matrix multiply: {@code C[m,n] = op(A)[m,k] * op(B)[k,n]} (or {@code +=} when accumulating).
 * {@code op(X)} is X or its transpose; leading dimensions are the row strides of the arrays as stored.
 * Implementations must be thread-safe and may use {@link Parallel} internally.
 */
public interface MatmulKernel {
    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float[] c, int cOff, int ldc, boolean accumulate);

    void dgemm(boolean transA, boolean transB, int m, int n, int k,
               double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
               double[] c, int cOff, int ldc, boolean accumulate);

    /** Short name for logs and benchmarks. */
    String name();
}
