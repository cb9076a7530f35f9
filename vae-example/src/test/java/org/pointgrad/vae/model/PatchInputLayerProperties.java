package org.pointgrad.vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.GradCheck;
import org.pointgrad.autodiff.GradCheckReport;
import org.pointgrad.autodiff.Tensor;

/** The fused first patch layer against finite differences and against the unfused linear + add + relu chain. */
class PatchInputLayerProperties {

    private record Inputs(Tensor template, Tensor wt, Tensor latent) {}

    private static Inputs inputs(SplittableRandom rng, DType dtype, int b, int p, int t, int h, boolean shared) {
        return new Inputs(
                Tensor.uniform(rng, dtype, -1, 1, shared ? 1 : b, p, t),
                Tensor.uniform(rng, dtype, -1, 1, h, t),
                Tensor.uniform(rng, dtype, -1, 1, b, h));
    }

    /** Random inputs (small sizes) whose pre-activations all stay at least 0.01 from the ReLU kink. */
    private static Inputs awayFromKink(SplittableRandom rng, DType dtype, int b, int p, int t, int h, boolean shared) {
        while (true) {
            Inputs in = inputs(rng, dtype, b, p, t, h, shared);
            if (minAbs(preActivation(in)) > 0.01) return in;
        }
    }

    private static Tensor preActivation(Inputs in) {
        return Tensor.linear(in.template(), in.wt(), null).add(in.latent().unsqueeze(1));
    }

    private static double minAbs(Tensor x) {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < x.numel(); i++) min = Math.min(min, Math.abs(x.getFlat(i)));
        return min;
    }

    @Property(tries = 60)
    void gradCheck(@ForAll long seed, @ForAll boolean relu) {
        SplittableRandom rng = new SplittableRandom(seed);
        int b = 1 + rng.nextInt(3), p = 1 + rng.nextInt(4), t = 2 + rng.nextInt(2), h = 1 + rng.nextInt(5);
        Inputs in = awayFromKink(rng, DType.FLOAT64, b, p, t, h, rng.nextBoolean());
        in.template().requiresGrad(true);
        in.wt().requiresGrad(true);
        in.latent().requiresGrad(true);
        GradCheckReport r = GradCheck.check(
                x -> PatchInputLayer.apply(x[0], x[1], x[2], relu), in.template(), in.wt(), in.latent());
        assertTrue(r.passed(), () -> "patch_input_relu: " + r);
        assertTrue(r.maxRelError() < 1e-6, () -> "patch_input_relu: relative error " + r.maxRelError() + "\n" + r);
    }

    @Property(tries = 20)
    void matchesUnfusedChain(@ForAll long seed, @ForAll boolean relu) {
        SplittableRandom rng = new SplittableRandom(seed);
        int b = 1 + rng.nextInt(5), p = 1 + rng.nextInt(300), t = 2 + rng.nextInt(2), h = 1 + rng.nextInt(70);
        boolean shared = rng.nextBoolean();
        for (DType dtype : DType.values()) {
            double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-4;
            Inputs in = inputs(rng, dtype, b, p, t, h, shared);
            Tensor wt = in.wt().requiresGrad(true), lat = in.latent().requiresGrad(true);
            Tensor up = Tensor.randn(rng, dtype, b, p, h);
            // Near the kink the two forms may round a pre-activation to different sides of 0; no gradient flows there.
            Tensor pre = preActivation(in);
            for (int i = 0; i < up.numel(); i++) if (Math.abs(pre.getFlat(i)) < 1e-3) up.setFlat(i, 0);

            Tensor fused = PatchInputLayer.apply(in.template(), wt, lat, relu);
            fused.backward(up);
            double[] fusedGw = wt.grad().toDoubleArray(), fusedGl = lat.grad().toDoubleArray();
            wt.zeroGrad();
            lat.zeroGrad();
            Tensor affine = Tensor.linear(in.template(), wt, null).add(lat.unsqueeze(1));
            Tensor plain = relu ? affine.relu() : affine;
            plain.backward(up);

            assertClose(plain.toDoubleArray(), fused.toDoubleArray(), tol, dtype + " values");
            assertClose(wt.grad().toDoubleArray(), fusedGw, tol * p * b, dtype + " weight gradient");
            assertClose(lat.grad().toDoubleArray(), fusedGl, tol * p, dtype + " latent gradient");
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        Tensor tmpl = Tensor.zeros(DType.FLOAT64, 2, 4, 2),
                wt = Tensor.zeros(DType.FLOAT64, 5, 3),
                lat = Tensor.zeros(DType.FLOAT64, 2, 5);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PatchInputLayer.apply(tmpl, wt, lat, true));
        assertTrue(e.getMessage().contains("[5, 3]"), e.getMessage());
    }

    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            int at = i;
            assertTrue(
                    Math.abs(e - actual[i]) <= tol * Math.max(1, Math.abs(e)),
                    () -> what + " at " + at + ": expected " + e + ", got " + actual[at]);
        }
    }
}
