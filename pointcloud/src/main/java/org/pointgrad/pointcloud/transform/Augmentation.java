package org.pointgrad.pointcloud.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Random changes that keep an airplane an airplane, for training on few shapes: a small rotation about the up axis,
 * a mirror across the symmetry plane (the plane of up and forward, so the span axis flips), and an anisotropic
 * scaling of the three axes. The axes are parameters so any axis convention can drive it.
 *
 * <p>Applied in this order: mirror, scale, rotate. After scaling the cloud is rescaled uniformly so its largest
 * distance from the origin is what it was: a unit-ball-normalized input stays in the unit ball (the decoder's tanh
 * range), and only the proportions change.
 *
 * @param up                axis the rotation turns about
 * @param span              axis along the wings; the mirror negates this coordinate
 * @param rotationDegrees   the rotation angle is uniform in [-rotationDegrees, rotationDegrees] (0: none)
 * @param mirror            mirror with probability 1/2
 * @param scale             each axis is scaled by a factor uniform in [1 - scale, 1 + scale] (0: none)
 */
public record Augmentation(Axis up, Axis span, double rotationDegrees, boolean mirror, double scale) {
    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(Axis.DEFAULT_UP, Axis.Z, 0, false, 0);

    /** Validates the axes and the ranges. */
    public Augmentation {
        if (up == null || span == null)
            throw new IllegalArgumentException("augmentation: up and span axes must be given");
        if (up == span)
            throw new IllegalArgumentException("augmentation: up and span must be different axes, both are " + up);
        if (!(rotationDegrees >= 0 && rotationDegrees <= 180)) {
            throw new IllegalArgumentException(
                    "augmentation: rotate must be in [0, 180] degrees, got " + rotationDegrees);
        }
        if (!(scale >= 0 && scale < 1))
            throw new IllegalArgumentException("augmentation: scale must be in [0, 1), got " + scale);
    }

    /**
     * Parses {@code none} or a comma-separated list of {@code rotate:DEGREES}, {@code mirror} and {@code scale:S},
     * e.g. {@code rotate:5,mirror,scale:0.1}.
     */
    public static Augmentation parse(String spec, Axis up, Axis span) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.equals("none")) return new Augmentation(up, span, 0, false, 0);
        double rotate = 0, scale = 0;
        boolean mirror = false;
        for (String part : s.split(",")) {
            String p = part.trim();
            if (p.equals("mirror")) {
                mirror = true;
            } else if (p.startsWith("rotate:")) {
                rotate = number(spec, p.substring(7));
            } else if (p.startsWith("scale:")) {
                scale = number(spec, p.substring(6));
            } else {
                throw new IllegalArgumentException("--augment '" + spec + "': unknown part '" + p
                        + "'; expected none or a comma-separated list of rotate:DEGREES, mirror, scale:S");
            }
        }
        return new Augmentation(up, span, rotate, mirror, scale);
    }

    private static double number(String spec, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--augment '" + spec + "': '" + v + "' is not a number");
        }
    }

    /** True when nothing is changed. */
    public boolean isIdentity() {
        return rotationDegrees == 0 && !mirror && scale == 0;
    }

    /** The spec {@link #parse} reads back, e.g. {@code rotate:5,mirror,scale:0.1}, or {@code none}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (rotationDegrees > 0) parts.add("rotate:" + fmt(rotationDegrees));
        if (mirror) parts.add("mirror");
        if (scale > 0) parts.add("scale:" + fmt(scale));
        return parts.isEmpty() ? "none" : String.join(",", parts);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Augments the cloud of {@code points} points packed x,y,z at {@code data[offset ...]} in place, drawing one
     * rotation angle, one mirror decision and three scale factors from {@code rng} (in that order, always, so the
     * stream stays aligned whichever parts are on).
     */
    public void applyInPlace(float[] data, int offset, int points, RandomGenerator rng) {
        double angle = Math.toRadians(rotationDegrees * (2 * rng.nextDouble() - 1));
        boolean flip = rng.nextBoolean();
        double[] f = new double[3];
        for (int a = 0; a < 3; a++) f[a] = 1 + scale * (2 * rng.nextDouble() - 1);
        if (isIdentity()) return;
        if (mirror && flip) f[span.ordinal()] = -f[span.ordinal()];
        if (scale == 0) {
            // Mirror alone is exact; skip the renormalization's rounding.
            for (int a = 0; a < 3; a++) f[a] = Math.signum(f[a]);
        }
        int end = offset + 3 * points;
        double maxBefore = 0, maxAfter = 0;
        for (int i = offset; i < end; i += 3) {
            double x = data[i], y = data[i + 1], z = data[i + 2];
            maxBefore = Math.max(maxBefore, x * x + y * y + z * z);
            double sx = f[0] * x, sy = f[1] * y, sz = f[2] * z;
            maxAfter = Math.max(maxAfter, sx * sx + sy * sy + sz * sz);
        }
        double k = scale > 0 && maxAfter > 0 ? Math.sqrt(maxBefore / maxAfter) : 1;
        for (int a = 0; a < 3; a++) f[a] *= k;
        // (a, b): the coordinates that move under the rotation about up, in right-handed order (as in Rotation).
        int ua = (up.ordinal() + 1) % 3, ub = (up.ordinal() + 2) % 3;
        double c = Math.cos(angle), s = Math.sin(angle);
        double[] p = new double[3];
        for (int i = offset; i < end; i += 3) {
            for (int a = 0; a < 3; a++) p[a] = f[a] * data[i + a];
            double u = p[ua], v = p[ub];
            p[ua] = c * u - s * v;
            p[ub] = s * u + c * v;
            for (int a = 0; a < 3; a++) data[i + a] = (float) p[a];
        }
    }
}
