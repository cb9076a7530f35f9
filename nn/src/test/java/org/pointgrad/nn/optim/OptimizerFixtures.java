package org.pointgrad.nn.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

/** A two-element parameter p = [1, -2] and two fixed gradients, shared by the hand-computed optimizer tests. */
final class OptimizerFixtures {
    static final double[][] GRADS = {{0.5, -1.0}, {0.25, 0.5}};

    private OptimizerFixtures() {}

    static Tensor param(DType dtype) {
        Tensor p =
                dtype == DType.FLOAT64 ? Tensor.of(new double[] {1.0, -2.0}, 2) : Tensor.of(new float[] {1f, -2f}, 2);
        return p.requiresGrad(true);
    }

    static Map<String, Tensor> named(Tensor p) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", p);
        return m;
    }

    /** Sets the k-th fixed gradient on p. */
    static void setGrad(Tensor p, int k) {
        Tensor g = Tensor.zerosLike(p);
        for (int i = 0; i < 2; i++) g.setFlat(i, GRADS[k][i]);
        p.setGrad(g);
    }

    /** Runs two steps and returns p after each one. */
    static double[][] twoSteps(Tensor p, Optimizer opt) {
        double[][] out = new double[2][];
        for (int k = 0; k < 2; k++) {
            setGrad(p, k);
            opt.step();
            out[k] = p.toDoubleArray();
        }
        return out;
    }
}
