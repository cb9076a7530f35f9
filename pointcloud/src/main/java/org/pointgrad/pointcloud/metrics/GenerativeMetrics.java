package org.pointgrad.pointcloud.metrics;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Set-level metrics of generated point clouds against a reference set, with Chamfer distance (CD) as the
 * cloud distance: MMD-CD and COV-CD (Achlioptas et al. 2018) and 1-NNA-CD (Yang et al. 2019, PointFlow).
 * Results are fractions in [0, 1] for COV and 1-NNA (multiply by 100 for the papers' percentages).
 */
public final class GenerativeMetrics {
    /** The three scores of one evaluation. */
    public record Scores(double mmd, double coverage, double oneNearestNeighborAccuracy) {}

    private GenerativeMetrics() {}

    /**
     * Computes all three scores of {@code generated} against {@code reference} (packed clouds of dimension {@code
     * dim}).
     */
    public static Scores evaluate(List<float[]> generated, List<float[]> reference, int dim) {
        double[][] gr = ChamferMatrix.compute(generated, reference, dim);
        double[][] gg = ChamferMatrix.withinSet(generated, dim);
        double[][] rr = ChamferMatrix.withinSet(reference, dim);
        return new Scores(mmd(gr), coverage(gr), oneNearestNeighborAccuracy(gg, gr, rr));
    }

    /**
     * Minimum matching distance: for each reference cloud the distance to its closest generated cloud, averaged
     * over the references. {@code genRef[g][r]} = CD(generated g, reference r).
     */
    public static double mmd(double[][] genRef) {
        int ng = genRef.length;
        if (ng == 0) throw new IllegalArgumentException("GenerativeMetrics.mmd: no generated clouds");
        int nr = genRef[0].length;
        if (nr == 0) throw new IllegalArgumentException("GenerativeMetrics.mmd: no reference clouds");
        double sum = 0;
        for (int r = 0; r < nr; r++) {
            double best = Double.POSITIVE_INFINITY;
            for (int g = 0; g < ng; g++) best = Math.min(best, genRef[g][r]);
            sum += best;
        }
        return sum / nr;
    }

    /**
     * Coverage: the fraction of reference clouds that are the nearest reference of at least one generated cloud
     * (a tie goes to the lowest reference index).
     */
    public static double coverage(double[][] genRef) {
        int ng = genRef.length;
        if (ng == 0) throw new IllegalArgumentException("GenerativeMetrics.coverage: no generated clouds");
        int nr = genRef[0].length;
        if (nr == 0) throw new IllegalArgumentException("GenerativeMetrics.coverage: no reference clouds");
        boolean[] hit = new boolean[nr];
        for (double[] row : genRef) {
            int best = 0;
            for (int r = 1; r < nr; r++) if (row[r] < row[best]) best = r;
            hit[best] = true;
        }
        int covered = 0;
        for (boolean h : hit) if (h) covered++;
        return covered / (double) nr;
    }

    /**
     * Leave-one-out 1-nearest-neighbour accuracy over the pooled sets: each cloud is classified by the set of its
     * nearest other cloud, and the accuracy is the fraction classified correctly (0.5 is ideal, 1 means the sets
     * are fully separable).
     *
     * <p>Ties: when several clouds share the smallest distance, the cloud scores the fraction of them that
     * belong to its own set, so the result does not depend on cloud order. Note that a generated set equal to the
     * reference set cloud for cloud scores 0, not 0.5: every cloud's twin in the other set is at distance 0.
     *
     * @param genGen CD among generated clouds (diagonal ignored)
     * @param genRef CD generated (rows) to reference (columns)
     * @param refRef CD among reference clouds (diagonal ignored)
     */
    public static double oneNearestNeighborAccuracy(double[][] genGen, double[][] genRef, double[][] refRef) {
        int ng = genGen.length, nr = refRef.length;
        if (ng + nr < 2)
            throw new IllegalArgumentException(
                    "GenerativeMetrics.oneNearestNeighborAccuracy: need at least 2 clouds in total");
        if (genRef.length != ng || (ng > 0 && genRef[0].length != nr)) {
            throw new IllegalArgumentException(
                    "GenerativeMetrics.oneNearestNeighborAccuracy: genRef is not " + ng + " x " + nr);
        }
        double correct = 0;
        for (int g = 0; g < ng; g++) {
            final int gi = g;
            correct += score(ng, nr, o -> o == gi ? Double.NaN : genGen[gi][o], o -> genRef[gi][o]);
        }
        for (int r = 0; r < nr; r++) {
            final int ri = r;
            // a reference cloud's own set is the reference set: swap roles
            correct += score(nr, ng, o -> o == ri ? Double.NaN : refRef[ri][o], o -> genRef[o][ri]);
        }
        return correct / (ng + nr);
    }

    /**
     * Fraction of the nearest candidates (ties included) that are in the cloud's own set; NaN marks the cloud itself.
     */
    private static double score(int nSame, int nOther, IntToDoubleFunction same, IntToDoubleFunction other) {
        double best = Double.POSITIVE_INFINITY;
        for (int o = 0; o < nSame; o++) {
            double d = same.applyAsDouble(o);
            if (!Double.isNaN(d)) best = Math.min(best, d);
        }
        for (int o = 0; o < nOther; o++) best = Math.min(best, other.applyAsDouble(o));
        int tiedSame = 0, tied = 0;
        for (int o = 0; o < nSame; o++) {
            if (same.applyAsDouble(o) == best) {
                tiedSame++;
                tied++;
            }
        }
        for (int o = 0; o < nOther; o++) if (other.applyAsDouble(o) == best) tied++;
        return tied == 0 ? 0 : tiedSame / (double) tied;
    }
}
