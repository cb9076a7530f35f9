package org.pointgrad.autodiff.kernel;

/**
 * Validation of GEMM arguments shared by the kernels, so a wrong shape or stride fails with a message naming
 * the operand and the bound it broke instead of an out-of-bounds index deep inside a packed loop.
 */
final class GemmArgs {
    private GemmArgs() {}

    /**
     * Checks sizes, leading dimensions and that every addressed element lies inside its array.
     *
     * @throws IllegalArgumentException naming the first argument that is out of range
     */
    static void check(
            String op,
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            int aLen,
            int aOff,
            int lda,
            int bLen,
            int bOff,
            int ldb,
            int cLen,
            int cOff,
            int ldc) {
        checkInputs(op, transA, transB, m, n, k, aLen, aOff, lda, bLen, bOff, ldb);
        operand(op, "C", m, n, cLen, cOff, ldc);
    }

    /** Checks op(B) (k x n) alone, for packing it ahead of the products that use it. */
    static void checkB(String op, boolean transB, int k, int n, int bLen, int bOff, int ldb) {
        if (n < 0 || k < 0) throw new IllegalArgumentException(op + ": sizes must be >= 0, got n=" + n + " k=" + k);
        operand(op, "B", transB ? n : k, transB ? k : n, bLen, bOff, ldb);
    }

    /** As {@link #check} for the two inputs only, for products whose C is reduced instead of stored. */
    static void checkInputs(
            String op,
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            int aLen,
            int aOff,
            int lda,
            int bLen,
            int bOff,
            int ldb) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        operand(op, "A", transA ? k : m, transA ? m : k, aLen, aOff, lda);
        operand(op, "B", transB ? n : k, transB ? k : n, bLen, bOff, ldb);
    }

    private static void operand(String op, String name, int rows, int cols, int len, int off, int ld) {
        if (off < 0) throw new IllegalArgumentException(op + ": " + name + " offset must be >= 0, got " + off);
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(op + ": leading dimension of " + name + " (stored " + rows + "x" + cols
                    + ") must be >= " + Math.max(1, cols) + ", got " + ld);
        }
        if (rows == 0 || cols == 0) return;
        long end = off + (long) (rows - 1) * ld + cols;
        if (end > len) {
            throw new IllegalArgumentException(op + ": " + name + " (stored " + rows + "x" + cols + ", offset " + off
                    + ", leading dimension " + ld + ") needs " + end + " elements but the array has " + len);
        }
    }

    /** Checks that {@code bias[biasOff, biasOff + n)} exists when a bias is given ({@code biasLen < 0}: none). */
    static void checkBias(String op, int n, int biasLen, int biasOff) {
        if (biasLen < 0) return;
        vector(op, "bias", n, biasLen, biasOff);
    }

    /** Checks that {@code v[off, off + n)} exists, naming the vector. */
    static void vector(String op, String name, int n, int len, int off) {
        if (off < 0 || (long) off + n > len) {
            throw new IllegalArgumentException(
                    op + ": " + name + " needs " + n + " elements from offset " + off + " but the array has " + len);
        }
    }
}
