package org.pointgrad.pointcloud.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PointCloudMetricsTest {

    @Test
    void fScoreHandExample() {
        float[] pred = {0, 0, 0, 1, 0, 0, 5, 0, 0};
        float[] gt = {0, 0, 0.05f, 1, 0, 0};
        FScore.Result r = FScore.compute(pred, gt, 3, 0.1);
        assertEquals(2 / 3.0, r.precision(), 1e-12);
        assertEquals(1.0, r.recall(), 1e-12);
        assertEquals(0.8, r.fScore(), 1e-12);
        assertEquals(0.5, FScore.compute(pred, gt, 3, 0.01).recall(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> FScore.compute(pred, gt, 3, -1));
    }

    @Test
    void hausdorffHandExampleAndReference() {
        float[] a = {0, 0, 0};
        float[] b = {3, 4, 0, 1, 0, 0};
        assertEquals(1.0, Hausdorff.oneSided(a, b, 3), 1e-6);
        assertEquals(5.0, Hausdorff.oneSided(b, a, 3), 1e-6);
        assertEquals(5.0, Hausdorff.symmetric(a, b, 3), 1e-6);
        SplittableRandom r = new SplittableRandom(1);
        float[] x = cloud(r, 200, 0), y = cloud(r, 150, 0);
        double want = 0;
        for (int i = 0; i < 200; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < 150; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) s += Math.pow(x[3 * i + k] - y[3 * j + k], 2);
                best = Math.min(best, Math.sqrt(s));
            }
            want = Math.max(want, best);
        }
        assertEquals(want, Hausdorff.oneSided(x, y, 3), 1e-6);
    }

    @Test
    void chamferMatrixMatchesPairwiseDefinition() {
        SplittableRandom r = new SplittableRandom(2);
        List<float[]> a = List.of(cloud(r, 20, 0), cloud(r, 31, 1));
        List<float[]> b = List.of(cloud(r, 25, 0), cloud(r, 7, 2), cloud(r, 12, 0));
        double[][] m = ChamferMatrix.compute(a, b, 3);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(naiveCd(a.get(i), b.get(j)), m[i][j], 1e-5);
            }
        }
        double[][] w = ChamferMatrix.withinSet(b, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(0.0, w[i][i]);
            for (int j = 0; j < 3; j++) if (i != j) assertEquals(naiveCd(b.get(i), b.get(j)), w[i][j], 1e-5);
        }
    }

    @Test
    void mmdAndCoverageHandExample() {
        // 1-D single-point clouds: CD = 2 * squared distance. gen {0, 0.5}; ref {1, 3}.
        List<float[]> gen = List.of(new float[] {0}, new float[] {0.5f});
        List<float[]> ref = List.of(new float[] {1}, new float[] {3});
        double[][] gr = ChamferMatrix.compute(gen, ref, 1);
        assertEquals(2.0, gr[0][0], 1e-9);
        // ref 1: nearest gen 0.5 -> 2*0.25 = 0.5; ref 3: nearest gen 0.5 -> 2*6.25 = 12.5; MMD = 6.5
        assertEquals(6.5, GenerativeMetrics.mmd(gr), 1e-9);
        // both generated clouds pick ref 1 -> half the references covered
        assertEquals(0.5, GenerativeMetrics.coverage(gr), 1e-12);
    }

    @Test
    void identicalSetsCoverEverythingAndTwinsDecide1Nna() {
        SplittableRandom r = new SplittableRandom(3);
        List<float[]> set = new ArrayList<>();
        for (int i = 0; i < 8; i++) set.add(cloud(r, 30, 0));
        GenerativeMetrics.Scores s = GenerativeMetrics.evaluate(set, set, 3);
        assertEquals(1.0, s.coverage(), 1e-12);
        assertEquals(0.0, s.mmd(), 1e-12);
        // each cloud's twin in the other set is at distance 0, so leave-one-out 1-NN always picks the other set
        assertEquals(0.0, s.oneNearestNeighborAccuracy(), 1e-12);
    }

    @Test
    void degenerateAllEqualCloudsGiveTieShare() {
        float[] c = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
        List<float[]> set = List.of(c, c, c, c, c);
        // every other cloud ties at 0: 4 of the 9 candidates share a cloud's set
        assertEquals(4 / 9.0, GenerativeMetrics.evaluate(set, set, 3).oneNearestNeighborAccuracy(), 1e-12);
    }

    @Test
    void farApartSetsAreFullySeparable() {
        SplittableRandom r = new SplittableRandom(4);
        List<float[]> gen = new ArrayList<>(), ref = new ArrayList<>();
        for (int i = 0; i < 6; i++) gen.add(cloud(r, 20, 0));
        for (int i = 0; i < 5; i++) ref.add(cloud(r, 20, 100));
        GenerativeMetrics.Scores s = GenerativeMetrics.evaluate(gen, ref, 3);
        assertEquals(1.0, s.oneNearestNeighborAccuracy(), 1e-12);
        assertTrue(s.mmd() > 2 * 98 * 98 * 3 * 0.9, "MMD reflects the offset: " + s.mmd());
    }

    @Test
    void sameDistributionGivesAboutHalf() {
        SplittableRandom r = new SplittableRandom(5);
        List<float[]> gen = new ArrayList<>(), ref = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            gen.add(cloud(r, 16, 0));
            ref.add(cloud(r, 16, 0));
        }
        double nna = GenerativeMetrics.evaluate(gen, ref, 3).oneNearestNeighborAccuracy();
        // 80 independent draws: the standard deviation of the accuracy is about 0.056
        assertTrue(nna > 0.3 && nna < 0.7, "1-NNA " + nna);
    }

    private static float[] cloud(SplittableRandom r, int n, float offset) {
        float[] c = new float[3 * n];
        for (int i = 0; i < c.length; i++) c[i] = offset + (float) r.nextDouble();
        return c;
    }

    private static double naiveCd(float[] a, float[] b) {
        return meanNearest(a, b) + meanNearest(b, a);
    }

    private static double meanNearest(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length / 3; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < b.length / 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) s += Math.pow(a[3 * i + k] - b[3 * j + k], 2);
                best = Math.min(best, s);
            }
            sum += best;
        }
        return sum / (a.length / 3);
    }
}
