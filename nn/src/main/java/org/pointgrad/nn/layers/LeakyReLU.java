package org.pointgrad.nn.layers;

import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.init.LinearInit;

/** Elementwise {@code x > 0 ? x : slope * x}. */
public final class LeakyReLU extends ActivationLayer {
    private final double negativeSlope;

    /** PyTorch's default slope 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    /** With the given negative slope. */
    public LeakyReLU(double negativeSlope) {
        if (!Double.isFinite(negativeSlope))
            throw new IllegalArgumentException("LeakyReLU: slope must be finite, got " + negativeSlope);
        this.negativeSlope = negativeSlope;
    }

    /** The slope for negative inputs. */
    public double negativeSlope() {
        return negativeSlope;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.leakyRelu(negativeSlope);
    }

    @Override
    public LinearInit matchedInit() {
        return LinearInit.kaimingNormal(negativeSlope);
    }

    @Override
    public String toString() {
        return "LeakyReLU(" + negativeSlope + ")";
    }
}
