package org.pointgrad.pointcloud.shapes;

import org.pointgrad.pointcloud.Mesh;

/**
 * Closed triangle meshes of simple solids, centred at the origin unless stated otherwise.
 * Round solids have their axis along y (the "up" axis) except {@link #loftX}, which runs along x so that
 * fuselages and engine nacelles can be built directly in airplane coordinates (x = nose, y = up, z = span).
 */
public final class Primitives {
    private Primitives() {}

    /**
     * A UV sphere of the given radius with {@code slices} segments around y and {@code stacks} bands from pole to pole.
     */
    public static Mesh sphere(double radius, int slices, int stacks) {
        return ellipsoid(radius, radius, radius, slices, stacks);
    }

    /** A UV ellipsoid with semi-axes {@code rx, ry, rz}; poles on the y axis. */
    public static Mesh ellipsoid(double rx, double ry, double rz, int slices, int stacks) {
        requirePositive("ellipsoid", "rx", rx);
        requirePositive("ellipsoid", "ry", ry);
        requirePositive("ellipsoid", "rz", rz);
        requireAtLeast("ellipsoid", "slices", slices, 3);
        requireAtLeast("ellipsoid", "stacks", stacks, 2);
        // Poles are single vertices so that no zero-area triangles are produced at the caps.
        float[] v = new float[3 * (2 + (stacks - 1) * slices)];
        int k = 0;
        v[k++] = 0;
        v[k++] = (float) ry;
        v[k++] = 0;
        for (int s = 1; s < stacks; s++) {
            double phi = Math.PI * s / stacks;
            for (int i = 0; i < slices; i++) {
                double theta = 2 * Math.PI * i / slices;
                v[k++] = (float) (rx * Math.sin(phi) * Math.cos(theta));
                v[k++] = (float) (ry * Math.cos(phi));
                v[k++] = (float) (rz * Math.sin(phi) * Math.sin(theta));
            }
        }
        v[k++] = 0;
        v[k++] = (float) -ry;
        v[k] = 0;
        int south = 1 + (stacks - 1) * slices;
        int[] t = new int[3 * (2 * slices + 2 * slices * (stacks - 2))];
        int q = 0;
        for (int i = 0; i < slices; i++) {
            int j = (i + 1) % slices;
            t[q++] = 0;
            t[q++] = 1 + j;
            t[q++] = 1 + i;
            int base = 1 + (stacks - 2) * slices;
            t[q++] = south;
            t[q++] = base + i;
            t[q++] = base + j;
        }
        for (int s = 0; s < stacks - 2; s++) {
            int a = 1 + s * slices, b = a + slices;
            for (int i = 0; i < slices; i++) {
                int j = (i + 1) % slices;
                t[q++] = a + i;
                t[q++] = a + j;
                t[q++] = b + i;
                t[q++] = a + j;
                t[q++] = b + j;
                t[q++] = b + i;
            }
        }
        return new Mesh(v, t);
    }

    /** An axis-aligned box with full edge lengths {@code sx, sy, sz}. */
    public static Mesh box(double sx, double sy, double sz) {
        requirePositive("box", "sx", sx);
        requirePositive("box", "sy", sy);
        requirePositive("box", "sz", sz);
        double x = sx / 2, y = sy / 2, z = sz / 2;
        return hexahedron(
                new double[] {-x, -y, -z, x, -y, -z, x, y, -z, -x, y, -z, -x, -y, z, x, -y, z, x, y, z, -x, y, z});
    }

    /**
     * A convex hexahedron from 8 corners (24 packed coordinates): corners 0-3 form one quad face and 4-7 the
     * opposite one, with corner {@code i + 4} joined to corner {@code i}. Faces are oriented outward.
     */
    public static Mesh hexahedron(double[] corners) {
        if (corners.length != 24) {
            throw new IllegalArgumentException(
                    "hexahedron: expected 24 coordinates (8 corners), got " + corners.length);
        }
        float[] v = new float[24];
        double cx = 0, cy = 0, cz = 0;
        for (int i = 0; i < 8; i++) {
            v[3 * i] = (float) corners[3 * i];
            v[3 * i + 1] = (float) corners[3 * i + 1];
            v[3 * i + 2] = (float) corners[3 * i + 2];
            cx += corners[3 * i] / 8;
            cy += corners[3 * i + 1] / 8;
            cz += corners[3 * i + 2] / 8;
        }
        int[][] quads = {{0, 1, 2, 3}, {4, 7, 6, 5}, {0, 4, 5, 1}, {1, 5, 6, 2}, {2, 6, 7, 3}, {3, 7, 4, 0}};
        int[] t = new int[36];
        int q = 0;
        for (int[] f : quads) {
            q = addOutward(t, q, v, f[0], f[1], f[2], cx, cy, cz);
            q = addOutward(t, q, v, f[0], f[2], f[3], cx, cy, cz);
        }
        return new Mesh(v, t);
    }

    /** A torus around the y axis: ring of radius {@code major} in the xz-plane, tube radius {@code minor}. */
    public static Mesh torus(double major, double minor, int majorSegments, int minorSegments) {
        requirePositive("torus", "major", major);
        requirePositive("torus", "minor", minor);
        if (minor >= major) {
            throw new IllegalArgumentException(
                    "torus: minor radius " + minor + " must be smaller than major radius " + major);
        }
        requireAtLeast("torus", "majorSegments", majorSegments, 3);
        requireAtLeast("torus", "minorSegments", minorSegments, 3);
        float[] v = new float[3 * majorSegments * minorSegments];
        int k = 0;
        for (int i = 0; i < majorSegments; i++) {
            double u = 2 * Math.PI * i / majorSegments;
            for (int j = 0; j < minorSegments; j++) {
                double w = 2 * Math.PI * j / minorSegments;
                double r = major + minor * Math.cos(w);
                v[k++] = (float) (r * Math.cos(u));
                v[k++] = (float) (minor * Math.sin(w));
                v[k++] = (float) (r * Math.sin(u));
            }
        }
        int[] t = new int[6 * majorSegments * minorSegments];
        int q = 0;
        for (int i = 0; i < majorSegments; i++) {
            int i2 = (i + 1) % majorSegments;
            for (int j = 0; j < minorSegments; j++) {
                int j2 = (j + 1) % minorSegments;
                int a = i * minorSegments + j,
                        b = i2 * minorSegments + j,
                        c = i2 * minorSegments + j2,
                        d = i * minorSegments + j2;
                t[q++] = a;
                t[q++] = d;
                t[q++] = c;
                t[q++] = a;
                t[q++] = c;
                t[q++] = b;
            }
        }
        return new Mesh(v, t);
    }

    /** A capped cylinder along y, centred at the origin. */
    public static Mesh cylinder(double radius, double height, int segments) {
        return frustum(radius, radius, height, segments);
    }

    /** A cone along y: base disc of {@code radius} at y = -height/2 (capped), apex at y = +height/2. */
    public static Mesh cone(double radius, double height, int segments) {
        requirePositive("cone", "radius", radius);
        requirePositive("cone", "height", height);
        return MeshTransforms.xAxisToY(loftX(
                new double[] {-height / 2, -height / 2, height / 2},
                new double[] {0, radius, 0},
                new double[] {0, radius, 0},
                new double[3],
                segments));
    }

    /** A capped truncated cone along y: radius {@code bottom} at y = -height/2, {@code top} at y = +height/2. */
    public static Mesh frustum(double bottom, double top, double height, int segments) {
        requirePositive("frustum", "bottom", bottom);
        requirePositive("frustum", "top", top);
        requirePositive("frustum", "height", height);
        return MeshTransforms.xAxisToY(loftX(
                new double[] {-height / 2, -height / 2, height / 2, height / 2},
                new double[] {0, bottom, top, 0},
                new double[] {0, bottom, top, 0},
                new double[4],
                segments));
    }

    /**
     * A closed tube along x through elliptical cross-sections: station {@code i} sits at {@code x[i]} with semi-axes
     * {@code ry[i]} (vertical) and {@code rz[i]} (sideways), its centre raised by {@code yc[i]}. A station with both
     * radii zero is a single point (a pointed nose or tail); the first and last stations are capped when they are
     * not points. Stations must be ordered monotonically along x (either direction); faces point outward.
     */
    public static Mesh loftX(double[] x, double[] ry, double[] rz, double[] yc, int segments) {
        int n = x.length;
        if (ry.length != n || rz.length != n || yc.length != n) {
            throw new IllegalArgumentException("loftX: station arrays must have equal length, got x=" + n + ", ry="
                    + ry.length + ", rz=" + rz.length + ", yc=" + yc.length);
        }
        requireAtLeast("loftX", "stations", n, 2);
        requireAtLeast("loftX", "segments", segments, 3);
        for (int i = 0; i < n; i++) {
            if (!(ry[i] >= 0) || !(rz[i] >= 0)) {
                throw new IllegalArgumentException(
                        "loftX: station " + i + " has negative or NaN radius (" + ry[i] + ", " + rz[i] + ")");
            }
        }
        float[] v = new float[3 * (n * segments + 2)];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < segments; s++) {
                double a = 2 * Math.PI * s / segments;
                v[k++] = (float) x[i];
                v[k++] = (float) (yc[i] + ry[i] * Math.cos(a));
                v[k++] = (float) (rz[i] * Math.sin(a));
            }
        }
        int first = n * segments, last = first + 1;
        v[k++] = (float) x[0];
        v[k++] = (float) yc[0];
        v[k++] = 0;
        v[k++] = (float) x[n - 1];
        v[k++] = (float) yc[n - 1];
        v[k] = 0;
        int[] t = new int[3 * (2 * segments * (n - 1) + 2 * segments)];
        int q = 0;
        for (int i = 0; i < n - 1; i++) {
            for (int s = 0; s < segments; s++) {
                int s2 = (s + 1) % segments;
                int a = i * segments + s,
                        b = i * segments + s2,
                        c = (i + 1) * segments + s2,
                        d = (i + 1) * segments + s;
                t[q++] = a;
                t[q++] = b;
                t[q++] = c;
                t[q++] = a;
                t[q++] = c;
                t[q++] = d;
            }
        }
        for (int s = 0; s < segments; s++) {
            int s2 = (s + 1) % segments;
            t[q++] = first;
            t[q++] = s2;
            t[q++] = s;
            t[q++] = last;
            t[q++] = (n - 1) * segments + s;
            t[q++] = (n - 1) * segments + s2;
        }
        if (x[n - 1] < x[0]) {
            // The winding above is outward for stations ordered along +x; a loft running towards -x is mirrored.
            for (int i = 0; i < t.length; i += 3) {
                int tmp = t[i + 1];
                t[i + 1] = t[i + 2];
                t[i + 2] = tmp;
            }
        }
        return new Mesh(v, t);
    }

    /**
     * A thin lifting surface (wing, tailplane or fin) as a tapered, swept slab. The root chord starts at the leading
     * edge point {@code rootLe} and runs towards -x for {@code rootChord}; likewise the tip. Thickness is
     * {@code thicknessRatio} times the local chord, measured along y for a horizontal surface and along z for a
     * vertical one.
     */
    public static Mesh surface(
            double[] rootLe,
            double rootChord,
            double[] tipLe,
            double tipChord,
            double thicknessRatio,
            boolean vertical) {
        if (rootLe.length != 3 || tipLe.length != 3) {
            throw new IllegalArgumentException("surface: leading-edge points must have 3 coordinates, got "
                    + rootLe.length + " and " + tipLe.length);
        }
        requirePositive("surface", "rootChord", rootChord);
        requirePositive("surface", "tipChord", tipChord);
        requirePositive("surface", "thicknessRatio", thicknessRatio);
        double tr = thicknessRatio * rootChord / 2, tt = thicknessRatio * tipChord / 2;
        int ta = vertical ? 2 : 1;
        double[] c = new double[24];
        double[][] le = {rootLe, tipLe};
        double[] chord = {rootChord, tipChord}, half = {tr, tt};
        // Corners: 0-3 = root section (LE low, TE low, TE high, LE high), 4-7 = tip section in the same order.
        for (int e = 0; e < 2; e++) {
            for (int j = 0; j < 4; j++) {
                int o = 3 * (4 * e + j);
                c[o] = le[e][0] - ((j == 1 || j == 2) ? chord[e] : 0);
                c[o + 1] = le[e][1];
                c[o + 2] = le[e][2];
                c[o + ta] += (j >= 2 ? half[e] : -half[e]);
            }
        }
        return hexahedron(c);
    }

    private static int addOutward(int[] t, int q, float[] v, int a, int b, int c, double cx, double cy, double cz) {
        double ux = v[3 * b] - v[3 * a], uy = v[3 * b + 1] - v[3 * a + 1], uz = v[3 * b + 2] - v[3 * a + 2];
        double wx = v[3 * c] - v[3 * a], wy = v[3 * c + 1] - v[3 * a + 1], wz = v[3 * c + 2] - v[3 * a + 2];
        double nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
        double dot = nx * (v[3 * a] - cx) + ny * (v[3 * a + 1] - cy) + nz * (v[3 * a + 2] - cz);
        t[q++] = a;
        if (dot >= 0) {
            t[q++] = b;
            t[q++] = c;
        } else {
            t[q++] = c;
            t[q++] = b;
        }
        return q;
    }

    private static void requirePositive(String what, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + ": " + name + " must be positive and finite, got " + value);
        }
    }

    private static void requireAtLeast(String what, String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(what + ": " + name + " must be at least " + min + ", got " + value);
        }
    }
}
