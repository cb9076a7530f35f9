package org.pointgrad.autodiff;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reverse-mode engine: seeding, accumulation, graph freeing, no-grad, detach, deep graphs, anomaly mode. */
class EngineTest {
    @AfterEach
    void anomalyOff() {
        Autograd.setAnomalyMode(false);
    }

    @Test
    void gradientOfASmallExpression() {
        // f = sum(x * y + x^2) -> df/dx = y + 2x, df/dy = x
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor y = Tensor.of(new double[] {4, 5, 6}, 3).requiresGrad(true);
        x.mul(y).add(x.square()).sum().backward();
        assertArrayEquals(new double[] {6, 9, 12}, x.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3}, y.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void broadcastGradientIsSummedToTheInputShape() {
        Tensor x = Tensor.ones(DType.FLOAT64, 4, 3).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        x.add(b).sum().backward();
        assertArrayEquals(new int[] {3}, b.grad().shape());
        assertArrayEquals(new double[] {4, 4, 4}, b.grad().toDoubleArray());
    }

    @Test
    void gradientsAccumulateOverTwoBackwardCallsAndZeroGradClears() {
        Tensor x = Tensor.of(new double[] {2}, 1).requiresGrad(true);
        x.square().sum().backward();
        x.square().sum().backward();
        assertEquals(8.0, x.grad().item(), 1e-12);
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void sharedGradientObjectsAreNotAliasedBetweenLeaves() {
        Tensor a = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        a.add(b).sum().backward();
        a.add(b).mul(3).sum().backward();
        assertEquals(4.0, a.grad().item());
        assertEquals(4.0, b.grad().item());
        assertNotSame(a.grad(), b.grad());
    }

    @Test
    void secondBackwardOnFreedGraphIsAClearError() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor loss = x.exp().sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("already freed"), e.getMessage());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor loss = x.exp().sum();
        loss.backward(null, true);
        loss.backward(null, false);
        assertArrayEquals(
                new double[] {2 * Math.exp(1), 2 * Math.exp(2)}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void explicitUpstreamGradientForNonScalarOutputs() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.mul(3);
        assertThrows(IllegalArgumentException.class, y::backward);
        y.backward(Tensor.of(new double[] {1, 10}, 2));
        assertArrayEquals(new double[] {3, 30}, x.grad().toDoubleArray());
    }

    @Test
    void noGradScopeRecordsNothingAndNests() {
        Tensor x = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        Tensor y;
        try (Autograd.Scope outer = Autograd.noGrad()) {
            try (Autograd.Scope inner = Autograd.noGrad()) {
                assertFalse(Autograd.isGradEnabled());
            }
            assertFalse(Autograd.isGradEnabled());
            y = x.mul(2);
        }
        assertTrue(Autograd.isGradEnabled());
        assertFalse(y.requiresGrad());
        assertThrows(IllegalStateException.class, y::backward);
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        Tensor y = x.square().detach().mul(x).sum(); // d/dx (c * x) = c = 9
        y.backward();
        assertEquals(9.0, x.grad().item(), 1e-12);
    }

    @Test
    void hundredThousandNodeChainDoesNotOverflowTheStack() {
        Tensor x = Tensor.of(new double[] {1.0}, 1).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) y = y.mul(1.00001);
        y.sum().backward();
        assertEquals(Math.pow(1.00001, 100_000), x.grad().item(), 1e-6);
    }

    @Test
    void anomalyModeNamesTheOpAndTheUserSite() {
        Autograd.setAnomalyMode(true);
        Tensor x = Tensor.of(new double[] {-1, 1}, 2).requiresGrad(true);
        AnomalyException e = assertThrows(AnomalyException.class, () -> x.log());
        assertTrue(e.getMessage().startsWith("log produced NaN"), e.getMessage());
        assertTrue(e.getMessage().contains("EngineTest"), e.getMessage());
        // Backward: sqrt(0) is fine forward but its gradient is infinite.
        Tensor z = Tensor.of(new double[] {0, 1}, 2).requiresGrad(true);
        Tensor s = z.sqrt().sum();
        AnomalyException b = assertThrows(AnomalyException.class, s::backward);
        assertTrue(
                b.getMessage().contains("backward of sqrt") && b.getMessage().contains("EngineTest"), b.getMessage());
    }

    @Test
    void anomalyModeOffLetsNaNThrough() {
        Tensor x = Tensor.of(new double[] {-1}, 1);
        assertTrue(Double.isNaN(x.log().item()));
    }

    @Test
    void customOpThroughRecord() {
        // y = 2x with a hand-written backward, as user-defined ops (Chamfer, reparameterization) do.
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor out = Tensor.of(new double[] {2, 4}, 2);
        Tensor y = Autograd.record("double", out, g -> new Tensor[] {g.mul(2)}, x);
        assertEquals("double", y.opName());
        y.sum().backward();
        assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray());
        assertThrows(IllegalStateException.class, () -> Autograd.record("bad", x, g -> new Tensor[] {g}, x));
    }

    @Test
    void float32GradientsStayFloat32() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        x.square().sum().backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertArrayEquals(new float[] {2, 4}, x.grad().toFloatArray());
    }
}
