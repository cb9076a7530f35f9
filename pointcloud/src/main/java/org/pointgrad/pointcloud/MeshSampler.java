package org.pointgrad.pointcloud;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.random.RandomGenerator;

/**
 * Area-weighted uniform sampling of points on a mesh surface (triangles picked through an {@link AliasTable}, in
 * constant time per point), robust to what real meshes hold: degenerate
 * (zero-area) triangles are never chosen, a triangle repeated with the same three corner positions (in any order or
 * winding) counts once so doubled faces do not get double density, and disconnected parts are sampled by their area.
 * Vertices that are NaN or infinite, and meshes without area, are rejected.
 */
public final class MeshSampler {
    private MeshSampler() {}

    /** Samples {@code n} points uniformly over the surface area, without normals. */
    public static PointCloud sample(Mesh mesh, int n, RandomGenerator rng) {
        return sample(mesh, n, rng, false);
    }

    /**
     * Samples {@code n} points uniformly over the surface area (each distinct triangle chosen with probability
     * proportional to its area, then a uniform point inside it); with {@code withNormals} each point carries its
     * face's unit normal (from the triangle's winding).
     *
     * @throws IllegalArgumentException when a vertex is not finite (naming it) or the surface has no area
     */
    public static PointCloud sample(Mesh mesh, int n, RandomGenerator rng, boolean withNormals) {
        if (n < 0) throw new IllegalArgumentException("MeshSampler: point count must be >= 0, got " + n);
        float[] v = mesh.vertices();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException("MeshSampler: vertex " + (i / 3) + " of " + mesh + " has coordinate "
                        + "xyz".charAt(i % 3) + " = " + v[i] + "; expected finite coordinates");
            }
        }
        int nt = mesh.triangleCount();
        boolean[] duplicate = duplicateTriangles(mesh);
        // Only distinct triangles with area enter the table, so a zero-area one cannot be picked, not even through
        // the rounding that leaves some of the table's cells at probability one.
        int[] eligible = new int[nt];
        double[] area = new double[nt];
        int m = 0;
        double total = 0;
        for (int t = 0; t < nt; t++) {
            double a = duplicate[t] ? 0 : mesh.triangleArea(t);
            if (a > 0) {
                eligible[m] = t;
                area[m++] = a;
                total += a;
            }
        }
        if (n > 0 && !(total > 0)) {
            throw new IllegalArgumentException(
                    "MeshSampler: " + mesh + " has zero surface area; cannot sample its surface");
        }
        AliasTable table = n > 0 ? new AliasTable(area, m) : null;
        int[] tri = mesh.triangles();
        float[] out = new float[3 * n];
        float[] nrm = withNormals ? new float[3 * n] : null;
        double[] normal = new double[3];
        for (int i = 0; i < n; i++) {
            int t = eligible[table.pick(rng.nextDouble())];
            int a = 3 * tri[3 * t], b = 3 * tri[3 * t + 1], c = 3 * tri[3 * t + 2];
            double r1 = Math.sqrt(rng.nextDouble()), r2 = rng.nextDouble();
            double wa = 1 - r1, wb = r1 * (1 - r2), wc = r1 * r2;
            for (int d = 0; d < 3; d++) {
                out[3 * i + d] = (float) (wa * v[a + d] + wb * v[b + d] + wc * v[c + d]);
            }
            if (nrm != null) {
                unitNormal(v, a, b, c, normal);
                for (int d = 0; d < 3; d++) nrm[3 * i + d] = (float) normal[d];
            }
        }
        return new PointCloud(out, nrm);
    }

    /** The unit normal of triangle {@code t} by its winding (right-hand rule), or zeros when it has no area. */
    public static double[] faceNormal(Mesh mesh, int t) {
        int[] tri = mesh.triangles();
        double[] normal = new double[3];
        unitNormal(mesh.vertices(), 3 * tri[3 * t], 3 * tri[3 * t + 1], 3 * tri[3 * t + 2], normal);
        return normal;
    }

    /** Writes the unit normal of the triangle with corners at offsets a, b, c of {@code v}, or zeros. */
    private static void unitNormal(float[] v, int a, int b, int c, double[] into) {
        double ux = v[b] - v[a], uy = v[b + 1] - v[a + 1], uz = v[b + 2] - v[a + 2];
        double vx = v[c] - v[a], vy = v[c + 1] - v[a + 1], vz = v[c + 2] - v[a + 2];
        double cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
        double len = Math.sqrt(cx * cx + cy * cy + cz * cz);
        into[0] = len > 0 ? cx / len : 0;
        into[1] = len > 0 ? cy / len : 0;
        into[2] = len > 0 ? cz / len : 0;
    }

    /**
     * Marks every triangle whose three corner positions equal those of an earlier triangle (as a set, so the same
     * face with another winding or starting corner is a duplicate too).
     */
    static boolean[] duplicateTriangles(Mesh mesh) {
        int nt = mesh.triangleCount();
        boolean[] dup = new boolean[nt];
        Long2IntOpenHashMap first = new Long2IntOpenHashMap(nt);
        first.defaultReturnValue(-1);
        for (int t = 0; t < nt; t++) {
            long key = cornerSetHash(mesh, t);
            int earlier = first.putIfAbsent(key, t);
            if (earlier >= 0 && sameCorners(mesh, earlier, t)) dup[t] = true;
        }
        return dup;
    }

    /** A hash of the triangle's corner positions that does not depend on their order. */
    private static long cornerSetHash(Mesh mesh, int t) {
        float[] v = mesh.vertices();
        int[] tri = mesh.triangles();
        long sum = 0, xor = 0;
        for (int k = 0; k < 3; k++) {
            int a = 3 * tri[3 * t + k];
            long h = mix(Float.floatToIntBits(v[a] + 0f) * 0x9E3779B97F4A7C15L
                    ^ Float.floatToIntBits(v[a + 1] + 0f) * 0xC2B2AE3D27D4EB4FL
                    ^ Float.floatToIntBits(v[a + 2] + 0f) * 0x165667B19E3779F9L);
            sum += h;
            xor ^= Long.rotateLeft(h, 17) * 0xFF51AFD7ED558CCDL;
        }
        return mix(sum ^ xor);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    private static boolean sameCorners(Mesh mesh, int s, int t) {
        float[] v = mesh.vertices();
        int[] tri = mesh.triangles();
        boolean[] used = new boolean[3];
        for (int i = 0; i < 3; i++) {
            int a = 3 * tri[3 * s + i];
            boolean found = false;
            for (int j = 0; j < 3 && !found; j++) {
                int b = 3 * tri[3 * t + j];
                if (!used[j] && v[a] == v[b] && v[a + 1] == v[b + 1] && v[a + 2] == v[b + 2]) {
                    used[j] = true;
                    found = true;
                }
            }
            if (!found) return false;
        }
        return true;
    }
}
