package org.pointgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Supplier;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;

/**
 * Central-difference check of a FLOAT64 module's parameter gradients: GradCheck only sees a function's inputs, and a
 * layer's weights live inside the layer, so here each weight element is perturbed in place.
 */
public final class ParameterGradCheck {
    private ParameterGradCheck() {}

    /** Asserts that backward of {@code loss} gives every parameter of {@code m} its numerical gradient. */
    public static void assertParameterGradients(Module m, Supplier<Tensor> loss, double tol) {
        m.zeroGrad();
        loss.get().backward();
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            assertTrue(p.dtype() == DType.FLOAT64, "parameter check needs FLOAT64, " + e.getKey() + " is " + p.dtype());
            assertNotNull(p.grad(), "no gradient reached " + e.getKey());
            double[] d = p.doubleData();
            double h = 1e-6;
            for (int i = 0; i < d.length; i++) {
                double v = d[i];
                d[i] = v + h;
                double lp = evaluate(loss);
                d[i] = v - h;
                double lm = evaluate(loss);
                d[i] = v;
                double numeric = (lp - lm) / (2 * h);
                double analytic = p.grad().getFlat(i);
                assertTrue(
                        Math.abs(analytic - numeric) <= tol * (1 + Math.abs(numeric)),
                        e.getKey() + "[" + i + "]: analytic " + analytic + " vs numeric " + numeric);
            }
        }
    }

    @SuppressWarnings("try") // the no-grad scope is used only for its effect
    private static double evaluate(Supplier<Tensor> loss) {
        try (Autograd.Scope s = Autograd.noGrad()) {
            return loss.get().item();
        }
    }
}
