package org.pointgrad.nn.init;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Tensor;

/**
 * How a linear layer's weight and bias start: a weight rule and a bias rule, applied weight first (the order
 * PyTorch uses, so draws from one generator line up).
 */
public record LinearInit(WeightInit weight, BiasInit bias) {
    /** Both rules are required. */
    public LinearInit {
        Objects.requireNonNull(weight, "weight");
        Objects.requireNonNull(bias, "bias");
    }

    /** Fills {@code w} and then {@code b} (b may be null for a layer without bias). */
    public void apply(Tensor w, Tensor b, RandomGenerator rng) {
        weight.fill(w, rng);
        if (b != null) bias.fill(b, Fans.of(w.shape()).fanIn(), rng);
    }

    /** PyTorch's nn.Linear default (kaiming_uniform a=sqrt(5), bias U(-1/sqrt(fan_in), 1/sqrt(fan_in))). */
    public static LinearInit pytorchDefault() {
        return new LinearInit(WeightInit.pytorchDefault(), BiasInit.pytorchDefault());
    }

    /** Kaiming normal (fan-in, ReLU) with zero bias: the usual choice before a ReLU. */
    public static LinearInit kaimingNormal() {
        return new LinearInit(WeightInit.kaimingNormal(), BiasInit.zeros());
    }

    /** Kaiming normal (fan-in) for leaky ReLU with the given slope, zero bias. */
    public static LinearInit kaimingNormal(double negativeSlope) {
        return new LinearInit(WeightInit.kaimingNormal(negativeSlope), BiasInit.zeros());
    }

    /** Kaiming uniform (fan-in, ReLU) with zero bias. */
    public static LinearInit kaimingUniform() {
        return new LinearInit(WeightInit.kaimingUniform(), BiasInit.zeros());
    }

    /** Xavier uniform with the given gain and zero bias: the usual choice before tanh, sigmoid or no activation. */
    public static LinearInit xavierUniform(double gain) {
        return new LinearInit(WeightInit.xavierUniform(gain), BiasInit.zeros());
    }

    /** Xavier normal with the given gain and zero bias. */
    public static LinearInit xavierNormal(double gain) {
        return new LinearInit(WeightInit.xavierNormal(gain), BiasInit.zeros());
    }

    /** This weight rule with another bias rule. */
    public LinearInit withBias(BiasInit b) {
        return new LinearInit(weight, b);
    }
}
