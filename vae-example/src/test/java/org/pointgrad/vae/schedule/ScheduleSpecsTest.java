package org.pointgrad.vae.schedule;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pointgrad.nn.schedule.Schedule;

/** The command-line schedule forms: values, round trips through describe(), and errors. */
class ScheduleSpecsTest {
    @Test
    void constantIsOneEverywhere() {
        Schedule s = ScheduleSpecs.learningRate("constant");
        assertEquals(1.0, s.factor(0, 10));
        assertEquals(1.0, s.factor(37, 10));
        assertEquals("constant", s.describe());
    }

    @Test
    void cosineRunsFromOneToTheDefaultFloorAndStaysThere() {
        Schedule s = ScheduleSpecs.learningRate("cosine");
        assertEquals(1.0, s.factor(0, 40), 1e-12);
        assertEquals((1 + 0.05) / 2, s.factor(20, 40), 1e-12);
        assertEquals(0.05, s.factor(40, 40), 1e-12);
        assertEquals(0.05, s.factor(55, 40), 1e-12);
        // A quarter of the way: 0.05 + 0.95 * (1 + cos(pi/4)) / 2.
        assertEquals(0.05 + 0.95 * (1 + Math.sqrt(0.5)) / 2, s.factor(10, 40), 1e-12);
        assertEquals("cosine:0.05", s.describe());
    }

    @Test
    void cosineWithExplicitFloorAndUnknownPlan() {
        Schedule s = ScheduleSpecs.learningRate(" Cosine:0.2 ");
        assertEquals(0.2, s.factor(10, 10), 1e-12);
        assertEquals(0.6, s.factor(5, 10), 1e-12);
        // Plan not estimated yet: stay at the start value.
        assertEquals(1.0, s.factor(1.5, Double.POSITIVE_INFINITY));
        assertEquals(0.0, ScheduleSpecs.learningRate("cosine:0").factor(3, 3), 1e-12);
    }

    @Test
    void lateCosineHoldsOneUntilItsStartThenDecaysOverTheRest() {
        Schedule s = ScheduleSpecs.learningRate("cosine:0.1:0.75");
        assertEquals(1.0, s.factor(0, 40));
        assertEquals(1.0, s.factor(30, 40), 1e-12);
        // Half-way through the decay part (epochs 30..40).
        assertEquals(0.55, s.factor(35, 40), 1e-12);
        assertEquals(0.1, s.factor(40, 40), 1e-12);
        assertEquals("cosine:0.1:0.75", s.describe());
        assertEquals("cosine:0.05", ScheduleSpecs.learningRate("cosine:0.05:0").describe());
    }

    @Test
    void stepMultipliesAtEachListedEpoch() {
        Schedule s = ScheduleSpecs.learningRate("step:30,10:0.1");
        assertEquals(1.0, s.factor(9.99, 100));
        assertEquals(0.1, s.factor(10, 100), 1e-12);
        assertEquals(0.1, s.factor(29.5, 100), 1e-12);
        assertEquals(0.01, s.factor(30, 100), 1e-12);
        assertEquals("step:10,30:0.1", s.describe());
    }

    @Test
    void describeParsesBackToTheSameSchedule() {
        for (String spec : new String[] {"constant", "cosine", "cosine:0.1", "cosine:0.1:0.6", "step:5,7.5:0.5"}) {
            Schedule a = ScheduleSpecs.learningRate(spec), b = ScheduleSpecs.learningRate(a.describe());
            for (double e = 0; e <= 12; e += 0.25) assertEquals(a.factor(e, 10), b.factor(e, 10), spec + " at " + e);
        }
    }

    @Test
    void badSpecsNameTheSpecAndTheExpectedForm() {
        for (String bad : new String[] {
            "warp",
            "cosine:x",
            "cosine:1.5",
            "cosine:-0.1",
            "cosine:0.1:1",
            "cosine:0.1:0.5:2",
            "step:5:0",
            "step:a:0.5",
            "step:5",
            "constant:1",
            ""
        }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ScheduleSpecs.learningRate(bad), bad);
            assertTrue(e.getMessage().contains("lr schedule '" + bad + "'"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScheduleSpecs.learningRate("warp"))
                .getMessage()
                .contains("constant|cosine[:FLOOR[:START]]|step:E1,E2:F"));
    }

    @Test
    void klConstant() {
        assertEquals(1.0, ScheduleSpecs.klWeight("constant").factor(37, 100));
    }

    @Test
    void klLinearWarmup() {
        Schedule s = ScheduleSpecs.klWeight("linear:10");
        assertEquals(0.0, s.factor(0, 100));
        assertEquals(0.5, s.factor(5, 100), 1e-12);
        assertEquals(1.0, s.factor(10, 100));
        assertEquals(1.0, s.factor(50, 100));
        assertEquals("linear:10", s.describe());
    }

    @Test
    void klCyclical() {
        Schedule s = ScheduleSpecs.klWeight("cyclical:4:0.5");
        // 100 epochs, 4 cycles of 25; rise over the first 12.5 epochs of each.
        assertEquals(0.0, s.factor(0, 100), 1e-12);
        assertEquals(0.5, s.factor(6.25, 100), 1e-12);
        assertEquals(1.0, s.factor(20, 100), 1e-12);
        assertEquals(0.0, s.factor(25, 100), 1e-12);
        assertEquals(0.5, s.factor(56.25, 100), 1e-12);
    }

    @Test
    void klStepDecayMultipliesAtEachListedEpoch() {
        Schedule s = ScheduleSpecs.klWeight("step:80,100:0.1");
        assertEquals(1.0, s.factor(79.9, 120));
        assertEquals(0.1, s.factor(80, 120), 1e-12);
        assertEquals(0.01, s.factor(100, 120), 1e-12);
    }

    @Test
    void badKlSpecsAreClearErrors() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ScheduleSpecs.klWeight("linear"));
        assertTrue(e.getMessage().contains("expected constant|linear:E|cyclical:M:R|step:E1,E2:F"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScheduleSpecs.klWeight("cyclical:0:0.5"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleSpecs.klWeight("step:a:0.1"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleSpecs.klWeight("warp"));
    }

    @Test
    void klFormsRoundTripThroughDescribe() {
        for (String spec : new String[] {"constant", "linear:10", "linear:2.5", "cyclical:4:0.5", "step:80,100:0.1"}) {
            Schedule a = ScheduleSpecs.klWeight(spec), b = ScheduleSpecs.klWeight(a.describe());
            assertEquals(spec, a.describe());
            for (double e = 0; e <= 120; e += 0.5) assertEquals(a.factor(e, 120), b.factor(e, 120), spec + " at " + e);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScheduleSpecs.klWeight("cosine"))
                .getMessage()
                .startsWith("KL schedule 'cosine': expected constant|linear:E|cyclical:M:R|step:E1,E2:F"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScheduleSpecs.learningRate("linear:5"))
                .getMessage()
                .startsWith("lr schedule 'linear:5': expected"));
    }
}
