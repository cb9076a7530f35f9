package org.pointgrad.pointcloud.data;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Brings a cloud to an exact point count: a uniform subset ({@link #toCount}), an evenly spread subset by
 * farthest-point sampling ({@link #farthestPoint}) or a Poisson-disk subset ({@link #poissonDisk}). All are
 * deterministic for a given random generator state; the two spreading methods keep normals when the cloud has them.
 */
public final class Resampling {
    /** Bisection steps for the Poisson-disk radius; 40 halvings take any start radius below float resolution. */
    private static final int RADIUS_STEPS = 40;

    private Resampling() {}

    /**
     * Exactly {@code n} points: all points when the count already matches; a uniform subset without replacement
     * when there are more; all points followed by uniformly drawn repeats when there are fewer (coordinates only).
     */
    public static PointCloud toCount(PointCloud cloud, int n, RandomGenerator rng) {
        int m = cloud.size();
        float[] p = cloud.xyz();
        if (m == n) return new PointCloud(p.clone());
        float[] out = new float[3 * n];
        if (m > n) {
            int[] idx = new int[m];
            for (int i = 0; i < m; i++) idx[i] = i;
            for (int i = 0; i < n; i++) {
                int j = i + rng.nextInt(m - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
                System.arraycopy(p, 3 * idx[i], out, 3 * i, 3);
            }
        } else {
            System.arraycopy(p, 0, out, 0, 3 * m);
            for (int i = m; i < n; i++) System.arraycopy(p, 3 * rng.nextInt(m), out, 3 * i, 3);
        }
        return new PointCloud(out);
    }

    /**
     * {@code n} of the cloud's points chosen by farthest-point sampling: a random first point, then repeatedly the
     * point farthest from all chosen so far (ties to the lowest index). Costs O(n * size).
     */
    public static PointCloud farthestPoint(PointCloud cloud, int n, RandomGenerator rng) {
        int m = checkSubsetCount(cloud, n, "farthestPoint");
        float[] p = cloud.xyz();
        int[] chosen = new int[n];
        if (n == 0) return subset(cloud, chosen);
        double[] dist = new double[m];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        int cur = rng.nextInt(m);
        for (int k = 0; k < n; k++) {
            chosen[k] = cur;
            double cx = p[3 * cur], cy = p[3 * cur + 1], cz = p[3 * cur + 2];
            int best = -1;
            double bestD = -1;
            for (int i = 0; i < m; i++) {
                double dx = p[3 * i] - cx, dy = p[3 * i + 1] - cy, dz = p[3 * i + 2] - cz;
                double d = dx * dx + dy * dy + dz * dz;
                if (d < dist[i]) dist[i] = d;
                if (dist[i] > bestD) {
                    bestD = dist[i];
                    best = i;
                }
            }
            cur = best;
        }
        return subset(cloud, chosen);
    }

    /**
     * {@code n} of the cloud's points forming a Poisson-disk set: visiting the points in a random order, a point is
     * kept when no kept point lies within radius r; r is the largest radius (found by bisection) that still keeps at
     * least {@code n}, and the first {@code n} kept are returned. No two returned points are closer than that r.
     */
    public static PointCloud poissonDisk(PointCloud cloud, int n, RandomGenerator rng) {
        int m = checkSubsetCount(cloud, n, "poissonDisk");
        int[] order = new int[m];
        for (int i = 0; i < m; i++) order[i] = i;
        for (int i = m - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float[] p = cloud.xyz();
        double lo = 0, hi = 0;
        for (int d = 0; d < 3; d++) {
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                min = Math.min(min, p[3 * i + d]);
                max = Math.max(max, p[3 * i + d]);
            }
            hi = Math.max(hi, m == 0 ? 0 : max - min);
        }
        int[] best = greedyDisk(p, order, 0, n);
        for (int s = 0; s < RADIUS_STEPS && hi > 0; s++) {
            double r = 0.5 * (lo + hi);
            int[] kept = greedyDisk(p, order, r, n);
            if (kept.length >= n) {
                lo = r;
                best = kept;
            } else {
                hi = r;
            }
        }
        return subset(cloud, Arrays.copyOf(best, n));
    }

    /** The points kept by one greedy pass with radius r, stopping once {@code enough} are kept. */
    private static int[] greedyDisk(float[] p, int[] order, double r, int enough) {
        IntArrayList kept = new IntArrayList();
        if (r <= 0) {
            for (int i = 0; i < order.length && kept.size() < enough; i++) kept.add(order[i]);
            return kept.toIntArray();
        }
        double r2 = r * r;
        Long2ObjectOpenHashMap<IntArrayList> grid = new Long2ObjectOpenHashMap<>();
        for (int i : order) {
            long cx = (long) Math.floor(p[3 * i] / r),
                    cy = (long) Math.floor(p[3 * i + 1] / r),
                    cz = (long) Math.floor(p[3 * i + 2] / r);
            if (!farFromKept(p, i, cx, cy, cz, r2, grid)) continue;
            grid.computeIfAbsent(cell(cx, cy, cz), k -> new IntArrayList()).add(i);
            kept.add(i);
            if (kept.size() >= enough) break;
        }
        return kept.toIntArray();
    }

    private static boolean farFromKept(
            float[] p, int i, long cx, long cy, long cz, double r2, Long2ObjectOpenHashMap<IntArrayList> grid) {
        for (long x = cx - 1; x <= cx + 1; x++) {
            for (long y = cy - 1; y <= cy + 1; y++) {
                for (long z = cz - 1; z <= cz + 1; z++) {
                    IntArrayList c = grid.get(cell(x, y, z));
                    if (c == null) continue;
                    for (int k = 0; k < c.size(); k++) {
                        int j = c.getInt(k);
                        double dx = p[3 * i] - p[3 * j], dy = p[3 * i + 1] - p[3 * j + 1];
                        double dz = p[3 * i + 2] - p[3 * j + 2];
                        if (dx * dx + dy * dy + dz * dz < r2) return false;
                    }
                }
            }
        }
        return true;
    }

    private static long cell(long x, long y, long z) {
        return (x * 73856093L) ^ (y * 19349663L) ^ (z * 83492791L);
    }

    private static int checkSubsetCount(PointCloud cloud, int n, String method) {
        int m = cloud.size();
        if (n < 0 || n > m) {
            throw new IllegalArgumentException(
                    "Resampling." + method + ": cannot choose " + n + " of " + m + " points; expected 0 <= n <= " + m);
        }
        return m;
    }

    private static PointCloud subset(PointCloud cloud, int[] idx) {
        float[] p = cloud.xyz(), nrm = cloud.hasNormals() ? cloud.normals() : null;
        float[] out = new float[3 * idx.length], outN = nrm == null ? null : new float[3 * idx.length];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(p, 3 * idx[k], out, 3 * k, 3);
            if (outN != null) System.arraycopy(nrm, 3 * idx[k], outN, 3 * k, 3);
        }
        return new PointCloud(out, outN);
    }
}
