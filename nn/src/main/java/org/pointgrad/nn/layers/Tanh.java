package org.pointgrad.nn.layers;

import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.init.LinearInit;

/** Elementwise tanh(x). */
public final class Tanh extends ActivationLayer {
    /** Creates the activation. */
    public Tanh() {}

    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }

    @Override
    public LinearInit matchedInit() {
        return LinearInit.xavierUniform(org.pointgrad.nn.init.Init.tanhGain());
    }

    @Override
    public String toString() {
        return "Tanh()";
    }
}
