package org.pointgrad.nn.init;

import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Tensor;

/** A rule that fills a bias in place; it gets the weight's fan-in because PyTorch's default bias bound needs it. */
@FunctionalInterface
public interface BiasInit {
    /** Fills {@code bias} in place. */
    void fill(Tensor bias, int fanIn, RandomGenerator rng);

    /** All zeros. */
    static BiasInit zeros() {
        return (b, fanIn, rng) -> Init.zeros(b);
    }

    /** All {@code value}. */
    static BiasInit constant(double value) {
        return (b, fanIn, rng) -> Init.constant(b, value);
    }

    /** Small uniform noise U(-bound, bound). */
    static BiasInit uniform(double bound) {
        if (!(bound >= 0)) throw new IllegalArgumentException("BiasInit.uniform: bound must be >= 0, got " + bound);
        return (b, fanIn, rng) -> Init.uniform(b, -bound, bound, rng);
    }

    /** PyTorch's Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    static BiasInit pytorchDefault() {
        return (b, fanIn, rng) -> {
            double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0.0;
            Init.uniform(b, -bound, bound, rng);
        };
    }
}
