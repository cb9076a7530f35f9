package org.pointgrad.vae.prior;

import java.util.Objects;
import java.util.random.RandomGenerator;

/** Argument checks shared by the priors. */
final class PriorChecks {
    private PriorChecks() {}

    static void finite(String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i]))
                throw new IllegalArgumentException(what + "[" + i + "] is " + v[i] + "; expected a finite value");
        }
    }

    static void dimension(double[] z, int d) {
        Objects.requireNonNull(z, "z");
        if (z.length != d)
            throw new IllegalArgumentException(
                    "code has " + z.length + " values, but the prior was fitted to " + d + "-dimensional codes");
    }

    static void sampleArguments(String prior, int count, int latent, int d, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        if (count < 0) throw new IllegalArgumentException("sample count must be >= 0, got " + count);
        if (latent != d) {
            throw new IllegalArgumentException(
                    "prior '" + prior + "' was fitted to " + d + "-dimensional codes but the model's latent size is "
                            + latent + "; refit the prior for this model");
        }
        if ((long) count * d > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("sample: " + count + " x " + d + " values do not fit in one tensor");
    }
}
