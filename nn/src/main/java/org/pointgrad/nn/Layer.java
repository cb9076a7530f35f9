package org.pointgrad.nn;

import org.pointgrad.autodiff.Tensor;

/** A module with one tensor in and one tensor out, composable in {@code Sequential}. */
public abstract class Layer extends Module {
    /** Applies the layer. */
    public abstract Tensor forward(Tensor x);
}
