package org.pointgrad.vae.prior;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** k-means++ seeding followed by a few Lloyd iterations: the starting point of EM. */
final class KMeansInit {
    private KMeansInit() {}

    /** Final centers, the hard assignment of every point, and each point's squared distance to its center. */
    record Result(double[][] centers, int[] assignment, double[] distanceSquared) {}

    static Result run(double[][] data, int k, int iterations, RandomGenerator rng) {
        int n = data.length;
        double[][] centers = new double[k][];
        double[] dist = new double[n];
        centers[0] = data[rng.nextInt(n)].clone();
        for (int i = 0; i < n; i++) dist[i] = squaredDistance(data[i], centers[0]);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double v : dist) total += v;
            int pick;
            if (total > 0) {
                pick = weightedPick(dist, total, rng);
            } else {
                // Every point coincides with a center already (fewer distinct points than k): any point will do.
                pick = rng.nextInt(n);
            }
            centers[c] = data[pick].clone();
            for (int i = 0; i < n; i++) dist[i] = Math.min(dist[i], squaredDistance(data[i], centers[c]));
        }
        int[] assign = new int[n];
        Arrays.fill(assign, -1);
        assignAll(data, centers, assign, dist);
        for (int it = 0; it < iterations; it++) {
            updateCenters(data, centers, assign);
            if (!assignAll(data, centers, assign, dist)) break;
        }
        return new Result(centers, assign, dist);
    }

    private static int weightedPick(double[] weight, double total, RandomGenerator rng) {
        double u = rng.nextDouble() * total;
        double acc = 0;
        int last = -1;
        for (int i = 0; i < weight.length; i++) {
            if (weight[i] <= 0) continue;
            acc += weight[i];
            last = i;
            if (u < acc) return i;
        }
        return last; // rounding left u at the very end of the cumulative sum
    }

    /** Nearest center for each point (ties go to the lower index); returns whether any assignment changed. */
    private static boolean assignAll(double[][] data, double[][] centers, int[] assign, double[] dist) {
        boolean changed = false;
        for (int i = 0; i < data.length; i++) {
            int best = 0;
            double bestD = squaredDistance(data[i], centers[0]);
            for (int c = 1; c < centers.length; c++) {
                double dd = squaredDistance(data[i], centers[c]);
                if (dd < bestD) {
                    bestD = dd;
                    best = c;
                }
            }
            if (assign[i] != best) changed = true;
            assign[i] = best;
            dist[i] = bestD;
        }
        return changed;
    }

    /** Centroid of each cluster; an empty cluster keeps its center (EM's initialization re-seeds it). */
    private static void updateCenters(double[][] data, double[][] centers, int[] assign) {
        int k = centers.length, d = data[0].length;
        double[][] sum = new double[k][d];
        int[] count = new int[k];
        for (int i = 0; i < data.length; i++) {
            double[] s = sum[assign[i]];
            for (int j = 0; j < d; j++) s[j] += data[i][j];
            count[assign[i]]++;
        }
        for (int c = 0; c < k; c++) {
            if (count[c] == 0) continue;
            for (int j = 0; j < d; j++) centers[c][j] = sum[c][j] / count[c];
        }
    }

    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = a[j] - b[j];
            s += t * t;
        }
        return s;
    }
}
