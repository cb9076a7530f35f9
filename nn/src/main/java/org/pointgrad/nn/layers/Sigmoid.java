package org.pointgrad.nn.layers;

import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.init.LinearInit;

/** Elementwise 1 / (1 + exp(-x)). */
public final class Sigmoid extends ActivationLayer {
    /** Creates the activation. */
    public Sigmoid() {}

    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }

    @Override
    public LinearInit matchedInit() {
        return LinearInit.xavierUniform(1.0);
    }

    @Override
    public String toString() {
        return "Sigmoid()";
    }
}
