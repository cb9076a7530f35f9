package org.pointgrad.pointcloud.neighbors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BruteForceNearestTest {

    @Property(tries = 200)
    void matchesNaiveReference(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 70) int nx,
            @ForAll @IntRange(min = 0, max = 70) int ny,
            @ForAll @IntRange(min = 1, max = 5) int dim,
            @ForAll boolean grid,
            @ForAll DistanceMetric metric) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = NaiveNearest.cloud(r, nx, dim, grid);
        float[] y = NaiveNearest.cloud(r, ny, dim, grid);
        // offsets check that slices are honoured
        float[] xs = new float[x.length + dim];
        System.arraycopy(x, 0, xs, dim, x.length);
        float[] dxy = new float[nx + 1], dyx = new float[ny], d1 = new float[nx];
        int[] ixy = new int[nx + 1], iyx = new int[ny], i1 = new int[nx];
        BruteForceFloat.bidirectional(xs, dim, nx, y, 0, ny, dim, metric, dxy, ixy, 1, dyx, iyx, 0);
        BruteForceFloat.nearest(x, 0, nx, y, 0, ny, dim, metric, d1, 0, i1, 0);
        for (int i = 0; i < nx; i++) {
            int want = NaiveNearest.nearest(x, i, y, ny, dim, metric);
            assertEquals(want, ixy[i + 1], "x->y index of " + i);
            assertEquals(want, i1[i], "one-directional index of " + i);
            float wd = want < 0 ? Float.POSITIVE_INFINITY : NaiveNearest.dist(x, i, y, want, dim, metric);
            assertEquals(wd, dxy[i + 1]);
            assertEquals(wd, d1[i]);
        }
        for (int j = 0; j < ny; j++) {
            int want = NaiveNearest.nearest(y, j, x, nx, dim, metric);
            assertEquals(want, iyx[j], "y->x index of " + j);
            assertEquals(want < 0 ? Float.POSITIVE_INFINITY : NaiveNearest.dist(y, j, x, want, dim, metric), dyx[j]);
        }
    }

    @Property(tries = 100)
    void doublePrecisionMatchesNaive(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 40) int nx,
            @ForAll @IntRange(min = 1, max = 40) int ny,
            @ForAll @IntRange(min = 1, max = 4) int dim,
            @ForAll boolean grid) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = NaiveNearest.cloud(r, nx, dim, grid), y = NaiveNearest.cloud(r, ny, dim, grid);
        double[] xd = toDouble(x), yd = toDouble(y);
        double[] dxy = new double[nx], dyx = new double[ny], d1 = new double[nx];
        int[] ixy = new int[nx], iyx = new int[ny], i1 = new int[nx];
        BruteForceDouble.bidirectional(
                xd, 0, nx, yd, 0, ny, dim, DistanceMetric.SQUARED_EUCLIDEAN, dxy, ixy, 0, dyx, iyx, 0);
        BruteForceDouble.nearest(xd, 0, nx, yd, 0, ny, dim, DistanceMetric.SQUARED_EUCLIDEAN, d1, 0, i1, 0);
        for (int i = 0; i < nx; i++) {
            // float coordinates are exact in double, so with grid data ties agree; otherwise distances are distinct
            if (grid) assertEquals(NaiveNearest.nearest(x, i, y, ny, dim, DistanceMetric.SQUARED_EUCLIDEAN), ixy[i]);
            assertEquals(ixy[i], i1[i]);
            assertEquals(sq(xd, i, yd, ixy[i], dim), dxy[i], 0);
            for (int j = 0; j < ny; j++) assertEquals(true, dxy[i] <= sq(xd, i, yd, j, dim));
        }
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) assertEquals(true, dyx[j] <= sq(yd, j, xd, i, dim));
        }
    }

    @Test
    void parallelMatchesSerialOnLargeCloud() {
        SplittableRandom r = new SplittableRandom(7);
        int nx = 3000, ny = 2500, dim = 3;
        float[] x = NaiveNearest.cloud(r, nx, dim, false), y = NaiveNearest.cloud(r, ny, dim, false);
        for (int k = 0; k < 30; k++) System.arraycopy(x, 3 * k, x, 3 * (nx - 1 - k), 3); // duplicated rows far apart
        float[] a = new float[nx], b = new float[ny], c = new float[nx], d = new float[ny];
        int[] ia = new int[nx], ib = new int[ny], ic = new int[nx], id = new int[ny];
        BruteForceFloat.bidirectional(x, 0, nx, y, 0, ny, dim, DistanceMetric.SQUARED_EUCLIDEAN, a, ia, 0, b, ib, 0);
        BruteForceFloat.bidirectionalParallel(
                x, 0, nx, y, 0, ny, dim, DistanceMetric.SQUARED_EUCLIDEAN, c, ic, 0, d, id, 0);
        assertArrayEquals(a, c);
        assertArrayEquals(ia, ic);
        assertArrayEquals(b, d);
        assertArrayEquals(ib, id);
        for (int j = 0; j < ny; j += 97)
            assertEquals(NaiveNearest.nearest(y, j, x, nx, dim, DistanceMetric.SQUARED_EUCLIDEAN), ib[j]);
    }

    private static double sq(double[] a, int i, double[] b, int j, int dim) {
        double s = 0;
        for (int k = 0; k < dim; k++) {
            double t = a[i * dim + k] - b[j * dim + k];
            s = k == 0 ? t * t : s + t * t;
        }
        return s;
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
