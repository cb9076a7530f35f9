package org.pointgrad.nn.layers;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Layer;

/**
 * Inverted dropout: in training each element is zeroed with probability p and survivors are scaled by 1/(1-p), so
 * evaluation is the identity. Masks come from the layer's own seeded generator, so a run is reproducible.
 */
public final class Dropout extends Layer {
    private final double p;
    private final RandomGenerator rng;

    /** Dropout with probability {@code p} in [0, 1] and masks drawn from {@code new SplittableRandom(seed)}. */
    public Dropout(double p, long seed) {
        this(p, new SplittableRandom(seed));
    }

    /** Dropout with probability {@code p} in [0, 1], masks drawn from {@code rng}. */
    public Dropout(double p, RandomGenerator rng) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        this.p = p;
        this.rng = Objects.requireNonNull(rng, "rng");
    }

    /** The probability of zeroing an element in training mode. */
    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) return x;
        Tensor mask = Tensor.zeros(x.dtype(), x.shape());
        double keep = p == 1 ? 0.0 : 1.0 / (1.0 - p);
        int n = mask.numel();
        for (int i = 0; i < n; i++) mask.setFlat(i, rng.nextDouble() >= p ? keep : 0.0);
        return x.mul(mask);
    }

    @Override
    public String toString() {
        return "Dropout(" + p + ")";
    }
}
