package org.pointgrad.nn.layers;

import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.init.LinearInit;

/** Elementwise x unchanged (a placeholder where an activation is optional). */
public final class Identity extends ActivationLayer {
    /** Creates the activation. */
    public Identity() {}

    @Override
    public Tensor forward(Tensor x) {
        return x;
    }

    @Override
    public LinearInit matchedInit() {
        return LinearInit.xavierUniform(1.0);
    }

    @Override
    public String toString() {
        return "Identity()";
    }
}
