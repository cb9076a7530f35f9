package org.pointgrad.autodiff.kernel;

/**
 * Per-thread scratch arrays that grow and are reused, for kernels that run many small pieces of work (row blocks)
 * on whichever thread takes them: allocating per piece would zero and discard megabytes per call. Contents are
 * undefined on return; a caller overwrites what it reads. Slots keep a caller's buffers apart from each other; a
 * caller must not hold a slot across code that may use the same slot on the same thread.
 */
public final class ThreadScratch {
    /** Slots per precision. */
    public static final int SLOTS = 4;

    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);
    private static final ThreadLocal<double[][]> DOUBLES = ThreadLocal.withInitial(() -> new double[SLOTS][0]);

    private ThreadScratch() {}

    /** A float array of at least {@code length} elements in {@code slot} of this thread. */
    public static float[] floats(int slot, int length) {
        float[][] s = FLOATS.get();
        if (s[slot].length < length) s[slot] = new float[length];
        return s[slot];
    }

    /** A double array of at least {@code length} elements in {@code slot} of this thread. */
    public static double[] doubles(int slot, int length) {
        double[][] s = DOUBLES.get();
        if (s[slot].length < length) s[slot] = new double[length];
        return s[slot];
    }
}
