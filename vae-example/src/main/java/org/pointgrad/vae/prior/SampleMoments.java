package org.pointgrad.vae.prior;

/** Checks a data matrix and computes its mean and (maximum-likelihood, divide-by-n) covariance. */
final class SampleMoments {
    private SampleMoments() {}

    /**
     * The column count of {@code data} after checking it is a non-empty rectangular matrix of finite values.
     *
     * @throws IllegalArgumentException naming the first bad row and column
     */
    static int checkData(double[][] data) {
        if (data == null || data.length == 0)
            throw new IllegalArgumentException("prior fit: need at least one data point, got none");
        if (data[0] == null || data[0].length == 0)
            throw new IllegalArgumentException("prior fit: row 0 is empty; expected codes with at least one dimension");
        int d = data[0].length;
        for (int i = 0; i < data.length; i++) {
            double[] row = data[i];
            if (row == null || row.length != d) {
                throw new IllegalArgumentException("prior fit: row " + i + " has " + (row == null ? "no" : row.length)
                        + " values, expected " + d + " like row 0");
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(row[j]))
                    throw new IllegalArgumentException(
                            "prior fit: row " + i + ", column " + j + " is " + row[j] + "; expected a finite value");
            }
        }
        return d;
    }

    static double[] mean(double[][] data) {
        int d = data[0].length;
        double[] m = new double[d];
        for (double[] row : data) for (int j = 0; j < d; j++) m[j] += row[j];
        for (int j = 0; j < d; j++) m[j] /= data.length;
        return m;
    }

    /** Covariance about {@code mean}, divided by n (the maximum-likelihood estimate, as in the GMM M-step). */
    static double[][] covariance(double[][] data, double[] mean) {
        int d = mean.length;
        double[][] c = new double[d][d];
        double[] diff = new double[d];
        for (double[] row : data) {
            for (int j = 0; j < d; j++) diff[j] = row[j] - mean[j];
            for (int a = 0; a < d; a++) {
                double da = diff[a];
                double[] ca = c[a];
                for (int b = 0; b <= a; b++) ca[b] += da * diff[b];
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                c[a][b] /= data.length;
                c[b][a] = c[a][b];
            }
        }
        return c;
    }

    /** trace(c) / d: the average per-dimension variance, the scale the regularization is relative to. */
    static double meanVariance(double[][] c) {
        double t = 0;
        for (int i = 0; i < c.length; i++) t += c[i][i];
        return t / c.length;
    }

    static void addToDiagonal(double[][] c, double amount) {
        for (int i = 0; i < c.length; i++) c[i][i] += amount;
    }
}
