package org.pointgrad.vae.prior;

/** Matches fitted components to true ones by trying every permutation (K is small in tests). */
final class Matching {
    private Matching() {}

    /** match[c] = index of the fitted mean paired with true mean c, minimizing the total squared distance. */
    static int[] bestMatch(double[][] truth, double[][] fitted) {
        int k = truth.length;
        int[] perm = new int[k];
        for (int i = 0; i < k; i++) perm[i] = i;
        int[] best = perm.clone();
        double[] bestCost = {Double.POSITIVE_INFINITY};
        permute(perm, 0, truth, fitted, best, bestCost);
        return best;
    }

    private static void permute(
            int[] perm, int at, double[][] truth, double[][] fitted, int[] best, double[] bestCost) {
        if (at == perm.length) {
            double cost = 0;
            for (int c = 0; c < perm.length; c++) cost += KMeansInit.squaredDistance(truth[c], fitted[perm[c]]);
            if (cost < bestCost[0]) {
                bestCost[0] = cost;
                System.arraycopy(perm, 0, best, 0, perm.length);
            }
            return;
        }
        for (int i = at; i < perm.length; i++) {
            swap(perm, at, i);
            permute(perm, at + 1, truth, fitted, best, bestCost);
            swap(perm, at, i);
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
