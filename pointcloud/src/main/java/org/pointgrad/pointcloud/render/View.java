package org.pointgrad.pointcloud.render;

/**
 * Fixed orthographic cameras for clouds in airplane axes (x = nose, y = up, z = right wing; a grid rotates clouds of
 * another axis convention into these). Being fixed, pictures of different runs and models are directly comparable.
 */
public enum View {
    /** From front-right and above, the nose pointing to the lower right: shows wings, fuselage and tail at once. */
    THREE_QUARTER(new double[] {0.72, 0.48, 0.5}, new double[] {0, 1, 0}),
    /** From above, nose pointing up the picture, right wing on the right. */
    TOP(new double[] {0, 1, 0}, new double[] {1, 0, 0}),
    /** From the right side, nose pointing right. */
    SIDE(new double[] {0, 0, 1}, new double[] {0, 1, 0}),
    /** From in front of the nose, looking back along the fuselage. */
    FRONT(new double[] {1, 0, 0}, new double[] {0, 1, 0});
    private final double[] right, up, toCamera;

    View(double[] toCamera, double[] upHint) {
        double[] c = normalize(toCamera);
        double[] f = {-c[0], -c[1], -c[2]};
        this.right = normalize(cross(f, upHint));
        this.up = cross(right, f);
        this.toCamera = c;
    }

    /**
     * Projects a point to (u, v, depth): u to the right and v up on the picture plane, depth towards the camera
     * (larger is nearer). All three are in the cloud's units, so a unit-ball cloud maps into [-1, 1].
     */
    public double[] project(double x, double y, double z) {
        return new double[] {
            x * right[0] + y * right[1] + z * right[2],
            x * up[0] + y * up[1] + z * up[2],
            x * toCamera[0] + y * toCamera[1] + z * toCamera[2]
        };
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] normalize(double[] a) {
        double n = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        return new double[] {a[0] / n, a[1] / n, a[2] / n};
    }
}
