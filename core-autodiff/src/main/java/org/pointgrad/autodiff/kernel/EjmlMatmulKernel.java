package org.pointgrad.autodiff.kernel;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;

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
    public void dgemm(boolean transA, boolean transB, int m, int n, int k,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double[] c, int cOff, int ldc, boolean accumulate) {
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        if (aOff == 0 && bOff == 0 && cOff == 0 && lda == aCols && ldb == bCols && ldc == n
                && a.length == aRows * aCols && b.length == bRows * bCols && c.length == m * n) {
            DMatrixRMaj A = DMatrixRMaj.wrap(aRows, aCols, a);
            DMatrixRMaj B = DMatrixRMaj.wrap(bRows, bCols, b);
            DMatrixRMaj C = DMatrixRMaj.wrap(m, n, c);
            if (accumulate) {
                if (transA && transB) CommonOps_DDRM.multAddTransAB(A, B, C);
                else if (transA) CommonOps_DDRM.multAddTransA(A, B, C);
                else if (transB) CommonOps_DDRM.multAddTransB(A, B, C);
                else CommonOps_DDRM.multAdd(A, B, C);
            } else {
                if (transA && transB) CommonOps_DDRM.multTransAB(A, B, C);
                else if (transA) CommonOps_DDRM.multTransA(A, B, C);
                else if (transB) CommonOps_DDRM.multTransB(A, B, C);
                else CommonOps_DDRM.mult(A, B, C);
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = accumulate ? c[ci] + s : s;
            }
        }
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        if (aOff == 0 && bOff == 0 && cOff == 0 && lda == aCols && ldb == bCols && ldc == n
                && a.length == aRows * aCols && b.length == bRows * bCols && c.length == m * n) {
            FMatrixRMaj A = FMatrixRMaj.wrap(aRows, aCols, a);
            FMatrixRMaj B = FMatrixRMaj.wrap(bRows, bCols, b);
            FMatrixRMaj C = FMatrixRMaj.wrap(m, n, c);
            if (accumulate) {
                if (transA && transB) CommonOps_FDRM.multAddTransAB(A, B, C);
                else if (transA) CommonOps_FDRM.multAddTransA(A, B, C);
                else if (transB) CommonOps_FDRM.multAddTransB(A, B, C);
                else CommonOps_FDRM.multAdd(A, B, C);
            } else {
                if (transA && transB) CommonOps_FDRM.multTransAB(A, B, C);
                else if (transA) CommonOps_FDRM.multTransA(A, B, C);
                else if (transB) CommonOps_FDRM.multTransB(A, B, C);
                else CommonOps_FDRM.mult(A, B, C);
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = accumulate ? c[ci] + s : s;
            }
        }
    }
}
