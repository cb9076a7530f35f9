package org.pointgrad.vae.eval;

import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

/** A distribution over latent codes to sample shapes from. */
public interface LatentPrior {
    /** {@code count} codes of size {@code latent}, as a (count, latent) tensor. */
    Tensor sample(int count, int latent, DType dtype, RandomGenerator rng);

    /** Short name for tables ("standard", "gaussian", "gmm:8"). */
    String name();

    /** The VAE's prior N(0, I). */
    static LatentPrior standard() {
        return new LatentPrior() {
            public Tensor sample(int count, int latent, DType dtype, RandomGenerator rng) {
                return Tensor.randn(rng, dtype, count, latent);
            }

            public String name() {
                return "standard";
            }
        };
    }
}
