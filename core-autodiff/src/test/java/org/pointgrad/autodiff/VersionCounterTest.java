package org.pointgrad.autodiff;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** In-place writes bump a tensor's version, and backward refuses inputs that changed since the forward. */
class VersionCounterTest {
    @Test
    void inPlaceWritesBumpTheVersionSharedByViews() {
        Tensor t = Tensor.zeros(DType.FLOAT32, 2, 3);
        Tensor view = t.reshape(3, 2), detached = t.detach();
        assertEquals(0, t.version());
        t.setFlat(0, 1.0);
        assertEquals(1, view.version());
        detached.addInPlace(Tensor.ones(DType.FLOAT32, 2, 3));
        assertEquals(2, t.version());
        view.bumpVersion();
        assertEquals(3, detached.version());
        assertEquals(0, t.copy().version(), "a copy has data of its own");
    }

    @Test
    void backwardAfterAWeightChangedInPlaceNamesTheOpAndTheVersions() {
        Tensor x = Tensor.ones(DType.FLOAT64, 4, 3);
        Tensor w = Tensor.ones(DType.FLOAT64, 2, 3).requiresGrad(true);
        Tensor b = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        Tensor y = Tensor.linear(x, w, b).sum();
        w.setFlat(0, 5.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(
                e.getMessage().contains("of op linear was modified in place after the forward (version 0 -> 1)"),
                e.getMessage());
        assertNull(w.grad(), "no gradient is accumulated from a stale graph");
    }

    @Test
    void backwardAfterAMatmulOperandChangedThroughItsArrayIsRefused() {
        Tensor a = Tensor.ones(DType.FLOAT32, 2, 2).requiresGrad(true);
        Tensor m = Tensor.ones(DType.FLOAT32, 2, 2).requiresGrad(true);
        Tensor y = a.matmul(m).sum();
        m.floatData()[0] = 3f;
        m.bumpVersion();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("input 1"), e.getMessage());
        assertTrue(e.getMessage().contains("version 0 -> 1"), e.getMessage());
    }

    @Test
    void aChangeBeforeTheForwardOrAfterTheBackwardIsFine() {
        Tensor w = Tensor.ones(DType.FLOAT64, 2, 3).requiresGrad(true);
        w.setFlat(1, 2.0);
        Tensor y = Tensor.linear(Tensor.ones(DType.FLOAT64, 1, 3), w, null).sum();
        y.backward();
        w.setFlat(1, 3.0);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, w.grad().toDoubleArray());
    }
}
