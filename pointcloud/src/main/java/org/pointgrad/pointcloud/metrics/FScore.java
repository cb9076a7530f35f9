package org.pointgrad.pointcloud.metrics;

import org.pointgrad.pointcloud.neighbors.NearestNeighbors;

/**
 * F-score at a distance threshold (Tatarchenko et al. 2019; Knapitsch et al. 2017): precision is the fraction of
 * predicted points within {@code threshold} (Euclidean, inclusive) of some reference point, recall the fraction of
 * reference points within {@code threshold} of some predicted point, F their harmonic mean (0 when both are 0).
 */
public final class FScore {
    /** Precision, recall and their harmonic mean. */
    public record Result(double precision, double recall, double fScore) {}

    private FScore() {}

    /** F-score of packed {@code predicted} against packed {@code reference}, both of dimension {@code dim}. */
    public static Result compute(float[] predicted, float[] reference, int dim, double threshold) {
        if (!(threshold >= 0)) throw new IllegalArgumentException("FScore: threshold must be >= 0, got " + threshold);
        MetricsSupport.checkCloud("predicted", predicted, dim);
        MetricsSupport.checkCloud("reference", reference, dim);
        double t2 = threshold * threshold;
        double precision = fractionWithin(predicted, reference, dim, t2);
        double recall = fractionWithin(reference, predicted, dim, t2);
        double f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Result(precision, recall, f);
    }

    private static double fractionWithin(float[] from, float[] to, int dim, double t2) {
        int n = from.length / dim;
        if (n == 0) return 0;
        if (to.length == 0) return 0;
        float[] d = new float[n];
        NearestNeighbors.nearest(from, to, dim, d);
        int hits = 0;
        for (float v : d) if (v <= t2) hits++;
        return hits / (double) n;
    }
}
