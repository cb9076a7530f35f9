package org.pointgrad.nn.init;

import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Tensor;

/** A rule that fills a weight tensor of shape (out, in, ...) in place from a generator. */
@FunctionalInterface
public interface WeightInit {
    /** Fills {@code weight} in place. */
    void fill(Tensor weight, RandomGenerator rng);

    /** He/Kaiming normal, fan-in, for ReLU. */
    static WeightInit kaimingNormal() {
        return (w, rng) -> Init.kaimingNormal(w, rng);
    }

    /** He/Kaiming normal, fan-in, for leaky ReLU with the given negative slope. */
    static WeightInit kaimingNormal(double negativeSlope) {
        return (w, rng) -> Init.kaimingNormal(w, negativeSlope, rng);
    }

    /** He/Kaiming uniform, fan-in, for ReLU. */
    static WeightInit kaimingUniform() {
        return (w, rng) -> Init.kaimingUniform(w, rng);
    }

    /** He/Kaiming uniform, fan-in, for leaky ReLU with slope {@code a}. */
    static WeightInit kaimingUniform(double a) {
        return (w, rng) -> Init.kaimingUniform(w, a, rng);
    }

    /** Xavier/Glorot uniform with the given gain. */
    static WeightInit xavierUniform(double gain) {
        return (w, rng) -> Init.xavierUniform(w, gain, rng);
    }

    /** Xavier/Glorot normal with the given gain. */
    static WeightInit xavierNormal(double gain) {
        return (w, rng) -> Init.xavierNormal(w, gain, rng);
    }

    /** PyTorch's Linear default for the weight: kaiming_uniform with a = sqrt(5). */
    static WeightInit pytorchDefault() {
        return kaimingUniform(Math.sqrt(5.0));
    }
}
