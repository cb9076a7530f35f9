package org.pointgrad.nn.io;

import java.util.SplittableRandom;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;

/** Test-only model: relu(x W1 + b1) W2 + b2 built from Tensor ops, with child modules for dotted names and a buffer. */
public final class TwoLayerNet extends Module {
    /** One affine layer, weight shaped [in, out] so that forward is x.matmul(w).add(b). */
    public static final class Affine extends Module {
        public final Tensor weight;
        public final Tensor bias;

        public Affine(int in, int out, DType dtype, SplittableRandom rng) {
            weight = registerParameter(
                    "weight",
                    Tensor.randn(rng, dtype, in, out).mul(1.0 / Math.sqrt(in)).detach());
            bias = registerParameter("bias", Tensor.zeros(dtype, out));
        }

        public Tensor forward(Tensor x) {
            return x.matmul(weight).add(bias);
        }
    }

    public final Affine fc1;
    public final Affine fc2;
    public final Tensor counter;

    public TwoLayerNet(int in, int hidden, int out, DType dtype, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        fc1 = registerModule("fc1", new Affine(in, hidden, dtype, rng));
        fc2 = registerModule("fc2", new Affine(hidden, out, dtype, rng));
        counter = registerBuffer("counter", Tensor.zeros(dtype, 1));
    }

    public Tensor forward(Tensor x) {
        return fc2.forward(fc1.forward(x).relu());
    }
}
