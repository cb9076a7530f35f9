package org.pointgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

class DropoutTest {
    @Test
    void trainingZeroesAboutPAndScalesSurvivors() {
        Dropout d = new Dropout(0.3, 7);
        Tensor x = Tensor.full(DType.FLOAT64, 2.0, 20000);
        Tensor y = d.forward(x);
        int zeros = 0;
        for (int i = 0; i < y.numel(); i++) {
            double v = y.getFlat(i);
            if (v == 0) zeros++;
            else assertEquals(2.0 / 0.7, v, 1e-12);
        }
        // Binomial(20000, 0.3): sd ~ 65, so +-400 is a > 6 sigma band.
        assertEquals(6000, zeros, 400);
        assertEquals(2.0, y.mean().item(), 0.05);
    }

    @Test
    void gradientFollowsTheMask() {
        Dropout d = new Dropout(0.5, 3);
        Tensor x = Tensor.full(DType.FLOAT64, 1.0, 100).requiresGrad(true);
        Tensor y = d.forward(x);
        y.sum().backward();
        for (int i = 0; i < 100; i++) assertEquals(y.getFlat(i), x.grad().getFlat(i), 0);
    }

    @Test
    void evalIsIdentity() {
        Dropout d = new Dropout(0.9, 1);
        d.eval();
        Tensor x = Tensor.full(DType.FLOAT32, 1.5, 10);
        assertSame(x, d.forward(x));
    }

    @Test
    void sameSeedSameMasks() {
        Tensor x = Tensor.full(DType.FLOAT32, 1.0, 64);
        assertArrayEquals(
                new Dropout(0.5, 11).forward(x).toFloatArray(),
                new Dropout(0.5, 11).forward(x).toFloatArray());
    }

    @Test
    void rejectsBadP() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, 1));
        assertTrue(e.getMessage().contains("1.5"));
    }
}
