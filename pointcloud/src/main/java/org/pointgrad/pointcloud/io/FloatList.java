package org.pointgrad.pointcloud.io;

import java.util.Arrays;

/**
 * A growable float array; grows with the data actually read, never with a count a file merely declares (readers), or
 * with the matches actually found (range queries).
 */
public final class FloatList {
    private float[] a = new float[48];
    private int n;

    /** Appends {@code v}. */
    public void add(float v) {
        if (n == a.length) a = Arrays.copyOf(a, Math.max(16, a.length + (a.length >> 1)));
        a[n++] = v;
    }

    /** The value at {@code i} ({@code i < size()}). */
    public float get(int i) {
        return a[i];
    }

    /** The number of values added. */
    public int size() {
        return n;
    }

    /** The backing array (valid up to {@link #size()}; replaced when the list grows). */
    float[] backing() {
        return a;
    }

    /** A copy of the values added, in order. */
    public float[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
