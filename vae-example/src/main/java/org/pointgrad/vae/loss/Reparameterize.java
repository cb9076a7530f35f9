package org.pointgrad.vae.loss;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

/**
 * The reparameterization node {@code z = mu + exp(0.5 * logvar) * eps}, eps ~ N(0, I), as one fused autodiff op with
 * a hand-written backward: dz/dmu = 1 and dz/dlogvar = 0.5 * eps * exp(0.5 * logvar). Because sigma enters through
 * {@code eps * sigma}, the reconstruction loss alone reaches the logvar head whenever sampling is on.
 */
public final class Reparameterize {
    private Reparameterize() {}

    /** Samples z with fresh noise from {@code rng}. */
    public static Tensor sample(Tensor mu, Tensor logvar, RandomGenerator rng) {
        check(mu, logvar);
        return withNoise(mu, logvar, Tensor.randn(rng, mu.dtype(), mu.shape()));
    }

    /** z = mu in evaluation mode, otherwise a sample: the usual switch of a VAE. */
    public static Tensor apply(Tensor mu, Tensor logvar, RandomGenerator rng, boolean training) {
        return training ? sample(mu, logvar, rng) : mu;
    }

    /** z for a given noise tensor (same shape as mu); the noise gets no gradient. */
    public static Tensor withNoise(Tensor mu, Tensor logvar, Tensor eps) {
        check(mu, logvar);
        if (!Arrays.equals(eps.shape(), mu.shape()) || eps.dtype() != mu.dtype()) {
            throw new IllegalArgumentException("Reparameterize: noise " + Arrays.toString(eps.shape()) + " "
                    + eps.dtype() + " does not match mu " + Arrays.toString(mu.shape()) + " " + mu.dtype());
        }
        int n = mu.numel();
        Tensor sigma = Tensor.zeros(mu.dtype(), mu.shape());
        Tensor z = Tensor.zeros(mu.dtype(), mu.shape());
        if (mu.dtype() == DType.FLOAT32) {
            float[] m = mu.floatData(),
                    lv = logvar.floatData(),
                    e = eps.floatData(),
                    s = sigma.floatData(),
                    o = z.floatData();
            for (int i = 0; i < n; i++) {
                s[i] = (float) Math.exp(0.5 * lv[i]);
                o[i] = m[i] + s[i] * e[i];
            }
        } else {
            double[] m = mu.doubleData(),
                    lv = logvar.doubleData(),
                    e = eps.doubleData(),
                    s = sigma.doubleData(),
                    o = z.doubleData();
            for (int i = 0; i < n; i++) {
                s[i] = Math.exp(0.5 * lv[i]);
                o[i] = m[i] + s[i] * e[i];
            }
        }
        return Autograd.record(
                "reparameterize",
                z,
                g -> {
                    Tensor glv = null;
                    if (logvar.requiresGrad()) {
                        glv = Tensor.zeros(g.dtype(), g.shape());
                        for (int i = 0; i < n; i++)
                            glv.setFlat(i, 0.5 * g.getFlat(i) * eps.getFlat(i) * sigma.getFlat(i));
                    }
                    return new Tensor[] {g, glv};
                },
                mu,
                logvar);
    }

    private static void check(Tensor mu, Tensor logvar) {
        if (!Arrays.equals(mu.shape(), logvar.shape())) {
            throw new IllegalArgumentException("Reparameterize: mu shape " + Arrays.toString(mu.shape())
                    + " differs from logvar shape " + Arrays.toString(logvar.shape()));
        }
        if (mu.dtype() != logvar.dtype()) {
            throw new IllegalArgumentException(
                    "Reparameterize: mu is " + mu.dtype() + " but logvar is " + logvar.dtype());
        }
    }
}
