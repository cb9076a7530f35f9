package org.pointgrad.pointcloud.io;

import java.util.Arrays;

/** A growable float array; grows with the data actually read, never with a count a file merely declares. */
final class FloatList {
    private float[] a = new float[48];
    private int n;

    void add(float v) {
        if (n == a.length) a = Arrays.copyOf(a, Math.max(16, a.length + (a.length >> 1)));
        a[n++] = v;
    }

    int size() { return n; }

    /** The backing array (valid up to {@link #size()}; replaced when the list grows). */
    float[] backing() { return a; }

    float[] toArray() { return Arrays.copyOf(a, n); }
}
