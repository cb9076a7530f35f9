package org.pointgrad.vae.prior;

/** Cholesky factorization A = L L^T of small dense symmetric positive-definite matrices. */
final class Cholesky {
    private Cholesky() {}

    /**
     * The lower-triangular factor of {@code a} (only its lower triangle is read).
     *
     * @throws IllegalArgumentException when {@code a} is not (numerically) positive definite, naming the failing row
     */
    static double[][] lower(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double[] lj = l[j];
            double pivot = a[j][j];
            for (int p = 0; p < j; p++) pivot -= lj[p] * lj[p];
            // Written as !(pivot > 0) so NaN fails too.
            if (!(pivot > 0) || !Double.isFinite(pivot)) {
                throw new IllegalArgumentException("matrix is not positive definite (Cholesky pivot at row " + j + " is " + pivot + ")");
            }
            double diag = Math.sqrt(pivot);
            lj[j] = diag;
            for (int i = j + 1; i < n; i++) {
                double[] li = l[i];
                double s = a[i][j];
                for (int p = 0; p < j; p++) s -= li[p] * lj[p];
                li[j] = s / diag;
            }
        }
        return l;
    }

    /** log det(L L^T) for a factor returned by {@link #lower}. */
    static double logDeterminant(double[][] l) {
        double s = 0;
        for (int i = 0; i < l.length; i++) s += Math.log(l[i][i]);
        return 2 * s;
    }

    /** |L^{-1} v|^2 = v^T (L L^T)^{-1} v by forward substitution; {@code scratch} has length n. */
    static double mahalanobisSquared(double[][] l, double[] v, double[] scratch) {
        int n = l.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double[] li = l[i];
            double s = v[i];
            for (int p = 0; p < i; p++) s -= li[p] * scratch[p];
            double y = s / li[i];
            scratch[i] = y;
            sum += y * y;
        }
        return sum;
    }
}
