package org.pointgrad.vae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.nn.inference.InferencePlanner;

/**
 * Decoding in eval mode without a graph (block by block) gives exactly the layer-by-layer values, for both template
 * kinds.
 */
class PatchDecodingProperties {
    @Property(tries = 30)
    void graphFreeDecodingEqualsLayerByLayer(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 300) int perPatch,
            @ForAll @IntRange(min = 1, max = 4) int patches,
            @ForAll @IntRange(min = 1, max = 40) int hidden,
            @ForAll boolean sphere,
            @ForAll boolean tanh,
            @ForAll boolean randomTemplate,
            @ForAll @IntRange(min = 1, max = 2) int threads) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            SplittableRandom rng = new SplittableRandom(seed);
            DType dtype = rng.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
            VaeConfig c = new VaeConfig(
                    new int[] {3, 8},
                    8,
                    1 + rng.nextInt(6),
                    patches,
                    hidden,
                    sphere ? VaeConfig.Template.SPHERE : VaeConfig.Template.SQUARE,
                    tanh,
                    false,
                    dtype);
            AtlasNetDecoder dec = new AtlasNetDecoder(c, rng);
            dec.eval();
            Tensor z = Tensor.randn(rng, dtype, batch, c.latent());
            long tSeed = rng.nextLong();
            Tensor layered = dec.forward(z, perPatch, randomTemplate ? new SplittableRandom(tSeed) : null);
            assertTrue(layered.requiresGrad(), "the reference runs with a graph");
            Tensor blocked;
            try (var s = Autograd.noGrad()) {
                blocked = dec.forward(z, perPatch, randomTemplate ? new SplittableRandom(tSeed) : null);
            }
            assertArrayEquals(layered.shape(), blocked.shape());
            var plan = InferencePlanner.planFor(dec);
            assertTrue(plan.isPresent(), "the planner takes this decoder");
            assertEquals(
                    Kernels.matmul().panels().isPresent(),
                    plan.get().usesPanels(),
                    "with the Vector API module, in panel layout");
            assertArrayEquals(layered.toDoubleArray(), blocked.toDoubleArray(), 0.0);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void wideHiddenLayersAndOnePointPatchesMatchExactly() {
        // hidden 300: the second layer has more than one k-block; perPatch 1 and 133: tiny and one-row last blocks.
        for (DType dtype : DType.values()) {
            for (int perPatch : new int[] {1, 133}) {
                VaeConfig c =
                        new VaeConfig(new int[] {3, 8}, 8, 4, 2, 300, VaeConfig.Template.SQUARE, true, false, dtype);
                AtlasNetDecoder dec = new AtlasNetDecoder(c, new SplittableRandom(31));
                dec.eval();
                Tensor z = Tensor.randn(new SplittableRandom(32), dtype, 4, 4).requiresGrad(true);
                double[] layered = dec.forward(z, perPatch, null).toDoubleArray();
                try (var s = Autograd.noGrad()) {
                    assertArrayEquals(
                            layered,
                            dec.forward(z, perPatch, null).toDoubleArray(),
                            0.0,
                            dtype + " perPatch " + perPatch);
                }
            }
        }
    }

    @Test
    void anomalyModeStillChecksEveryLayerWithoutAGraph() {
        VaeConfig c =
                new VaeConfig(new int[] {3, 8}, 8, 4, 2, 16, VaeConfig.Template.SQUARE, true, false, DType.FLOAT64);
        AtlasNetDecoder dec = new AtlasNetDecoder(c, new SplittableRandom(33));
        dec.eval();
        // An infinite output bias is hidden by the tanh in the decoded points, but the layer's output is not finite.
        dec.patchNets().get(0).output().bias().setFlat(0, Double.POSITIVE_INFINITY);
        Tensor z = Tensor.randn(new SplittableRandom(34), DType.FLOAT64, 2, 4);
        Autograd.setAnomalyMode(true);
        try (var s = Autograd.noGrad()) {
            assertThrows(org.pointgrad.autodiff.AnomalyException.class, () -> dec.forward(z, 5, null));
        } finally {
            Autograd.setAnomalyMode(false);
        }
    }
}
