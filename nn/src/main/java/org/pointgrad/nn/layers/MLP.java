package org.pointgrad.nn.layers;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.DType;
import org.pointgrad.nn.init.LinearInit;

/**
 * Builds a multilayer perceptron as a {@link Sequential}: for widths (w0, w1, ..., wk), Linear(w0->w1), hidden
 * activation, ..., Linear(w(k-1)->wk), then the optional final activation. Each Linear is initialised to match the
 * activation that follows it (Kaiming for ReLU-like, Xavier with the tanh/sigmoid gain otherwise; the last layer
 * without a final activation gets Xavier with gain 1) unless {@link Builder#init} overrides it for all layers.
 *
 * <p>Example: {@code Sequential net = MLP.builder(2, 16, 1).hidden(Tanh::new).dtype(DType.FLOAT64).build(rng);}
 */
public final class MLP {
    private MLP() {}

    /** A builder for the given layer widths (input first, at least two). */
    public static Builder builder(int... widths) {
        return new Builder(widths);
    }

    /** Options of an MLP; defaults: ReLU hidden activation, no final activation, FLOAT32, matched init. */
    public static final class Builder {
        private final int[] widths;
        private Supplier<? extends ActivationLayer> hidden = ReLU::new;
        private Supplier<? extends ActivationLayer> last;
        private DType dtype = DType.FLOAT32;
        private LinearInit init;

        private Builder(int[] widths) {
            if (widths.length < 2)
                throw new IllegalArgumentException(
                        "MLP: need at least 2 widths (in, out), got " + Arrays.toString(widths));
            for (int w : widths) {
                if (w <= 0)
                    throw new IllegalArgumentException("MLP: widths must be > 0, got " + Arrays.toString(widths));
            }
            this.widths = widths.clone();
        }

        /** The activation after every hidden Linear (a new instance per layer). */
        public Builder hidden(Supplier<? extends ActivationLayer> activation) {
            this.hidden = Objects.requireNonNull(activation, "activation");
            return this;
        }

        /** An activation after the last Linear (null for none). */
        public Builder finalActivation(Supplier<? extends ActivationLayer> activation) {
            this.last = activation;
            return this;
        }

        /** Parameter dtype. */
        public Builder dtype(DType d) {
            this.dtype = Objects.requireNonNull(d, "dtype");
            return this;
        }

        /** One initialisation for every Linear instead of the activation-matched one. */
        public Builder init(LinearInit i) {
            this.init = i;
            return this;
        }

        /** Builds the network, drawing initial weights from {@code rng} layer by layer. */
        public Sequential build(RandomGenerator rng) {
            Objects.requireNonNull(rng, "rng");
            Sequential s = new Sequential();
            int n = widths.length - 1;
            for (int i = 0; i < n; i++) {
                boolean isLast = i == n - 1;
                ActivationLayer act = isLast ? (last == null ? null : last.get()) : hidden.get();
                LinearInit li = init != null ? init : (act != null ? act.matchedInit() : LinearInit.xavierUniform(1.0));
                s.add(new Linear(widths[i], widths[i + 1], true, dtype, li, rng));
                if (act != null) s.add(act);
            }
            return s;
        }
    }
}
