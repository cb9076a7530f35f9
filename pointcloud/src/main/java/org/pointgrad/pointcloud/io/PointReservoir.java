package org.pointgrad.pointcloud.io;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Keeps a uniform random subset of at most {@code capacity} points of a stream of any length (reservoir sampling,
 * Algorithm R), so reading a file of millions of points needs memory for the subset only. Deterministic for a given
 * random generator state.
 */
final class PointReservoir {
    /** A capacity that keeps every point (as many as one array can hold); no random generator is needed then. */
    static final int UNBOUNDED = (Integer.MAX_VALUE - 8) / 3;

    private final int capacity;
    private final RandomGenerator rng;
    private float[] xyz = new float[48];
    private float[] normals;
    private boolean normalsKnown;
    private int kept;
    private long seen;

    PointReservoir(int capacity, RandomGenerator rng) {
        if (capacity < 0) throw new IllegalArgumentException("PointReservoir: capacity must be >= 0, got " + capacity);
        this.capacity = capacity;
        this.rng = rng;
    }

    /** Offers one point; {@code n} holds its normal at {@code at} or is null (all points must agree). */
    void add(float x, float y, float z, float[] n, int at) {
        if (!normalsKnown) {
            normalsKnown = true;
            if (n != null) normals = new float[xyz.length];
        }
        seen++;
        int slot;
        if (kept < capacity) {
            slot = kept++;
            if (3 * kept > xyz.length) {
                int grown = (int) Math.min(3L * capacity, Math.max(48, xyz.length + (long) (xyz.length >> 1)));
                xyz = Arrays.copyOf(xyz, grown);
                if (normals != null) normals = Arrays.copyOf(normals, grown);
            }
        } else {
            if (capacity == UNBOUNDED)
                throw new IllegalStateException("PointReservoir: more than " + UNBOUNDED + " points");
            long j = rng.nextLong(seen);
            if (j >= capacity) return;
            slot = (int) j;
        }
        xyz[3 * slot] = x;
        xyz[3 * slot + 1] = y;
        xyz[3 * slot + 2] = z;
        if (normals != null && n != null) System.arraycopy(n, at, normals, 3 * slot, 3);
    }

    /** Offers every point of a cloud. */
    void addAll(PointCloud c) {
        float[] p = c.xyz(), n = c.normals();
        for (int i = 0; i < c.size(); i++) add(p[3 * i], p[3 * i + 1], p[3 * i + 2], n, 3 * i);
    }

    /** How many points were offered. */
    long seen() {
        return seen;
    }

    /** The kept points (at most the capacity). */
    PointCloud cloud() {
        return new PointCloud(Arrays.copyOf(xyz, 3 * kept), normals == null ? null : Arrays.copyOf(normals, 3 * kept));
    }
}
