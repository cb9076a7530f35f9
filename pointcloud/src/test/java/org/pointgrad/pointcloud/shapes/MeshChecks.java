package org.pointgrad.pointcloud.shapes;

import org.pointgrad.pointcloud.Mesh;

/** Geometry measurements used by the shape tests, computed independently of the code under test. */
final class MeshChecks {
    private MeshChecks() {}

    /** Signed volume by the divergence theorem: positive when faces are oriented outward. */
    static double signedVolume(Mesh m) {
        float[] v = m.vertices();
        int[] t = m.triangles();
        double vol = 0;
        for (int i = 0; i < t.length; i += 3) {
            int a = 3 * t[i], b = 3 * t[i + 1], c = 3 * t[i + 2];
            vol += v[a] * (v[b + 1] * v[c + 2] - v[b + 2] * v[c + 1])
                    - v[a + 1] * (v[b] * v[c + 2] - v[b + 2] * v[c])
                    + v[a + 2] * (v[b] * v[c + 1] - v[b + 1] * v[c]);
        }
        return vol / 6;
    }

    /** Per-axis {min, max} over the vertices: {{minX, maxX}, {minY, maxY}, {minZ, maxZ}}. */
    static double[][] bounds(float[] xyz) {
        double[][] b = {
            {Double.MAX_VALUE, -Double.MAX_VALUE},
            {Double.MAX_VALUE, -Double.MAX_VALUE},
            {Double.MAX_VALUE, -Double.MAX_VALUE}
        };
        for (int i = 0; i < xyz.length; i++) {
            b[i % 3][0] = Math.min(b[i % 3][0], xyz[i]);
            b[i % 3][1] = Math.max(b[i % 3][1], xyz[i]);
        }
        return b;
    }

    /** Largest distance of any packed point from the origin. */
    static double maxRadius(float[] xyz) {
        double r = 0;
        for (int i = 0; i < xyz.length; i += 3) {
            r = Math.max(r, Math.sqrt(xyz[i] * xyz[i] + xyz[i + 1] * xyz[i + 1] + xyz[i + 2] * xyz[i + 2]));
        }
        return r;
    }
}
