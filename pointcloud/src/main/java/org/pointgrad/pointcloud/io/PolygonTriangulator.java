package org.pointgrad.pointcloud.io;

/**
 * Splits a polygon face into triangles by ear clipping in the polygon's plane (the plane of its Newell normal), so
 * concave n-gons are covered exactly, not by a fan that spills outside them. Triangles keep the face's winding.
 * Degenerate polygons (no normal) and very large ones fall back to a fan; self-intersecting ones are clipped as well
 * as they allow (every corner ends up in some triangle, and the loop always terminates).
 */
final class PolygonTriangulator {
    /** Faces with more corners than this are fanned: ear clipping costs O(k^2) per face. */
    static final int MAX_EAR_CLIPPED_CORNERS = 4096;

    private PolygonTriangulator() {}

    /**
     * Appends the triangles of polygon {@code poly[0..k)} (indices into packed {@code xyz}) to {@code out}.
     * The indices must already be range-checked; with {@code xyz} null (positions not known yet) the polygon is fanned.
     */
    static void triangulate(float[] xyz, int[] poly, int k, IntList out) {
        if (k == 3) {
            out.add(poly[0]);
            out.add(poly[1]);
            out.add(poly[2]);
            return;
        }
        if (xyz == null) {
            fan(poly, k, out);
            return;
        }
        double nx = 0, ny = 0, nz = 0;
        for (int i = 0; i < k; i++) {
            int a = 3 * poly[i], b = 3 * poly[(i + 1) % k];
            nx += (xyz[a + 1] - xyz[b + 1]) * (double) (xyz[a + 2] + xyz[b + 2]);
            ny += (xyz[a + 2] - xyz[b + 2]) * (double) (xyz[a] + xyz[b]);
            nz += (xyz[a] - xyz[b]) * (double) (xyz[a + 1] + xyz[b + 1]);
        }
        double ax = Math.abs(nx), ay = Math.abs(ny), az = Math.abs(nz);
        if (k > MAX_EAR_CLIPPED_CORNERS || !(ax + ay + az > 0)) {
            fan(poly, k, out);
            return;
        }
        // Project onto the coordinate plane most parallel to the polygon, ordered so the polygon runs
        // counter-clockwise.
        int u, v;
        boolean flip;
        if (az >= ax && az >= ay) {
            u = 0;
            v = 1;
            flip = nz < 0;
        } else if (ax >= ay) {
            u = 1;
            v = 2;
            flip = nx < 0;
        } else {
            u = 2;
            v = 0;
            flip = ny < 0;
        }
        double[] px = new double[k], py = new double[k];
        for (int i = 0; i < k; i++) {
            px[i] = xyz[3 * poly[i] + u];
            py[i] = flip ? -xyz[3 * poly[i] + v] : xyz[3 * poly[i] + v];
        }
        if (isConvex(px, py, k)) {
            // Every fan from a convex polygon's corner lies inside it; the fan keeps the familiar corner order.
            fan(poly, k, out);
            return;
        }
        int[] next = new int[k], prev = new int[k];
        for (int i = 0; i < k; i++) {
            next[i] = (i + 1) % k;
            prev[i] = (i + k - 1) % k;
        }
        int remaining = k, cur = 0, sinceLastEar = 0;
        while (remaining > 3) {
            int p = prev[cur], n = next[cur];
            boolean ear = isEar(px, py, p, cur, n, next);
            // A full lap without an ear means the polygon is not simple (or numerically so): clip anyway.
            if (ear || sinceLastEar > remaining) {
                out.add(poly[p]);
                out.add(poly[cur]);
                out.add(poly[n]);
                next[p] = n;
                prev[n] = p;
                remaining--;
                sinceLastEar = 0;
                cur = p;
            } else {
                cur = n;
                sinceLastEar++;
            }
        }
        out.add(poly[prev[cur]]);
        out.add(poly[cur]);
        out.add(poly[next[cur]]);
    }

    /** True when every corner turns left (or goes straight) in the counter-clockwise projection. */
    private static boolean isConvex(double[] px, double[] py, int k) {
        for (int i = 0; i < k; i++) {
            int p = (i + k - 1) % k, n = (i + 1) % k;
            double cross = (px[i] - px[p]) * (py[n] - py[p]) - (py[i] - py[p]) * (px[n] - px[p]);
            if (cross < 0) return false;
        }
        return true;
    }

    private static boolean isEar(double[] px, double[] py, int p, int c, int n, int[] next) {
        double cross = (px[c] - px[p]) * (py[n] - py[p]) - (py[c] - py[p]) * (px[n] - px[p]);
        if (!(cross > 0)) return false;
        for (int q = next[n]; q != p; q = next[q]) {
            if (samePoint(px, py, q, p) || samePoint(px, py, q, c) || samePoint(px, py, q, n)) continue;
            if (inTriangle(px[q], py[q], px[p], py[p], px[c], py[c], px[n], py[n])) return false;
        }
        return true;
    }

    private static boolean samePoint(double[] px, double[] py, int a, int b) {
        return px[a] == px[b] && py[a] == py[b];
    }

    /** Inside or on the boundary of counter-clockwise triangle abc. */
    private static boolean inTriangle(
            double x, double y, double ax, double ay, double bx, double by, double cx, double cy) {
        return (bx - ax) * (y - ay) - (by - ay) * (x - ax) >= 0
                && (cx - bx) * (y - by) - (cy - by) * (x - bx) >= 0
                && (ax - cx) * (y - cy) - (ay - cy) * (x - cx) >= 0;
    }

    private static void fan(int[] poly, int k, IntList out) {
        for (int i = 1; i + 1 < k; i++) {
            out.add(poly[0]);
            out.add(poly[i]);
            out.add(poly[i + 1]);
        }
    }
}
