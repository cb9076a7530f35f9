package org.pointgrad.pointcloud;

import java.util.random.RandomGenerator;

/** Area-weighted uniform sampling of points on a mesh surface. */
public final class MeshSampler {
    private MeshSampler() {}

    /** Samples {@code n} points uniformly over the surface area, without normals. */
    public static PointCloud sample(Mesh mesh, int n, RandomGenerator rng) {
        return sample(mesh, n, rng, false);
    }

    /**
     * Samples {@code n} points uniformly over the surface area (each triangle chosen with probability proportional
     * to its area, then a uniform point inside it); with {@code withNormals} each point carries its face normal.
     */
    public static PointCloud sample(Mesh mesh, int n, RandomGenerator rng, boolean withNormals) {
        if (n < 0) throw new IllegalArgumentException("MeshSampler: point count must be >= 0, got " + n);
        int nt = mesh.triangleCount();
        double[] cdf = new double[nt];
        double total = 0;
        for (int t = 0; t < nt; t++) {
            total += mesh.triangleArea(t);
            cdf[t] = total;
        }
        if (n > 0 && !(total > 0)) {
            throw new IllegalArgumentException("MeshSampler: mesh " + mesh + " has zero surface area; cannot sample");
        }
        float[] v = mesh.vertices();
        int[] tri = mesh.triangles();
        float[] out = new float[3 * n];
        float[] nrm = withNormals ? new float[3 * n] : null;
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble() * total;
            int lo = 0, hi = nt - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) lo = mid + 1; else hi = mid;
            }
            int a = 3 * tri[3 * lo], b = 3 * tri[3 * lo + 1], c = 3 * tri[3 * lo + 2];
            double r1 = Math.sqrt(rng.nextDouble()), r2 = rng.nextDouble();
            double wa = 1 - r1, wb = r1 * (1 - r2), wc = r1 * r2;
            for (int d = 0; d < 3; d++) {
                out[3 * i + d] = (float) (wa * v[a + d] + wb * v[b + d] + wc * v[c + d]);
            }
            if (nrm != null) {
                double ux = v[b] - v[a], uy = v[b + 1] - v[a + 1], uz = v[b + 2] - v[a + 2];
                double vx = v[c] - v[a], vy = v[c + 1] - v[a + 1], vz = v[c + 2] - v[a + 2];
                double cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
                double len = Math.sqrt(cx * cx + cy * cy + cz * cz);
                if (len > 0) {
                    nrm[3 * i] = (float) (cx / len);
                    nrm[3 * i + 1] = (float) (cy / len);
                    nrm[3 * i + 2] = (float) (cz / len);
                }
            }
        }
        return new PointCloud(out, nrm);
    }
}
