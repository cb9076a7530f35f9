package org.pointgrad.pointcloud.transform;

import java.util.Locale;

/** A signed coordinate axis such as {@code +y} or {@code -x}, used to state where an object's up and forward point. */
public enum Direction {
    /** +x. */
    PLUS_X(0, 1),
    /** -x. */
    MINUS_X(0, -1),
    /** +y. */
    PLUS_Y(1, 1),
    /** -y. */
    MINUS_Y(1, -1),
    /** +z. */
    PLUS_Z(2, 1),
    /** -z. */
    MINUS_Z(2, -1);

    private final int axis;
    private final int sign;

    Direction(int axis, int sign) {
        this.axis = axis;
        this.sign = sign;
    }

    /** The coordinate index (0 = x, 1 = y, 2 = z). */
    public int axis() {
        return axis;
    }

    /** +1 or -1. */
    public int sign() {
        return sign;
    }

    /** The unit vector. */
    public double[] vector() {
        double[] v = new double[3];
        v[axis] = sign;
        return v;
    }

    /** Parses {@code +x}, {@code -y}, {@code z} (= {@code +z}), case-insensitive. */
    public static Direction parse(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        int sign = 1;
        if (t.startsWith("+") || t.startsWith("-")) {
            sign = t.charAt(0) == '-' ? -1 : 1;
            t = t.substring(1);
        }
        int axis =
                switch (t) {
                    case "x" -> 0;
                    case "y" -> 1;
                    case "z" -> 2;
                    default -> throw new IllegalArgumentException(
                            "'" + s + "' is not an axis; expected +x, -x, +y, -y, +z or -z");
                };
        for (Direction d : values()) if (d.axis == axis && d.sign == sign) return d;
        throw new AssertionError(s);
    }

    /** The axis as written by {@link #parse}, e.g. {@code -z}. */
    @Override
    public String toString() {
        return (sign > 0 ? "+" : "-") + "xyz".charAt(axis);
    }
}
