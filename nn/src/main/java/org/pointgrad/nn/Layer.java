package org.pointgrad.nn;

import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.layers.Fusion;

/**
 * A module with one tensor in and one tensor out, composable in {@code Sequential}. A layer may declare that it
 * absorbs the layer after it into one fused op ({@link #absorbs}); {@link Fusion} decides when containers use that.
 */
public abstract class Layer extends Module {
    /** Applies the layer. */
    public abstract Tensor forward(Tensor x);

    /**
     * Whether {@code next}, run right after this layer, can be computed together with it as one op by
     * {@link #forwardThen}, with the same values and gradients. No layer absorbs another unless it says so.
     */
    public boolean absorbs(Layer next) {
        return false;
    }

    /**
     * {@code next.forward(forward(x))} as one op, for a {@code next} this layer {@link #absorbs}; containers call it
     * through {@link Fusion#forward}.
     */
    public Tensor forwardThen(Layer next, Tensor x) {
        if (!absorbs(next)) {
            throw new IllegalArgumentException(this + " does not absorb " + next + " into one op");
        }
        throw new UnsupportedOperationException(
                getClass().getSimpleName() + " absorbs " + next + " but does not override forwardThen");
    }

    /**
     * {@code forwardThen(next, x).max(1, false)} for an (B, N, C) input, pooled over the points axis; a layer may
     * compute it without storing the (B, N, C_out) activation. The values are those of the unpooled path, the
     * gradients equal up to rounding.
     */
    public Tensor forwardThenMaxPool(Layer next, Tensor x) {
        return forwardThen(next, x).max(1, false);
    }
}
