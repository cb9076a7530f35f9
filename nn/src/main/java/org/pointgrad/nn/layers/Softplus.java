package org.pointgrad.nn.layers;

import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.init.LinearInit;

/** Elementwise log(1 + exp(x)), a smooth ReLU. */
public final class Softplus extends ActivationLayer {
    /** Creates the activation. */
    public Softplus() {}

    @Override
    public Tensor forward(Tensor x) {
        return x.softplus();
    }

    @Override
    public LinearInit matchedInit() {
        return LinearInit.kaimingNormal();
    }

    @Override
    public String toString() {
        return "Softplus()";
    }
}
