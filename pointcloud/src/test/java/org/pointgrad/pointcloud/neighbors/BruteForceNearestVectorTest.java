package org.pointgrad.pointcloud.neighbors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels against the scalar loops (bit for bit, both precisions, both directions, serial and parallel)
 * and the scalar loops against an independent reference of the contract. Without the incubator module the vector
 * variants fall back to the scalar loops, so the comparisons still run but only the reference checks have teeth.
 */
class BruteForceNearestVectorTest {

    /**
     * Coordinates: mostly small integers (duplicates, ties), some random, and with {@code special} a few
     * overflow/NaN/inf values.
     */
    private static double[] cloud(SplittableRandom r, int n, int dim, boolean special, double huge) {
        double[] c = new double[n * dim];
        for (int i = 0; i < c.length; i++) {
            int kind = r.nextInt(special ? 20 : 10);
            c[i] = kind < 6
                    ? r.nextInt(3)
                    : kind < 10
                            ? r.nextDouble(-1, 1)
                            : kind == 10
                                    ? Double.NaN
                                    : kind == 11
                                            ? Double.POSITIVE_INFINITY
                                            : kind == 12
                                                    ? Double.NEGATIVE_INFINITY
                                                    : kind < 16 ? (r.nextBoolean() ? huge : -huge) : r.nextInt(3);
        }
        // a copied row makes exact duplicates likely even with random coordinates
        if (n >= 2) System.arraycopy(c, 0, c, (n - 1) * dim, dim);
        return c;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    /**
     * The contract spelled out directly: smallest non-NaN distance, first index attaining it, index 0 if none is
     * finite.
     */
    private static void reference(
            double[] q, int nq, double[] p, int np, int dim, DistanceMetric m, double[] dist, int[] idx) {
        for (int i = 0; i < nq; i++) {
            double[] d = new double[np];
            double min = Double.POSITIVE_INFINITY;
            for (int j = 0; j < np; j++) {
                double s = 0;
                for (int k = 0; k < dim; k++) {
                    double diff = q[i * dim + k] - p[j * dim + k];
                    double t = m == DistanceMetric.MANHATTAN ? Math.abs(diff) : diff * diff;
                    s = k == 0 ? t : s + t;
                }
                d[j] = s;
                if (!Double.isNaN(s)) min = Math.min(min, s);
            }
            int at = np == 0 ? -1 : 0;
            if (min != Double.POSITIVE_INFINITY) {
                while (d[at] != min) at++;
            }
            dist[i] = min;
            idx[i] = at;
        }
    }

    private static void reference(
            float[] q, int nq, float[] p, int np, int dim, DistanceMetric m, float[] dist, int[] idx) {
        for (int i = 0; i < nq; i++) {
            float[] d = new float[np];
            float min = Float.POSITIVE_INFINITY;
            for (int j = 0; j < np; j++) {
                float s = 0;
                for (int k = 0; k < dim; k++) {
                    float diff = q[i * dim + k] - p[j * dim + k];
                    float t = m == DistanceMetric.MANHATTAN ? Math.abs(diff) : diff * diff;
                    s = k == 0 ? t : s + t;
                }
                d[j] = s;
                if (!Float.isNaN(s)) min = Math.min(min, s);
            }
            int at = np == 0 ? -1 : 0;
            if (min != Float.POSITIVE_INFINITY) {
                while (d[at] != min) at++;
            }
            dist[i] = min;
            idx[i] = at;
        }
    }

    /** All double variants on (x, y) must equal the scalar serial result, which must equal the reference. */
    private static void checkDouble(double[] x, int nx, double[] y, int ny, int dim, DistanceMetric m) {
        double[] rXY = new double[nx], rYX = new double[ny];
        int[] riXY = new int[nx], riYX = new int[ny];
        reference(x, nx, y, ny, dim, m, rXY, riXY);
        reference(y, ny, x, nx, dim, m, rYX, riYX);
        for (boolean vector : new boolean[] {false, true}) {
            for (boolean parallel : new boolean[] {false, true}) {
                String what = (vector ? "vector" : "scalar") + (parallel ? " parallel" : " serial") + " double " + m
                        + " dim " + dim;
                // offsets: results land one slot in, inputs start one point in
                double[] xs = new double[x.length + dim];
                System.arraycopy(x, 0, xs, dim, x.length);
                double[] dXY = new double[nx + 1], dYX = new double[ny + 2];
                int[] iXY = new int[nx + 1], iYX = new int[ny + 2];
                BruteForceDouble.bidirectional(
                        vector, parallel, xs, dim, nx, y, 0, ny, dim, m, dXY, iXY, 1, dYX, iYX, 2);
                assertArrayEquals(rXY, Arrays.copyOfRange(dXY, 1, nx + 1), what + " x->y distances");
                assertArrayEquals(riXY, Arrays.copyOfRange(iXY, 1, nx + 1), what + " x->y indices");
                assertArrayEquals(rYX, Arrays.copyOfRange(dYX, 2, ny + 2), what + " y->x distances");
                assertArrayEquals(riYX, Arrays.copyOfRange(iYX, 2, ny + 2), what + " y->x indices");
            }
            String what = (vector ? "vector" : "scalar") + " one-directional double " + m + " dim " + dim;
            double[] d1 = new double[nx];
            int[] i1 = new int[nx];
            BruteForceDouble.nearest(vector, x, 0, nx, y, 0, ny, dim, m, d1, 0, i1, 0);
            assertArrayEquals(rXY, d1, what + " distances");
            assertArrayEquals(riXY, i1, what + " indices");
        }
    }

    private static void checkFloat(float[] x, int nx, float[] y, int ny, int dim, DistanceMetric m) {
        float[] rXY = new float[nx], rYX = new float[ny];
        int[] riXY = new int[nx], riYX = new int[ny];
        reference(x, nx, y, ny, dim, m, rXY, riXY);
        reference(y, ny, x, nx, dim, m, rYX, riYX);
        for (boolean vector : new boolean[] {false, true}) {
            for (boolean parallel : new boolean[] {false, true}) {
                String what = (vector ? "vector" : "scalar") + (parallel ? " parallel" : " serial") + " float " + m
                        + " dim " + dim;
                float[] dXY = new float[nx], dYX = new float[ny];
                int[] iXY = new int[nx], iYX = new int[ny];
                BruteForceFloat.bidirectional(vector, parallel, x, 0, nx, y, 0, ny, dim, m, dXY, iXY, 0, dYX, iYX, 0);
                assertArrayEquals(rXY, dXY, what + " x->y distances");
                assertArrayEquals(riXY, iXY, what + " x->y indices");
                assertArrayEquals(rYX, dYX, what + " y->x distances");
                assertArrayEquals(riYX, iYX, what + " y->x indices");
            }
            float[] d1 = new float[nx];
            int[] i1 = new int[nx];
            BruteForceFloat.nearest(vector, x, 0, nx, y, 0, ny, dim, m, d1, 0, i1, 0);
            assertArrayEquals(rXY, d1, (vector ? "vector" : "scalar") + " one-directional float distances");
            assertArrayEquals(riXY, i1, (vector ? "vector" : "scalar") + " one-directional float indices");
        }
    }

    @Property(tries = 300)
    void doubleVectorEqualsScalarAndReference(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 70) int nx,
            @ForAll @IntRange(min = 0, max = 70) int ny,
            @ForAll @IntRange(min = 1, max = 5) int dim,
            @ForAll boolean special,
            @ForAll DistanceMetric metric) {
        SplittableRandom r = new SplittableRandom(seed);
        checkDouble(cloud(r, nx, dim, special, 1e200), nx, cloud(r, ny, dim, special, 1e200), ny, dim, metric);
    }

    /** The same data through the float kernels: NaN, overflow and tie handling must not depend on the precision. */
    @Property(tries = 150)
    void floatVectorEqualsScalarAndReference(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 70) int nx,
            @ForAll @IntRange(min = 0, max = 70) int ny,
            @ForAll @IntRange(min = 1, max = 5) int dim,
            @ForAll boolean special,
            @ForAll DistanceMetric metric) {
        SplittableRandom r = new SplittableRandom(seed);
        checkFloat(
                toFloat(cloud(r, nx, dim, special, 1e30)),
                nx,
                toFloat(cloud(r, ny, dim, special, 1e30)),
                ny,
                dim,
                metric);
    }

    @Test
    void singlePointsAndEmptyClouds() {
        for (DistanceMetric m : DistanceMetric.values()) {
            for (int dim : new int[] {1, 2, 3, 5}) {
                double[] a = {0.5, -1, 2, 3, 4}, b = {1.5, 1, 0, 3, 4};
                checkDouble(a, 1, b, 1, dim, m);
                checkDouble(a, 1, b, 0, dim, m);
                checkDouble(a, 0, b, 1, dim, m);
                checkDouble(a, 0, b, 0, dim, m);
            }
        }
    }

    @Test
    void nanAndOverflowFollowTheContract() {
        double nan = Double.NaN;
        // query 0 is NaN in one coordinate, query 1 overflows against every point, query 2 is ordinary
        double[] x = {nan, 0, 1e200, 1e200, 0.25, 0};
        // candidate 0 is NaN, candidate 1 is far, candidate 2 is the nearest of query 2
        double[] y = {0, nan, -1e200, -1e200, 0, 0};
        double[] dXY = new double[3], dYX = new double[3];
        int[] iXY = new int[3], iYX = new int[3];
        for (boolean vector : new boolean[] {false, true}) {
            BruteForceDouble.bidirectional(
                    vector, false, x, 0, 3, y, 0, 3, 2, DistanceMetric.SQUARED_EUCLIDEAN, dXY, iXY, 0, dYX, iYX, 0);
            assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1.0 / 16}, dXY);
            assertArrayEquals(new int[] {0, 0, 2}, iXY, "NaN and overflowing queries take index 0");
            assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1.0 / 16}, dYX);
            assertArrayEquals(new int[] {0, 0, 2}, iYX, "NaN and overflowing candidates take index 0");
        }
    }

    /**
     * Candidates across blocks of 2048 and queries across two parallel tasks (2 x 256 rows or more), with odd counts
     * and exact duplicates in different blocks and tasks; D = 3 squared Euclidean takes the two-row kernel, D = 2 L1
     * the general one. Sizes stay small otherwise: the first calls run the Vector API before it is compiled, slowly.
     */
    @Test
    void largeCloudsAcrossBlocksAndTasks() {
        SplittableRandom r = new SplittableRandom(11);
        Object[][] cases = {{3, DistanceMetric.SQUARED_EUCLIDEAN}, {2, DistanceMetric.MANHATTAN}};
        for (Object[] c : cases) {
            int dim = (Integer) c[0];
            DistanceMetric m = (DistanceMetric) c[1];
            int[][] sizes = {{37, 2103}, {613, 45}};
            for (int[] nxy : sizes) {
                int nx = nxy[0], ny = nxy[1];
                double[] x = cloud(r, nx, dim, false, 0), y = cloud(r, ny, dim, false, 0);
                if (ny > 2050) System.arraycopy(y, 5 * dim, y, 2050 * dim, dim);
                if (nx > 600) System.arraycopy(x, 3 * dim, x, 600 * dim, dim);
                checkDouble(x, nx, y, ny, dim, m);
                checkFloat(toFloat(x), nx, toFloat(y), ny, dim, m);
            }
        }
    }
}
