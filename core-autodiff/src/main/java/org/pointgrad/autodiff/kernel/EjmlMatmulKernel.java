package org.pointgrad.autodiff.kernel;

/**
 * The portable fallback: EJML's row-major multiply for dense, unit-offset operands, plain loops otherwise.
 * Used when the Vector API is absent or when {@code -Dpointgrad.kernel=ejml} is set.
 */
public final class EjmlMatmulKernel implements MatmulKernel {

    @Override
    public String name() {
        return "ejml";
    }

    @Override
    public void sgemm(
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
            boolean accumulate) {
        EjmlSgemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    @Override
    public void dgemm(
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
            boolean accumulate) {
        EjmlDgemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
}
