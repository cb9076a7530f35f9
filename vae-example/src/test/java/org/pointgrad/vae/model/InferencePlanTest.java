package org.pointgrad.vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.inference.InferencePlan;
import org.pointgrad.nn.inference.InferencePlanner;
import org.pointgrad.nn.optim.SGD;

/**
 * Every model type's graph-free plan against its graph path in eval mode (bit for bit where no BatchNorm is folded),
 * and plans rebuilt when parameters change in place after an inference call.
 */
class InferencePlanTest {
    private static VaeConfig reference(DType dtype) {
        return VaeConfig.defaults()
                .withLatent(4)
                .withPatches(2)
                .withHidden(8)
                .withEncoderWidths(3, 8, 16)
                .withHeadWidth(8)
                .withDtype(dtype);
    }

    private static VaeConfig atlasNet(DType dtype) {
        return VaeConfig.atlasNet()
                .withEncoderWidths(3, 8, 12, 16)
                .withHeadWidth(12)
                .withLatentAndHidden(16)
                .withPatches(3)
                .withDtype(dtype);
    }

    /** mu and the reconstruction from mu, as one array; with or without a graph. */
    private static double[] infer(PointCloudVae m, Tensor x, boolean graph) {
        if (graph) {
            Tensor mu = m.encoder().forward(x).mu();
            return concat(mu.toDoubleArray(), m.decoder().forward(mu, 10, null).toDoubleArray());
        }
        try (var s = Autograd.noGrad()) {
            Tensor mu = m.encoder().forward(x).mu();
            return concat(mu.toDoubleArray(), m.decoder().forward(mu, 10, null).toDoubleArray());
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** A model in eval mode; AtlasNet's with running statistics and BatchNorm affine parameters away from 1 and 0. */
    private static PointCloudVae model(VaeConfig c, Tensor x) {
        PointCloudVae m = new PointCloudVae(c, new SplittableRandom(5));
        if (c.arch() == VaeConfig.Arch.ATLASNET) {
            SplittableRandom rng = new SplittableRandom(6);
            for (int i = 0; i < 2; i++) m.forward(x, 30, rng);
            for (var e : m.namedParameters().entrySet()) {
                if (e.getKey().contains(".bn"))
                    for (int i = 0; i < e.getValue().numel(); i++) e.getValue().setFlat(i, 0.5 + rng.nextDouble());
            }
        }
        m.eval();
        return m;
    }

    /** Exact for the reference model (nothing folded); folded BatchNorm rounds differently. */
    private static void assertMatches(double[] want, double[] got, VaeConfig c, String what) {
        boolean folded = c.arch() == VaeConfig.Arch.ATLASNET;
        double tol = !folded ? 0 : c.dtype() == DType.FLOAT64 ? 1e-10 : 2e-4;
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertTrue(
                    Math.abs(want[i] - got[i]) <= tol * (1 + Math.abs(want[i])),
                    what + "[" + i + "]: " + want[i] + " vs " + got[i]);
        }
    }

    /** The decoder's current plan; both decoder kinds have one. */
    private static InferencePlan decoderPlan(PointCloudVae m) {
        PointDecoder d = m.decoder();
        if (d instanceof AtlasNetDecoder a) return InferencePlanner.planFor(a).orElseThrow();
        return InferencePlanner.planFor((AtlasNetBnDecoder) d).orElseThrow();
    }

    @Test
    void everyModelTypeGivesTheGraphPathsValuesWithoutAGraph() {
        for (DType dtype : DType.values()) {
            for (VaeConfig c : new VaeConfig[] {reference(dtype), atlasNet(dtype)}) {
                Tensor x = Tensor.randn(new SplittableRandom(7), dtype, 2, 140, 3);
                PointCloudVae m = model(c, x);
                assertMatches(infer(m, x, true), infer(m, x, false), c, c.arch() + " " + dtype);
                assertSame(decoderPlan(m), decoderPlan(m), "compiled once while nothing changes");
            }
        }
    }

    @Test
    void aParameterChangedInPlaceAfterAnInferenceCallRebuildsThePlan() {
        for (VaeConfig c : new VaeConfig[] {reference(DType.FLOAT32), atlasNet(DType.FLOAT64)}) {
            Tensor x = Tensor.randn(new SplittableRandom(8), c.dtype(), 2, 50, 3);
            PointCloudVae m = model(c, x);
            double[] before = infer(m, x, false);
            InferencePlan plan = decoderPlan(m);
            for (var e : m.namedParameters().entrySet()) {
                // One weight of the encoder's first layer and of every decoder layer, in place.
                String k = e.getKey();
                if (k.startsWith("decoder") && k.endsWith("weight")
                        || k.endsWith("conv1.weight")
                        || k.endsWith("mlp.0.weight"))
                    e.getValue().setFlat(0, e.getValue().getFlat(0) + 0.75);
            }
            double[] after = infer(m, x, false);
            assertFalse(Arrays.equals(before, after), c.arch() + ": the change is seen");
            assertNotSame(plan, decoderPlan(m), c.arch().toString());
            assertMatches(infer(m, x, true), after, c, c.arch() + " after the change");
        }
    }

    @Test
    void anOptimizerStepRebuildsThePlan() {
        VaeConfig c = reference(DType.FLOAT64);
        Tensor x = Tensor.randn(new SplittableRandom(9), c.dtype(), 2, 30, 3);
        PointCloudVae m = model(c, x);
        double[] before = infer(m, x, false);
        Tensor loss = m.forward(x, 20, new SplittableRandom(10))
                .reconstruction()
                .square()
                .sum();
        loss.backward();
        new SGD(m.namedParameters(), 0.1).step();
        double[] after = infer(m, x, false);
        assertFalse(Arrays.equals(before, after));
        assertMatches(infer(m, x, true), after, c, "after a step");
    }
}
