package org.pointgrad.nn.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.optim.SGD;
import org.pointgrad.nn.schedule.Schedule.Form;

class ScheduleTest {
    private static final double PLAN = 100;

    @Test
    void constant() {
        Schedule c = Schedule.constant();
        assertEquals(1.0, c.factor(0, PLAN));
        assertEquals(1.0, c.factor(1000.5, Double.POSITIVE_INFINITY));
        assertEquals("constant", c.describe());
    }

    @Test
    void stepDecayChangesAtMultiplesOfTheStep() {
        StepDecay s = new StepDecay(10, 0.5);
        assertEquals(1.0, s.factor(0, PLAN));
        assertEquals(1.0, s.factor(9.999, PLAN));
        assertEquals(0.5, s.factor(10, PLAN));
        assertEquals(0.5, s.factor(19, PLAN));
        assertEquals(0.25, s.factor(20, PLAN));
    }

    @Test
    void atlasNetMultiStep() {
        MultiStepDecay s = MultiStepDecay.atlasNet();
        assertEquals(1.0, s.factor(0, PLAN));
        assertEquals(1.0, s.factor(119.99, PLAN));
        assertEquals(0.1, s.factor(120, PLAN), 1e-15);
        assertEquals(0.1, s.factor(139, PLAN), 1e-15);
        assertEquals(0.01, s.factor(140, PLAN), 1e-16);
        assertEquals(0.001, s.factor(145, PLAN), 1e-17);
        assertEquals(0.001, s.factor(500, PLAN), 1e-17);
        assertEquals("step:120,140,145:0.1", s.describe());
        assertThrows(IllegalArgumentException.class, () -> new MultiStepDecay(new double[0], 0.1));
        assertThrows(IllegalArgumentException.class, () -> new MultiStepDecay(new double[] {-1}, 0.1));
    }

    @Test
    void cosineEndpointsAndMidpointOverThePlan() {
        Cosine c = new Cosine(0.1, 0);
        assertEquals(1.0, c.factor(0, PLAN), 1e-15);
        assertEquals(0.55, c.factor(50, PLAN), 1e-15);
        assertEquals(0.1, c.factor(100, PLAN), 1e-15);
        assertEquals(0.1, c.factor(250, PLAN), 1e-15);
        // a quarter of the way: 0.1 + 0.9 * (1 + cos(pi/4)) / 2
        assertEquals(0.1 + 0.9 * (1 + Math.sqrt(0.5)) / 2, c.factor(25, PLAN), 1e-15);
        assertEquals(1.0, c.factor(50, Double.POSITIVE_INFINITY), "not planned yet");
    }

    @Test
    void cyclicalRisesAtTheStartOfEachCycle() {
        Cyclical s = new Cyclical(4, 0.5);
        assertEquals(0.0, s.factor(0, PLAN), 1e-12);
        assertEquals(0.5, s.factor(6.25, PLAN), 1e-12);
        assertEquals(1.0, s.factor(20, PLAN), 1e-12);
        assertEquals(0.0, s.factor(25, PLAN), 1e-12);
        assertEquals(0.0, s.factor(3, Double.POSITIVE_INFINITY), "not planned yet: the first cycle's start");
    }

    @Test
    void warmupAroundCosineOnTheSameClock() {
        LinearWarmup w = new LinearWarmup(new Cosine(0, 0), 10);
        assertEquals(0.0, w.factor(0, PLAN));
        double cos5 = 0.5 * (1 + Math.cos(Math.PI * 0.05));
        assertEquals(0.5 * cos5, w.factor(5, PLAN), 1e-15);
        double cos10 = 0.5 * (1 + Math.cos(Math.PI * 0.1));
        assertEquals(cos10, w.factor(10, PLAN), 1e-15);
        assertEquals(0.0, w.factor(100, PLAN), 1e-15);
    }

    @Test
    void warmupShiftedBeforeInnerSchedule() {
        LinearWarmup w = new LinearWarmup(new StepDecay(5, 0.1), 4, 0.25, true);
        assertEquals(0.25, w.factor(0, PLAN), 1e-15);
        assertEquals(0.625, w.factor(2, PLAN), 1e-15); // 0.25 + 0.75 * 0.5
        assertEquals(1.0, w.factor(4, PLAN), 1e-15); // inner at 0
        assertEquals(1.0, w.factor(8.9, PLAN), 1e-15);
        assertEquals(0.1, w.factor(9, PLAN), 1e-15); // inner at 5
    }

    @Test
    void linearIsAWarmupOfTheConstant() {
        Schedule s = Schedule.linear(10);
        assertEquals(0.0, s.factor(0, PLAN));
        assertEquals(0.5, s.factor(5, PLAN), 1e-12);
        assertEquals(1.0, s.factor(10, PLAN));
        assertEquals(1.0, s.factor(50, PLAN));
        assertEquals("linear:10", s.describe());
        assertTrue(new LinearWarmup(MultiStepDecay.atlasNet(), 2).describe().contains("step:120,140,145:0.1"));
    }

    @Test
    void applySetsTheOptimizerRate() {
        Tensor p = Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true);
        SGD sgd = new SGD(Map.of("p", p), 1.0);
        new StepDecay(1, 0.5).apply(sgd, 2.0, 3, PLAN);
        assertEquals(0.25, sgd.learningRate());
    }

    @Test
    void negativeEpochIsRejectedWithTheScheduleName() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Cosine(0, 0).factor(-1, 10));
        assertEquals("Cosine: epoch must be finite and >= 0, got -1.0", e.getMessage());
    }

    @Test
    void parseAcceptsOnlyTheGivenFormsAndNamesWhatWasExpected() {
        assertEquals(new Cosine(Cosine.DEFAULT_FLOOR, 0), Schedule.parse("cosine", "x", Form.COSINE));
        assertEquals(new Cyclical(3, 0.25), Schedule.parse(" Cyclical:3:0.25 ", "x", Form.CYCLICAL));
        var e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("cosine", "decay", Form.STEP));
        assertEquals("decay 'cosine': expected step:E1,E2:F", e.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("cosine:2", "decay", Form.COSINE));
        assertEquals("decay 'cosine:2': cosine floor must be in [0, 1], got 2.0", bad.getMessage());
        var num = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("step:a:1", "decay", Form.STEP));
        assertTrue(num.getMessage().startsWith("decay 'step:a:1': "), num.getMessage());
        assertTrue(num.getMessage().endsWith("expected step:E1,E2:F"), num.getMessage());
        assertEquals(
                "decay missing; expected constant",
                assertThrows(IllegalArgumentException.class, () -> Schedule.parse(null, "decay", Form.CONSTANT))
                        .getMessage());
    }
}
