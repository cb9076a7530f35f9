package org.pointgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

class GradientClippingTest {
    private static Tensor withGrad(double[] g) {
        Tensor p = Tensor.zeros(DType.FLOAT64, g.length).requiresGrad(true);
        p.setGrad(Tensor.of(g, g.length));
        return p;
    }

    @Test
    void globalNormScalesAllGradientsTogether() {
        Tensor a = withGrad(new double[] {3.0, 0.0}), b = withGrad(new double[] {0.0, 4.0});
        Tensor none = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        double norm = GradientClipping.clipByGlobalNorm(List.of(a, b, none), 1.0);
        assertEquals(5.0, norm, 1e-12);
        double f = 1.0 / (5.0 + 1e-6);
        assertArrayEquals(new double[] {3 * f, 0}, a.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0, 4 * f}, b.grad().toDoubleArray(), 1e-12);
        assertNull(none.grad());
    }

    @Test
    void globalNormBelowMaxLeavesGradientsUnchanged() {
        Tensor a = withGrad(new double[] {0.3, -0.4});
        assertEquals(0.5, GradientClipping.clipByGlobalNorm(List.of(a), 1.0), 1e-12);
        assertArrayEquals(new double[] {0.3, -0.4}, a.grad().toDoubleArray(), 0.0);
    }

    @Test
    void globalNormOnFloat32() {
        Tensor p = Tensor.zeros(DType.FLOAT32, 2).requiresGrad(true);
        p.setGrad(Tensor.of(new float[] {6f, 8f}, 2));
        assertEquals(10.0, GradientClipping.clipByGlobalNorm(List.of(p), 2.0), 1e-6);
        assertArrayEquals(new double[] {1.2, 1.6}, p.grad().toDoubleArray(), 1e-5);
    }

    @Test
    void clipByValueClamps() {
        Tensor a = withGrad(new double[] {-3.0, 0.2, 5.0});
        GradientClipping.clipByValue(List.of(a), 1.0);
        assertArrayEquals(new double[] {-1.0, 0.2, 1.0}, a.grad().toDoubleArray(), 0.0);
    }
}
