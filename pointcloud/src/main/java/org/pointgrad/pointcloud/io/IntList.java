package org.pointgrad.pointcloud.io;

import java.util.Arrays;

/** A growable int array; grows with the data actually read, never with a count a file merely declares. */
final class IntList {
    private int[] a = new int[48];
    private int n;

    void add(int v) {
        if (n == a.length) a = Arrays.copyOf(a, Math.max(16, a.length + (a.length >> 1)));
        a[n++] = v;
    }

    int get(int i) { return a[i]; }

    int size() { return n; }

    int[] toArray() { return Arrays.copyOf(a, n); }
}
