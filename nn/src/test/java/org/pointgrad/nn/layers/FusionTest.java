package org.pointgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Layer;
import org.pointgrad.nn.init.LinearInit;

/** The fused graph path against running every layer on its own: same values, same gradients, gradients checked. */
class FusionTest {
    private static Sequential net(DType dtype, SplittableRandom rng) {
        return new Sequential(
                new Linear(3, 8, true, dtype, LinearInit.kaimingNormal(), rng),
                new ReLU(),
                new Linear(8, 8, true, dtype, LinearInit.kaimingNormal(), rng),
                new Tanh(),
                new Linear(8, 6, true, dtype, LinearInit.kaimingNormal(), rng),
                new ReLU(),
                new Linear(6, 2, rng.nextBoolean(), dtype, LinearInit.pytorchDefault(), rng));
    }

    /** Every layer's plain forward, one after the other. */
    private static Tensor layerByLayer(List<Layer> layers, Tensor x) {
        for (Layer l : layers) x = l.forward(x);
        return x;
    }

    private static List<double[]> gradients(Sequential s) {
        List<double[]> out = new ArrayList<>();
        for (Tensor p : s.parameters()) out.add(p.grad().toDoubleArray());
        return out;
    }

    @Test
    void onlyALinearFollowedByAReluFuses() {
        SplittableRandom rng = new SplittableRandom(1);
        Linear lin = new Linear(2, 2, rng);
        assertTrue(lin.absorbs(new ReLU()));
        assertFalse(lin.absorbs(new LeakyReLU()));
        assertFalse(lin.absorbs(new Linear(2, 2, rng)));
        assertFalse(new ReLU().absorbs(lin));
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 4, 2);
        assertEquals(
                "linear_relu", Fusion.forward(List.of(lin, new ReLU()), 0, x).opName());
        var e = assertThrows(IllegalArgumentException.class, () -> lin.forwardThen(new Tanh(), x));
        assertTrue(e.getMessage().contains("does not absorb"), e.getMessage());
    }

    @Test
    void fusedAndLayerByLayerGraphsAgreeExactly() {
        for (DType dtype : DType.values()) {
            SplittableRandom rng = new SplittableRandom(7);
            Sequential s = net(dtype, rng);
            Tensor x = Tensor.randn(rng, dtype, 2, 9, 3);
            Tensor up = Tensor.randn(rng, dtype, 2, 9, 2);

            s.zeroGrad();
            Tensor fused = s.forward(x);
            fused.backward(up);
            List<double[]> fusedGrads = gradients(s);

            s.zeroGrad();
            Tensor plain = layerByLayer(s.layers(), x);
            plain.backward(up);
            List<double[]> plainGrads = gradients(s);

            assertArrayEquals(plain.toDoubleArray(), fused.toDoubleArray(), 0.0, dtype + " values");
            for (int i = 0; i < plainGrads.size(); i++) {
                assertArrayEquals(plainGrads.get(i), fusedGrads.get(i), 0.0, dtype + " gradient of parameter " + i);
            }
        }
    }

    @Test
    void fusedGraphPassesTheGradientCheck() {
        SplittableRandom rng = new SplittableRandom(11);
        Sequential s = net(DType.FLOAT64, rng);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 5, 3);
        Tensor r = Tensor.randn(rng, DType.FLOAT64, 5, 2);
        ParameterGradCheck.assertParameterGradients(s, () -> s.forward(x).mul(r).sum(), 1e-6);
    }

    @Test
    void pooledFusionMatchesThePlainMaxAndChecks() {
        SplittableRandom rng = new SplittableRandom(13);
        Sequential s = new Sequential(
                new Linear(3, 8, true, DType.FLOAT64, LinearInit.kaimingNormal(), rng),
                new ReLU(),
                new Linear(8, 5, true, DType.FLOAT64, LinearInit.kaimingNormal(), rng),
                new ReLU());
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 7, 3);
        Tensor pooled = Fusion.forwardMaxPool(s.layers(), x);
        assertEquals("linear_relu_max", pooled.opName());
        assertArrayEquals(layerByLayer(s.layers(), x).max(1, false).toDoubleArray(), pooled.toDoubleArray(), 0.0);
        Tensor r = Tensor.randn(rng, DType.FLOAT64, 2, 5);
        ParameterGradCheck.assertParameterGradients(
                s, () -> Fusion.forwardMaxPool(s.layers(), x).mul(r).sum(), 1e-6);
    }

    @Test
    void anomalyModeRunsEveryLayerOnItsOwn() {
        SplittableRandom rng = new SplittableRandom(17);
        Sequential s = new Sequential(new Linear(3, 4, rng), new ReLU());
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 1, 6, 3);
        assertTrue(Fusion.enabled());
        Autograd.setAnomalyMode(true);
        try {
            assertFalse(Fusion.enabled());
            assertEquals("relu", s.forward(x).opName());
            assertEquals("max", Fusion.forwardMaxPool(s.layers(), x).opName());
        } finally {
            Autograd.setAnomalyMode(false);
        }
    }
}
