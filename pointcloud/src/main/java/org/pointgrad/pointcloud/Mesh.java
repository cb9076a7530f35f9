package org.pointgrad.pointcloud;

import java.util.Objects;

/** An immutable triangle mesh: packed float vertices (x, y, z per vertex) and packed int triangles (3 indices each). */
public final class Mesh {
    private final float[] vertices;
    private final int[] triangles;

    /** Wraps (does not copy) the arrays; validates that every index points into the vertex list. */
    public Mesh(float[] vertices, int[] triangles) {
        Objects.requireNonNull(vertices, "vertices");
        Objects.requireNonNull(triangles, "triangles");
        if (vertices.length % 3 != 0) {
            throw new IllegalArgumentException(
                    "Mesh: vertex array length " + vertices.length + " is not a multiple of 3");
        }
        if (triangles.length % 3 != 0) {
            throw new IllegalArgumentException(
                    "Mesh: triangle array length " + triangles.length + " is not a multiple of 3");
        }
        int n = vertices.length / 3;
        for (int i = 0; i < triangles.length; i++) {
            if (triangles[i] < 0 || triangles[i] >= n) {
                throw new IllegalArgumentException(
                        "Mesh: triangle " + (i / 3) + " has vertex index " + triangles[i] + " outside [0, " + n + ")");
            }
        }
        this.vertices = vertices;
        this.triangles = triangles;
    }

    /** Number of vertices. */
    public int vertexCount() {
        return vertices.length / 3;
    }

    /** Number of triangles. */
    public int triangleCount() {
        return triangles.length / 3;
    }
    /** Packed vertices (shared, do not modify). */
    public float[] vertices() {
        return vertices;
    }
    /** Packed triangle indices (shared, do not modify). */
    public int[] triangles() {
        return triangles;
    }

    /** Total surface area. */
    public double area() {
        double a = 0;
        for (int t = 0; t < triangleCount(); t++) a += triangleArea(t);
        return a;
    }

    /** Area of triangle {@code t}. */
    public double triangleArea(int t) {
        int a = 3 * triangles[3 * t], b = 3 * triangles[3 * t + 1], c = 3 * triangles[3 * t + 2];
        double ux = vertices[b] - vertices[a],
                uy = vertices[b + 1] - vertices[a + 1],
                uz = vertices[b + 2] - vertices[a + 2];
        double vx = vertices[c] - vertices[a],
                vy = vertices[c + 1] - vertices[a + 1],
                vz = vertices[c + 2] - vertices[a + 2];
        double cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
        return 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
    }

    /** Concatenates meshes into one (indices are offset). */
    public static Mesh merge(Mesh... parts) {
        int nv = 0, nt = 0;
        for (Mesh m : parts) {
            nv += m.vertices.length;
            nt += m.triangles.length;
        }
        float[] v = new float[nv];
        int[] t = new int[nt];
        int vo = 0, to = 0;
        for (Mesh m : parts) {
            System.arraycopy(m.vertices, 0, v, vo, m.vertices.length);
            for (int i = 0; i < m.triangles.length; i++) t[to + i] = m.triangles[i] + vo / 3;
            vo += m.vertices.length;
            to += m.triangles.length;
        }
        return new Mesh(v, t);
    }

    @Override
    public String toString() {
        return "Mesh[" + vertexCount() + " vertices, " + triangleCount() + " triangles]";
    }
}
