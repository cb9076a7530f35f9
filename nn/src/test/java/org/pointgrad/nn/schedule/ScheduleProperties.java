package org.pointgrad.nn.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/** Shape properties that must hold for any parameters: decays never increase, values stay in their range. */
class ScheduleProperties {
    @Property(tries = 200)
    void cosineNeverIncreasesAndStaysBetweenFloorAndOne(
            @ForAll @DoubleRange(min = 0, max = 1) double floor,
            @ForAll @DoubleRange(min = 0, max = 50) double e1,
            @ForAll @DoubleRange(min = 0, max = 50) double e2,
            @ForAll @DoubleRange(min = 0.5, max = 40) double total,
            @ForAll @DoubleRange(min = 0, max = 0.99) double start) {
        Schedule s = new Cosine(floor, start);
        double lo = Math.min(e1, e2), hi = Math.max(e1, e2);
        assertTrue(s.factor(hi, total) <= s.factor(lo, total) + 1e-12);
        for (double e : new double[] {lo, hi}) {
            double f = s.factor(e, total);
            assertTrue(f >= floor - 1e-12 && f <= 1 + 1e-12, "factor " + f + " at " + e);
        }
    }

    @Property(tries = 200)
    void multiStepIsNonIncreasing(
            @ForAll @DoubleRange(min = 0, max = 300) double e1, @ForAll @DoubleRange(min = 0, max = 300) double e2) {
        MultiStepDecay s = MultiStepDecay.atlasNet();
        assertTrue(s.factor(Math.min(e1, e2), 150) >= s.factor(Math.max(e1, e2), 150));
    }

    @Property(tries = 200)
    void warmupNeverExceedsTheInnerRate(
            @ForAll @DoubleRange(min = 0, max = 1) double start,
            @ForAll @DoubleRange(min = 0.5, max = 20) double warm,
            @ForAll @DoubleRange(min = 0, max = 100) double epoch) {
        Cosine inner = new Cosine(0.1, 0);
        LinearWarmup w = new LinearWarmup(inner, warm, start, false);
        assertTrue(w.factor(epoch, 100) <= inner.factor(epoch, 100) + 1e-15);
        assertTrue(w.factor(epoch, 100) >= start * inner.factor(epoch, 100) - 1e-15);
    }
}
