package org.pointgrad.autodiff;

import java.util.Arrays;

/** Static helpers for shapes (int arrays, row-major): sizes, strides, broadcasting, axis normalization. */
public final class Shapes {
    private Shapes() {}

    /** Number of elements of a shape (1 for rank 0). */
    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension in shape " + str(shape));
            n *= s;
            if (n > Integer.MAX_VALUE)
                throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** Row-major strides. */
    public static int[] strides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    /** Formats a shape as {@code (2,3,4)}. */
    public static String str(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** NumPy broadcast of two shapes, or an error naming the op and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides of {@code shape} viewed as broadcast to {@code target} (0 on broadcast dimensions). */
    public static int[] broadcastStrides(int[] shape, int[] target) {
        int[] st = strides(shape);
        int[] out = new int[target.length];
        int off = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            int j = i - off;
            out[i] = (j < 0 || shape[j] == 1) ? 0 : st[j];
        }
        return out;
    }

    /** Normalizes a possibly negative axis against a rank, or throws naming the op. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }

    /** Normalizes a list of axes (an empty list means all axes), rejecting duplicates. */
    public static boolean[] axesMask(String op, int[] axes, int rank) {
        boolean[] m = new boolean[rank];
        if (axes == null || axes.length == 0) {
            Arrays.fill(m, true);
            return m;
        }
        for (int ax : axes) {
            int a = axis(op, ax, rank);
            if (m[a]) throw new IllegalArgumentException(op + ": axis " + ax + " given twice");
            m[a] = true;
        }
        return m;
    }

    static void checkShape(String op, int[] shape) {
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException(op + ": negative dimension in shape " + str(shape));
        }
    }
}
