package org.pointgrad.nn.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Shape properties that must hold for any parameters: decays never increase, values stay in their range. */
class ScheduleProperties {
    @Property(tries = 200)
    void cosineIsNonIncreasingAndBounded(@ForAll @DoubleRange(min = 0.01, max = 1) double base,
                                         @ForAll @DoubleRange(min = 0, max = 1) double floorFraction,
                                         @ForAll @IntRange(min = 1, max = 500) int total,
                                         @ForAll @DoubleRange(min = 0, max = 600) double e1,
                                         @ForAll @DoubleRange(min = 0, max = 600) double e2) {
        Cosine c = new Cosine(base, base * floorFraction, total);
        double lo = Math.min(e1, e2), hi = Math.max(e1, e2);
        assertTrue(c.lr(lo) >= c.lr(hi) - 1e-15);
        assertTrue(c.lr(hi) >= base * floorFraction - 1e-15 && c.lr(lo) <= base + 1e-15);
    }

    @Property(tries = 200)
    void multiStepIsNonIncreasing(@ForAll @DoubleRange(min = 0, max = 300) double e1, @ForAll @DoubleRange(min = 0, max = 300) double e2) {
        MultiStepDecay s = MultiStepDecay.atlasNet(1e-3);
        assertTrue(s.lr(Math.min(e1, e2)) >= s.lr(Math.max(e1, e2)));
    }

    @Property(tries = 200)
    void warmupNeverExceedsTheInnerRate(@ForAll @DoubleRange(min = 0, max = 1) double start,
                                        @ForAll @DoubleRange(min = 0.5, max = 20) double warm,
                                        @ForAll @DoubleRange(min = 0, max = 100) double epoch) {
        Cosine inner = new Cosine(0.1, 0.01, 100);
        LinearWarmup w = new LinearWarmup(inner, warm, start, false);
        assertTrue(w.lr(epoch) <= inner.lr(epoch) + 1e-15);
        assertTrue(w.lr(epoch) >= start * inner.lr(epoch) - 1e-15);
    }
}
