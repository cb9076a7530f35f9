package org.pointgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

class AdamTest {
    private static double tol(DType d) {
        return d == DType.FLOAT64 ? 1e-12 : 2e-6;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void twoStepsMatchTheFormula(DType dtype) {
        Tensor p = OptimizerFixtures.param(dtype);
        double[][] r = OptimizerFixtures.twoSteps(p, new Adam(OptimizerFixtures.named(p), 0.1));
        // step 1: m = 0.1 g, v = 0.001 g^2; m/(1-0.9) = g, v/(1-0.999) = g^2 -> p -= 0.1 * g / (|g| + 1e-8)
        //   p0 = 1 - 0.1 * 0.5/(0.5 + 1e-8) = 0.900000002, p1 = -2 + 0.1 * 1/(1 + 1e-8) = -1.900000001
        // step 2, element 0: m = 0.9*0.05 + 0.1*0.25 = 0.07; v = 0.999*0.00025 + 0.001*0.0625 = 0.00031225
        //   bc1 = 0.19, bc2 = 0.001999; p -= 0.1/0.19 * 0.07 / (sqrt(0.00031225)/sqrt(0.001999) + 1e-8)
        //   element 1: m = 0.9*(-0.1) + 0.1*0.5 = -0.04; v = 0.999*0.001 + 0.001*0.25 = 0.001249
        assertArrayEquals(new double[] {0.900000002, -1.900000001}, r[0], tol(dtype));
        assertArrayEquals(new double[] {0.8067820404774624, -1.873366297370903}, r[1], tol(dtype));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void l2WeightDecayIsAddedToTheGradient(DType dtype) {
        Tensor p = OptimizerFixtures.param(dtype);
        double[][] r = OptimizerFixtures.twoSteps(p, new Adam(OptimizerFixtures.named(p), 0.1, 0.9, 0.999, 1e-8, 0.1));
        // step 1: g' = g + 0.1 p = [0.6, -1.2]; same sign-step as plain Adam: p -= 0.1 * g'/(|g'| + 1e-8)
        // step 2: g' = [0.25 + 0.09, 0.5 - 0.19] = [0.34, 0.31] then the Adam moments as above
        assertArrayEquals(new double[] {0.9000000016666666, -1.9000000008333333}, r[0], tol(dtype));
        assertArrayEquals(new double[] {0.8050097658613199, -1.8537472646427609}, r[1], tol(dtype));
    }

    @Test
    void convergesOnAConvexQuadratic() {
        // f(x) = sum_i a_i (x_i - c_i)^2 with very different curvatures: Adam's per-coordinate scaling handles it.
        double[] a = {100.0, 1.0, 0.01};
        double[] c = {1.0, -2.0, 3.0};
        Tensor x = Tensor.zeros(DType.FLOAT64, 3).requiresGrad(true);
        Adam adam = new Adam(Map.of("x", x), 0.05);
        Tensor at = Tensor.of(a, 3), ct = Tensor.of(c, 3);
        double loss = Double.NaN;
        for (int i = 0; i < 3000; i++) {
            adam.zeroGrad();
            Tensor l = x.sub(ct).square().mul(at).sum();
            loss = l.item();
            l.backward();
            adam.step();
        }
        assertTrue(loss < 1e-6, "loss " + loss);
        assertArrayEquals(c, x.toDoubleArray(), 1e-2);
        assertEquals(3000, adam.stepCount());
    }
}
