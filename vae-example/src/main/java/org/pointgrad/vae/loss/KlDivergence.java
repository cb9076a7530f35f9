package org.pointgrad.vae.loss;

import java.util.Arrays;
import org.pointgrad.autodiff.Tensor;

/**
 * KL(q(z|x) || N(0, I)) for a diagonal Gaussian posterior: per dimension -0.5 (1 + logvar - mu^2 - exp(logvar)),
 * averaged over the batch; optional free bits (Kingma et al. 2016): each dimension's batch-mean KL is floored at
 * {@code freeBits} nats, so the optimizer gains nothing by pushing a dimension below the floor.
 */
public final class KlDivergence {
    private KlDivergence() {}

    /** Batch-mean KL per latent dimension: shape (Z) from mu, logvar of shape (B, Z). */
    public static Tensor perDimension(Tensor mu, Tensor logvar) {
        if (mu.dim() != 2)
            throw new IllegalArgumentException(
                    "KlDivergence: expected mu of shape (B, Z), got " + Arrays.toString(mu.shape()));
        Tensor kl = logvar.add(1.0).sub(mu.square()).sub(logvar.exp()).mul(-0.5);
        return kl.mean(0, false);
    }

    /** Total KL: sum over dimensions of the batch-mean KL. */
    public static Tensor total(Tensor mu, Tensor logvar) {
        return perDimension(mu, logvar).sum();
    }

    /** The KL term to optimise with free bits: sum over dimensions of max(KL_d, freeBits). freeBits 0 = plain KL. */
    public static Tensor withFreeBits(Tensor perDimension, double freeBits) {
        if (freeBits < 0) throw new IllegalArgumentException("free bits must be >= 0 nats, got " + freeBits);
        if (freeBits == 0) return perDimension.sum();
        return perDimension.clamp(freeBits, Double.MAX_VALUE).sum();
    }
}
