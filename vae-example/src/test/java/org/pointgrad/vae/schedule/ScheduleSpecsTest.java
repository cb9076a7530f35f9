package org.pointgrad.vae.schedule;

import static org.junit.jupiter.api.Assertions.*;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class LrScheduleTest {
    @Test
    void constantIsOneEverywhere() {
        LrSchedule s = LrSchedule.parse("constant");
        assertEquals(1.0, s.factor(0, 10));
        assertEquals(1.0, s.factor(37, 10));
        assertEquals("constant", s.describe());
    }

    @Test
    void cosineRunsFromOneToTheDefaultFloorAndStaysThere() {
        LrSchedule s = LrSchedule.parse("cosine");
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
        LrSchedule s = LrSchedule.parse(" Cosine:0.2 ");
        assertEquals(0.2, s.factor(10, 10), 1e-12);
        assertEquals(0.6, s.factor(5, 10), 1e-12);
        // Plan not estimated yet: stay at the start value.
        assertEquals(1.0, s.factor(1.5, Double.POSITIVE_INFINITY));
        assertEquals(0.0, LrSchedule.parse("cosine:0").factor(3, 3), 1e-12);
    }

    @Test
    void lateCosineHoldsOneUntilItsStartThenDecaysOverTheRest() {
        LrSchedule s = LrSchedule.parse("cosine:0.1:0.75");
        assertEquals(1.0, s.factor(0, 40));
        assertEquals(1.0, s.factor(30, 40), 1e-12);
        // Half-way through the decay part (epochs 30..40).
        assertEquals(0.55, s.factor(35, 40), 1e-12);
        assertEquals(0.1, s.factor(40, 40), 1e-12);
        assertEquals("cosine:0.1:0.75", s.describe());
        assertEquals("cosine:0.05", LrSchedule.parse("cosine:0.05:0").describe());
    }

    @Test
    void stepMultipliesAtEachListedEpoch() {
        LrSchedule s = LrSchedule.parse("step:30,10:0.1");
        assertEquals(1.0, s.factor(9.99, 100));
        assertEquals(0.1, s.factor(10, 100), 1e-12);
        assertEquals(0.1, s.factor(29.5, 100), 1e-12);
        assertEquals(0.01, s.factor(30, 100), 1e-12);
        assertEquals("step:10,30:0.1", s.describe());
    }

    @Test
    void describeParsesBackToTheSameSchedule() {
        for (String spec : new String[] {"constant", "cosine", "cosine:0.1", "cosine:0.1:0.6", "step:5,7.5:0.5"}) {
            LrSchedule a = LrSchedule.parse(spec), b = LrSchedule.parse(a.describe());
            for (double e = 0; e <= 12; e += 0.25) assertEquals(a.factor(e, 10), b.factor(e, 10), spec + " at " + e);
        }
    }

    @Test
    void badSpecsNameTheSpecAndTheExpectedForm() {
        for (String bad : new String[] {"warp", "cosine:x", "cosine:1.5", "cosine:-0.1", "cosine:0.1:1", "cosine:0.1:0.5:2", "step:5:0", "step:a:0.5",
                "step:5", "constant:1", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse(bad), bad);
            assertTrue(e.getMessage().contains("lr schedule '" + bad + "'"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse("warp")).getMessage()
                .contains("constant|cosine[:FLOOR[:START]]|step:E1,E2:F"));
    }

    @Property(tries = 200)
    void cosineNeverIncreasesAndStaysBetweenFloorAndOne(@ForAll @DoubleRange(min = 0, max = 1) double floor,
                                                         @ForAll @DoubleRange(min = 0, max = 50) double e1,
                                                         @ForAll @DoubleRange(min = 0, max = 50) double e2,
                                                         @ForAll @DoubleRange(min = 0.5, max = 40) double total,
                                                         @ForAll @DoubleRange(min = 0, max = 0.99) double start) {
        LrSchedule s = LrSchedule.cosine(floor, start);
        double lo = Math.min(e1, e2), hi = Math.max(e1, e2);
        assertTrue(s.factor(hi, total) <= s.factor(lo, total) + 1e-12);
        for (double e : new double[] {lo, hi}) {
            double f = s.factor(e, total);
            assertTrue(f >= floor - 1e-12 && f <= 1 + 1e-12, "factor " + f + " at " + e);
        }
    }
}
