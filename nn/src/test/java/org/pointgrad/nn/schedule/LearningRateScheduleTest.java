package org.pointgrad.nn.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.optim.SGD;

class LearningRateScheduleTest {
    @Test
    void constant() {
        Constant c = new Constant(0.01);
        assertEquals(0.01, c.lr(0));
        assertEquals(0.01, c.lr(1000.5));
    }

    @Test
    void stepDecayChangesAtMultiplesOfTheStep() {
        StepDecay s = new StepDecay(1.0, 10, 0.5);
        assertEquals(1.0, s.lr(0));
        assertEquals(1.0, s.lr(9.999));
        assertEquals(0.5, s.lr(10));
        assertEquals(0.5, s.lr(19));
        assertEquals(0.25, s.lr(20));
    }

    @Test
    void atlasNetMultiStep() {
        MultiStepDecay s = MultiStepDecay.atlasNet(1e-3);
        assertEquals(1e-3, s.lr(0));
        assertEquals(1e-3, s.lr(119));
        assertEquals(1e-3, s.lr(119.99));
        assertEquals(1e-4, s.lr(120), 1e-18);
        assertEquals(1e-4, s.lr(139), 1e-18);
        assertEquals(1e-5, s.lr(140), 1e-19);
        assertEquals(1e-6, s.lr(145), 1e-20);
        assertEquals(1e-6, s.lr(500), 1e-20);
        assertThrows(IllegalArgumentException.class, () -> new MultiStepDecay(1, new int[] {5, 5}, 0.1));
    }

    @Test
    void cosineEndpointsAndMidpoint() {
        Cosine c = new Cosine(1.0, 0.1, 100);
        assertEquals(1.0, c.lr(0), 1e-15);
        assertEquals(0.55, c.lr(50), 1e-15);
        assertEquals(0.1, c.lr(100), 1e-15);
        assertEquals(0.1, c.lr(250), 1e-15);
        // a quarter of the way: 0.1 + 0.9 * (1 + cos(pi/4)) / 2
        assertEquals(0.1 + 0.9 * (1 + Math.sqrt(0.5)) / 2, c.lr(25), 1e-15);
    }

    @Test
    void warmupAroundCosineOnTheSameClock() {
        LinearWarmup w = new LinearWarmup(new Cosine(1.0, 0.0, 100), 10);
        assertEquals(0.0, w.lr(0));
        double cos5 = 0.5 * (1 + Math.cos(Math.PI * 0.05));
        assertEquals(0.5 * cos5, w.lr(5), 1e-15);
        double cos10 = 0.5 * (1 + Math.cos(Math.PI * 0.1));
        assertEquals(cos10, w.lr(10), 1e-15);
        assertEquals(0.0, w.lr(100), 1e-15);
    }

    @Test
    void warmupShiftedBeforeInnerSchedule() {
        LinearWarmup w = new LinearWarmup(new StepDecay(2.0, 5, 0.1), 4, 0.25, true);
        assertEquals(0.5, w.lr(0), 1e-15);  // 0.25 * 2
        assertEquals(1.25, w.lr(2), 1e-15); // (0.25 + 0.75 * 0.5) * 2
        assertEquals(2.0, w.lr(4), 1e-15);  // inner at 0
        assertEquals(2.0, w.lr(8.9), 1e-15);
        assertEquals(0.2, w.lr(9), 1e-15);  // inner at 5
    }

    @Test
    void warmupComposesWithMultiStep() {
        LinearWarmup w = new LinearWarmup(MultiStepDecay.atlasNet(1e-3), 2);
        assertEquals(0.5e-3, w.lr(1), 1e-18);
        assertEquals(1e-3, w.lr(2));
        assertEquals(1e-4, w.lr(120), 1e-18);
    }

    @Test
    void applySetsTheOptimizerRate() {
        Tensor p = Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true);
        SGD sgd = new SGD(Map.of("p", p), 1.0);
        new StepDecay(1.0, 1, 0.5).apply(sgd, 3);
        assertEquals(0.125, sgd.learningRate());
    }

    @Test
    void negativeEpochIsRejectedWithTheScheduleName() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Cosine(1, 0, 10).lr(-1));
        assertEquals("Cosine: epoch must be finite and >= 0, got -1.0", e.getMessage());
    }
}
