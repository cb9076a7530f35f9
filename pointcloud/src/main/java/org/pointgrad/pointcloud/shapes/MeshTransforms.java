package org.pointgrad.pointcloud.shapes;

import org.pointgrad.pointcloud.Mesh;

/**
 * Rigid moves, scaling and unit-ball normalisation of meshes, kept package-private because a general
 * transform package is written elsewhere; this is only what the shape builders need.
 */
final class MeshTransforms {
    private MeshTransforms() {}

    /** Returns {@code m} moved by (dx, dy, dz). */
    static Mesh translate(Mesh m, double dx, double dy, double dz) {
        float[] s = m.vertices(), v = new float[s.length];
        for (int i = 0; i < s.length; i += 3) {
            v[i] = (float) (s[i] + dx);
            v[i + 1] = (float) (s[i + 1] + dy);
            v[i + 2] = (float) (s[i + 2] + dz);
        }
        return new Mesh(v, m.triangles().clone());
    }

    /** Rotates so that the old x axis points along +y (a 90 degree turn about z: (x, y, z) -> (-y, x, z)). */
    static Mesh xAxisToY(Mesh m) {
        float[] s = m.vertices(), v = new float[s.length];
        for (int i = 0; i < s.length; i += 3) {
            v[i] = -s[i + 1];
            v[i + 1] = s[i];
            v[i + 2] = s[i + 2];
        }
        return new Mesh(v, m.triangles().clone());
    }

    /** Rotates so that the old y axis points along +x (the inverse of {@link #xAxisToY}). */
    static Mesh yAxisToX(Mesh m) {
        float[] s = m.vertices(), v = new float[s.length];
        for (int i = 0; i < s.length; i += 3) {
            v[i] = s[i + 1];
            v[i + 1] = -s[i];
            v[i + 2] = s[i + 2];
        }
        return new Mesh(v, m.triangles().clone());
    }

    /** Rotates about the x axis by {@code radians} (positive turns +y towards +z). */
    static Mesh rotateX(Mesh m, double radians) {
        double c = Math.cos(radians), sn = Math.sin(radians);
        float[] s = m.vertices(), v = new float[s.length];
        for (int i = 0; i < s.length; i += 3) {
            v[i] = s[i];
            v[i + 1] = (float) (c * s[i + 1] - sn * s[i + 2]);
            v[i + 2] = (float) (sn * s[i + 1] + c * s[i + 2]);
        }
        return new Mesh(v, m.triangles().clone());
    }

    /** Reflects through the z = 0 plane (left/right mirror), flipping triangle winding to keep faces outward. */
    static Mesh mirrorZ(Mesh m) {
        float[] s = m.vertices(), v = s.clone();
        for (int i = 2; i < v.length; i += 3) v[i] = -v[i];
        int[] t = m.triangles().clone();
        for (int i = 0; i < t.length; i += 3) {
            int tmp = t[i + 1];
            t[i + 1] = t[i + 2];
            t[i + 2] = tmp;
        }
        return new Mesh(v, t);
    }

    /**
     * Moves the bounding-box centre to the origin and scales uniformly so the farthest vertex is at distance 1
     * (AtlasNet's unit-ball convention). Surface points are convex combinations of vertices, so every point sampled
     * from the result also lies within the unit ball.
     */
    static Mesh normalizeToUnitBall(Mesh m) {
        float[] s = m.vertices();
        if (s.length == 0) throw new IllegalArgumentException("normalizeToUnitBall: mesh " + m + " has no vertices");
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < s.length; i++) {
            lo[i % 3] = Math.min(lo[i % 3], s[i]);
            hi[i % 3] = Math.max(hi[i % 3], s[i]);
        }
        double cx = (lo[0] + hi[0]) / 2, cy = (lo[1] + hi[1]) / 2, cz = (lo[2] + hi[2]) / 2;
        double r2 = 0;
        for (int i = 0; i < s.length; i += 3) {
            double dx = s[i] - cx, dy = s[i + 1] - cy, dz = s[i + 2] - cz;
            r2 = Math.max(r2, dx * dx + dy * dy + dz * dz);
        }
        if (!(r2 > 0)) throw new IllegalArgumentException("normalizeToUnitBall: mesh " + m + " collapses to a point");
        double k = 1 / Math.sqrt(r2);
        float[] v = new float[s.length];
        for (int i = 0; i < s.length; i += 3) {
            v[i] = (float) ((s[i] - cx) * k);
            v[i + 1] = (float) ((s[i + 1] - cy) * k);
            v[i + 2] = (float) ((s[i + 2] - cz) * k);
        }
        return new Mesh(v, m.triangles().clone());
    }
}
