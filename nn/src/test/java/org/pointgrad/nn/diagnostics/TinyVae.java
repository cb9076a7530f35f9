package org.pointgrad.nn.diagnostics;

import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;
import org.pointgrad.nn.io.TwoLayerNet.Affine;

/**
 * Test-only VAE built from Tensor ops: shared tanh layer, mu and logvar heads, z = mu + exp(0.5 logvar) eps
 * (or z = mu when not sampling), tanh decoder; loss = mean squared reconstruction error + beta * KL with
 * KL = mean over the batch of sum over latent dims of -0.5 (1 + logvar - mu^2 - exp(logvar)).
 */
final class TinyVae extends Module {
    /** How the loss is wired. */
    enum Wiring {
        /** As intended. */
        CORRECT,
        /** The bug: z is computed from mu only and the KL term is never added, so the logvar head is unused. */
        LOGVAR_DISCONNECTED
    }

    final Affine shared;
    final Affine mu;
    final Affine logvar;
    final Affine dec1;
    final Affine dec2;
    final int latent;

    TinyVae(int in, int hidden, int latent, long seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        this.latent = latent;
        Container encoder = registerModule("encoder", new Container());
        shared = encoder.add("shared", new Affine(in, hidden, DType.FLOAT64, rng));
        mu = encoder.add("mu", new Affine(hidden, latent, DType.FLOAT64, rng));
        logvar = encoder.add("logvar", new Affine(hidden, latent, DType.FLOAT64, rng));
        Container decoder = registerModule("decoder", new Container());
        dec1 = decoder.add("fc1", new Affine(latent, hidden, DType.FLOAT64, rng));
        dec2 = decoder.add("fc2", new Affine(hidden, in, DType.FLOAT64, rng));
    }

    /** A plain parent module, so parameters get names like {@code encoder.logvar.weight}. */
    static final class Container extends Module {
        <M extends Module> M add(String name, M child) {
            return registerModule(name, child);
        }
    }

    /**
     * The loss for batch {@code x}. Sampling follows {@link #isTraining()}; {@code addKlWhenBetaZero} keeps the
     * KL term in the graph as 0 * KL.
     */
    Tensor loss(Tensor x, Wiring wiring, double beta, boolean addKlWhenBetaZero, RandomGenerator rng) {
        Tensor h = shared.forward(x).tanh();
        Tensor m = mu.forward(h);
        Tensor lv = logvar.forward(h);
        Tensor z;
        if (wiring == Wiring.LOGVAR_DISCONNECTED || !isTraining()) {
            z = m;
        } else {
            Tensor eps = Tensor.randn(rng, DType.FLOAT64, x.size(0), latent);
            z = m.add(lv.mul(0.5).exp().mul(eps));
        }
        Tensor recon = dec2.forward(dec1.forward(z).tanh());
        Tensor loss = recon.sub(x).square().mean();
        if (wiring == Wiring.LOGVAR_DISCONNECTED) return loss;
        if (beta != 0 || addKlWhenBetaZero) {
            Tensor kl = lv.add(1).sub(m.square()).sub(lv.exp()).mul(-0.5).sum(1, false).mean();
            loss = loss.add(kl.mul(beta));
        }
        return loss;
    }
}
