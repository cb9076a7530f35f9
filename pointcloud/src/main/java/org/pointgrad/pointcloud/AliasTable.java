package org.pointgrad.pointcloud;

/**
 * Walker's alias table, built by Vose's method: picks index {@code i} of {@code m} with probability proportional to
 * its weight from one uniform number, in constant time. Cell {@code j} of the table is chosen uniformly; it keeps
 * {@code j} with probability {@code prob[j]} and otherwise gives its alias.
 */
final class AliasTable {
    private final double[] prob;
    private final int[] alias;

    /** A table over {@code weights[0..m)}, all positive and finite. */
    AliasTable(double[] weights, int m) {
        if (m < 1) throw new IllegalArgumentException("AliasTable: needs at least one weight, got " + m);
        prob = new double[m];
        alias = new int[m];
        double sum = 0;
        for (int i = 0; i < m; i++) sum += weights[i];
        double[] scaled = new double[m];
        int[] small = new int[m], large = new int[m];
        int ns = 0, nl = 0;
        for (int i = 0; i < m; i++) {
            scaled[i] = weights[i] * m / sum;
            if (scaled[i] < 1) small[ns++] = i;
            else large[nl++] = i;
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns], l = large[--nl];
            prob[s] = scaled[s];
            alias[s] = l;
            scaled[l] = (scaled[l] + scaled[s]) - 1;
            if (scaled[l] < 1) small[ns++] = l;
            else large[nl++] = l;
        }
        // What is left is at probability one up to rounding.
        while (nl > 0) {
            int l = large[--nl];
            prob[l] = 1;
            alias[l] = l;
        }
        while (ns > 0) {
            int s = small[--ns];
            prob[s] = 1;
            alias[s] = s;
        }
    }

    /** The index for a uniform {@code u} in [0, 1). */
    int pick(double u) {
        int m = prob.length;
        double x = u * m;
        int j = Math.min((int) x, m - 1);
        return x - j < prob[j] ? j : alias[j];
    }

    /** The probability of index {@code i} the table encodes (for tests). */
    double probability(int i) {
        int m = prob.length;
        double p = prob[i];
        for (int j = 0; j < m; j++) if (alias[j] == i && j != i) p += 1 - prob[j];
        return p / m;
    }
}
