package org.pointgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The README's first example, kept compiling and correct. */
class ReadmeExampleTest {
    @Test
    void readmeExample() {
        // README example begins
        var rng = new SplittableRandom(42);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 4, 3);                 // a batch of 4 points
        Tensor w = Tensor.randn(rng, DType.FLOAT64, 2, 3).requiresGrad(true); // (out, in) weights
        Tensor b = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        Tensor y = Tensor.linear(x, w, b).tanh();                         // (4, 2)
        Tensor loss = y.square().mean();
        loss.backward();
        System.out.println("loss = " + loss.item());
        System.out.println("dloss/dw = " + w.grad());
        GradCheckReport check = GradCheck.check(in -> Tensor.linear(x, in[0], in[1]).tanh().square().mean(), w, b);
        System.out.println(check);
        // README example ends
        assertTrue(check.passed(), check::toString);
        // The analytic gradient from backward() equals the one GradCheck recomputed.
        Tensor w2 = w.detach().copy().requiresGrad(true);
        Tensor.linear(x, w2, b.detach()).tanh().square().mean().backward();
        assertArrayEquals(w.grad().toDoubleArray(), w2.grad().toDoubleArray(), 1e-15);
    }
}
