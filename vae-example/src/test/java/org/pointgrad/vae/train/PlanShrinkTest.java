package org.pointgrad.vae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The time-budget plan only ever shrinks to what fits, so schedules finish inside the budget. */
class PlanShrinkTest {
    @Test
    void slowerEpochsShrinkThePlanToWhatFits() {
        // 10 done, 100 s left at 20 s an epoch: 5 more fit, so 15 instead of the planned 30.
        assertEquals(15, Trainer.shrinkPlan(30, 10, 20, 100));
        // A partial epoch's worth of time does not count.
        assertEquals(14, Trainer.shrinkPlan(30, 10, 20, 99.9));
    }

    @Test
    void aShortfallUnderTwoPercentIsIgnored() {
        // 200 planned, 100 done, 98 more fit: 2 short is 1% of the plan.
        assertEquals(200, Trainer.shrinkPlan(200, 100, 1, 98.5));
        // 5 short (2.5%) is not.
        assertEquals(195, Trainer.shrinkPlan(200, 100, 1, 95.5));
        // Small plans shrink by a single epoch.
        assertEquals(9, Trainer.shrinkPlan(10, 5, 1, 4.5));
    }

    @Test
    void fasterEpochsNeverRaiseIt() {
        assertEquals(30, Trainer.shrinkPlan(30, 10, 1, 1000));
        assertEquals(30, Trainer.shrinkPlan(30, 10, 20, 400));
    }

    @Test
    void neverBelowTheEpochsAlreadyDone() {
        assertEquals(10, Trainer.shrinkPlan(30, 10, 20, -5));
        assertEquals(10, Trainer.shrinkPlan(30, 10, 20, 0));
    }

    @Test
    void anUnusableMeanLeavesThePlanAlone() {
        assertEquals(30, Trainer.shrinkPlan(30, 10, 0, 100));
        assertEquals(30, Trainer.shrinkPlan(30, 10, Double.NaN, 100));
    }
}
