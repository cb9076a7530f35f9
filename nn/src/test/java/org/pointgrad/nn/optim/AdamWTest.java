package org.pointgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

class AdamWTest {
    @ParameterizedTest
    @EnumSource(DType.class)
    void decoupledDecayThenAdamStep(DType dtype) {
        double tol = dtype == DType.FLOAT64 ? 1e-12 : 2e-6;
        Tensor p = OptimizerFixtures.param(dtype);
        double[][] r = OptimizerFixtures.twoSteps(p, new AdamW(OptimizerFixtures.named(p), 0.1, 0.9, 0.999, 1e-8, 0.1));
        // step 1: p *= 1 - 0.1*0.1 = 0.99 -> [0.99, -1.98]; then the plain Adam step of -0.1*sign(g):
        //   [0.99 - 0.099999998, -1.98 + 0.099999999]
        // step 2: p *= 0.99, then the same Adam moments as plain Adam (the gradient is not changed by decay)
        assertArrayEquals(new double[] {0.890000002, -1.880000001}, r[0], tol);
        assertArrayEquals(new double[] {0.7878820404574624, -1.8345662973609032}, r[1], tol);
    }

    @Test
    void withZeroDecayEqualsAdam() {
        Tensor p1 = OptimizerFixtures.param(DType.FLOAT64), p2 = OptimizerFixtures.param(DType.FLOAT64);
        double[][] a = OptimizerFixtures.twoSteps(p1, new Adam(OptimizerFixtures.named(p1), 0.1));
        double[][] b =
                OptimizerFixtures.twoSteps(p2, new AdamW(OptimizerFixtures.named(p2), 0.1, 0.9, 0.999, 1e-8, 0.0));
        assertArrayEquals(a[1], b[1], 0.0);
    }
}
