package org.pointgrad.nn.layers;

import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.init.LinearInit;

/** Elementwise max(x, 0). */
public final class ReLU extends ActivationLayer {
    /** Creates the activation. */
    public ReLU() {}

    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }

    @Override
    public LinearInit matchedInit() {
        return LinearInit.kaimingNormal();
    }

    @Override
    public String toString() {
        return "ReLU()";
    }
}
