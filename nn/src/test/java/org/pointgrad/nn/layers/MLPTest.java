package org.pointgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

class MLPTest {
    @Test
    void structureFollowsWidthsAndActivations() {
        Sequential s = MLP.builder(3, 16, 8, 2)
                .hidden(LeakyReLU::new)
                .finalActivation(Tanh::new)
                .build(new SplittableRandom(1));
        assertEquals(6, s.size());
        assertInstanceOf(Linear.class, s.get(0));
        assertInstanceOf(LeakyReLU.class, s.get(1));
        assertInstanceOf(LeakyReLU.class, s.get(3));
        assertInstanceOf(Tanh.class, s.get(5));
        assertEquals(3 * 16 + 16 + 16 * 8 + 8 + 8 * 2 + 2, s.parameterCount());
        assertEquals(2, s.forward(Tensor.zeros(DType.FLOAT32, 4, 3)).size(-1));
    }

    @Test
    void noFinalActivationByDefault() {
        Sequential s = MLP.builder(2, 4, 1).build(new SplittableRandom(1));
        assertEquals(3, s.size());
        assertInstanceOf(ReLU.class, s.get(1));
        assertInstanceOf(Linear.class, s.get(2));
    }

    @Test
    void initIsMatchedToTheActivation() {
        // Wide layers so the sample spread is close to the formula: Kaiming normal std = sqrt(2/fan_in) before ReLU,
        // Xavier uniform with gain 5/3 (std = gain*sqrt(2/(fan_in+fan_out))) before tanh; biases start at zero.
        Sequential relu = MLP.builder(400, 400, 400).dtype(DType.FLOAT64).build(new SplittableRandom(2));
        Sequential tanh = MLP.builder(400, 400, 400)
                .hidden(Tanh::new)
                .dtype(DType.FLOAT64)
                .build(new SplittableRandom(2));
        double stdRelu = std(((Linear) relu.get(0)).weight());
        double stdTanh = std(((Linear) tanh.get(0)).weight());
        assertEquals(Math.sqrt(2.0 / 400), stdRelu, 0.02 * Math.sqrt(2.0 / 400));
        assertEquals(5.0 / 3.0 * Math.sqrt(2.0 / 800), stdTanh, 0.02 * stdTanh);
        assertEquals(0.0, ((Linear) relu.get(0)).bias().abs().sum().item());
        // The last layer has no activation after it: Xavier with gain 1.
        assertEquals(Math.sqrt(2.0 / 800), std(((Linear) relu.get(2)).weight()), 0.02 * Math.sqrt(2.0 / 800));
    }

    private static double std(Tensor t) {
        double s = 0, s2 = 0;
        int n = t.numel();
        for (int i = 0; i < n; i++) {
            s += t.getFlat(i);
            s2 += t.getFlat(i) * t.getFlat(i);
        }
        double m = s / n;
        return Math.sqrt(s2 / n - m * m);
    }

    @Test
    void rejectsTooFewWidths() {
        var e = assertThrows(IllegalArgumentException.class, () -> MLP.builder(3));
        assertTrue(e.getMessage().contains("at least 2"));
    }
}
