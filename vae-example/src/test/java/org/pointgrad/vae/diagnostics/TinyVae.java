package org.pointgrad.vae.diagnostics;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;
import org.pointgrad.nn.init.LinearInit;
import org.pointgrad.nn.layers.Linear;

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

    final Linear shared;
    final Linear mu;
    final Linear logvar;
    final Linear dec1;
    final Linear dec2;
    final int latent;

    TinyVae(int in, int hidden, int latent, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        this.latent = latent;
        Container encoder = registerModule("encoder", new Container());
        shared = encoder.add("shared", new Linear(in, hidden, DType.FLOAT64, LinearInit.pytorchDefault(), rng));
        mu = encoder.add("mu", new Linear(hidden, latent, DType.FLOAT64, LinearInit.pytorchDefault(), rng));
        logvar = encoder.add("logvar", new Linear(hidden, latent, DType.FLOAT64, LinearInit.pytorchDefault(), rng));
        Container decoder = registerModule("decoder", new Container());
        dec1 = decoder.add("fc1", new Linear(latent, hidden, DType.FLOAT64, LinearInit.pytorchDefault(), rng));
        dec2 = decoder.add("fc2", new Linear(hidden, in, DType.FLOAT64, LinearInit.pytorchDefault(), rng));
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
            Tensor kl = lv.add(1)
                    .sub(m.square())
                    .sub(lv.exp())
                    .mul(-0.5)
                    .sum(1, false)
                    .mean();
            loss = loss.add(kl.mul(beta));
        }
        return loss;
    }
}
