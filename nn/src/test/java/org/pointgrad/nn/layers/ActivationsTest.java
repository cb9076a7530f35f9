package org.pointgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.Tensor;

class ActivationsTest {
    private static final double[] X = {-2.0, -0.5, 0.5, 3.0};

    private static double[] apply(ActivationLayer a) {
        return a.forward(Tensor.of(X, 4)).toDoubleArray();
    }

    @Test
    void valuesMatchTheirDefinitions() {
        assertArrayEquals(new double[] {0, 0, 0.5, 3}, apply(new ReLU()), 0);
        assertArrayEquals(new double[] {-0.2, -0.05, 0.5, 3}, apply(new LeakyReLU(0.1)), 1e-15);
        assertArrayEquals(new double[] {-0.02, -0.005, 0.5, 3}, apply(new LeakyReLU()), 1e-15);
        double[] tanh = new double[4], sig = new double[4], sp = new double[4];
        for (int i = 0; i < 4; i++) {
            tanh[i] = Math.tanh(X[i]);
            sig[i] = 1 / (1 + Math.exp(-X[i]));
            sp[i] = Math.log(1 + Math.exp(X[i]));
        }
        assertArrayEquals(tanh, apply(new Tanh()), 1e-15);
        assertArrayEquals(sig, apply(new Sigmoid()), 1e-15);
        assertArrayEquals(sp, apply(new Softplus()), 1e-14);
        assertArrayEquals(X, apply(new Identity()), 0);
    }

    @Test
    void activationsHaveNoParameters() {
        for (ActivationLayer a : new ActivationLayer[] {
            new ReLU(), new LeakyReLU(), new Tanh(), new Sigmoid(), new Softplus(), new Identity()
        }) {
            assertEquals(0, a.parameterCount(), a.toString());
        }
    }

    @Test
    void identityReturnsItsInput() {
        Tensor x = Tensor.of(X, 4);
        assertSame(x, new Identity().forward(x));
    }
}
