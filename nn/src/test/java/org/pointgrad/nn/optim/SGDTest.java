package org.pointgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

class SGDTest {
    private static double tol(DType d) {
        return d == DType.FLOAT64 ? 1e-12 : 1e-6;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void plainStepsAreLrTimesGradient(DType dtype) {
        Tensor p = OptimizerFixtures.param(dtype);
        double[][] r = OptimizerFixtures.twoSteps(p, new SGD(OptimizerFixtures.named(p), 0.1));
        // p1 = [1 - 0.1*0.5, -2 + 0.1*1] ; p2 = p1 - 0.1*[0.25, 0.5]
        assertArrayEquals(new double[] {0.95, -1.9}, r[0], tol(dtype));
        assertArrayEquals(new double[] {0.925, -1.95}, r[1], tol(dtype));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void momentumWithWeightDecay(DType dtype) {
        Tensor p = OptimizerFixtures.param(dtype);
        double[][] r = OptimizerFixtures.twoSteps(p, new SGD(OptimizerFixtures.named(p), 0.1, 0.9, 0.01, false));
        // step 1: d = g + 0.01 p = [0.51, -1.02]; buf = d; p = [0.949, -1.898]
        // step 2: d = [0.25 + 0.00949, 0.5 - 0.01898] = [0.25949, 0.48102];
        //         buf = 0.9*[0.51, -1.02] + d = [0.71849, -0.43698]; p = [0.949 - 0.071849, -1.898 + 0.043698]
        assertArrayEquals(new double[] {0.949, -1.898}, r[0], tol(dtype));
        assertArrayEquals(new double[] {0.877151, -1.854302}, r[1], tol(dtype));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void nesterov(DType dtype) {
        Tensor p = OptimizerFixtures.param(dtype);
        double[][] r = OptimizerFixtures.twoSteps(p, new SGD(OptimizerFixtures.named(p), 0.1, 0.9, 0.01, true));
        // step 1: d = [0.51, -1.02]; buf = d; update = d + 0.9 buf = [0.969, -1.938]; p = [0.9031, -1.8062]
        // step 2: d = [0.25 + 0.009031, 0.5 - 0.018062] = [0.259031, 0.481938];
        //         buf = [0.459 + 0.259031, -0.918 + 0.481938] = [0.718031, -0.436062];
        //         update = d + 0.9 buf = [0.9052589, 0.0894822]; p = [0.9031 - 0.09052589, -1.8062 - 0.00894822]
        assertArrayEquals(new double[] {0.9031, -1.8062}, r[0], tol(dtype));
        assertArrayEquals(new double[] {0.81257411, -1.81514822}, r[1], tol(dtype));
    }

    @Test
    void parameterWithoutGradientIsLeftAlone() {
        Tensor p = OptimizerFixtures.param(DType.FLOAT64);
        SGD sgd = new SGD(OptimizerFixtures.named(p), 0.1, 0.9, 0.0, false);
        sgd.step();
        assertArrayEquals(new double[] {1.0, -2.0}, p.toDoubleArray());
        assertEquals(1, sgd.stepCount());
    }

    @Test
    void rejectsNesterovWithoutMomentum() {
        Tensor p = OptimizerFixtures.param(DType.FLOAT64);
        assertThrows(IllegalArgumentException.class, () -> new SGD(OptimizerFixtures.named(p), 0.1, 0.0, 0.0, true));
    }
}
