package org.pointgrad.autodiff;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Storage of gradients the engine has finished with during one backward, for reuse by later backward rules of the
 * same pass ({@link Autograd#gradientBuffer}). A large model's backward creates and drops a gradient the size of
 * every activation; taken from here, the next one of the same length is neither zero-filled nor collected. The
 * pool lives only as long as the backward call, so nothing it hands out outlives the pass unless the engine gave it
 * away (as a leaf's gradient, which then leaves the pool for good).
 */
final class GradientPool {
    /** Arrays kept per length: a chain of layers needs few of one size at a time, and the rest go to the GC. */
    private static final int MAX_PER_LENGTH = 4;

    /** Test hook: recycled arrays are filled with NaN, so a rule that leaves part of its buffer unwritten fails. */
    private static final boolean POISON = Boolean.getBoolean("pointgrad.poisonRecycled");

    private final Map<Integer, ArrayDeque<float[]>> floats = new HashMap<>();
    private final Map<Integer, ArrayDeque<double[]>> doubles = new HashMap<>();

    /** A tensor of this shape, on recycled storage when the pool has an array of its length. */
    Tensor take(DType dtype, int[] shape) {
        int n = Shapes.numel(shape);
        Tensor t;
        if (dtype == DType.FLOAT64) {
            ArrayDeque<double[]> q = doubles.get(n);
            double[] a = q == null ? null : q.poll();
            if (a != null && POISON) Arrays.fill(a, Double.NaN);
            t = new Tensor(a != null ? a : new double[n], shape.clone());
        } else {
            ArrayDeque<float[]> q = floats.get(n);
            float[] a = q == null ? null : q.poll();
            if (a != null && POISON) Arrays.fill(a, Float.NaN);
            t = new Tensor(a != null ? a : new float[n], shape.clone());
        }
        t.pooled = true;
        return t;
    }

    /** Takes back the storage of a gradient nothing refers to any more. */
    void give(Tensor t) {
        t.pooled = false;
        if (t.d != null) {
            ArrayDeque<double[]> q = doubles.computeIfAbsent(t.d.length, k -> new ArrayDeque<>());
            if (q.size() < MAX_PER_LENGTH) q.push(t.d);
        } else {
            ArrayDeque<float[]> q = floats.computeIfAbsent(t.f.length, k -> new ArrayDeque<>());
            if (q.size() < MAX_PER_LENGTH) q.push(t.f);
        }
    }
}
