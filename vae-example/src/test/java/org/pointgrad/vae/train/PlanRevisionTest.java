package org.pointgrad.vae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The time-budget plan: shrinks to what fits so schedules finish inside the budget, grows only early in the run. */
class PlanRevisionTest {
    @Test
    void slowerEpochsShrinkThePlanToWhatFits() {
        // 10 done, 100 s left at 20 s an epoch: 5 more fit, so 15 instead of the planned 30.
        assertEquals(15, EpochPlan.revisePlan(30, 10, 20, 100, false));
        // A partial epoch's worth of time does not count.
        assertEquals(14, EpochPlan.revisePlan(30, 10, 20, 99.9, false));
    }

    @Test
    void aShortfallUnderTwoPercentIsIgnored() {
        // 200 planned, 100 done, 98 more fit: 2 short is 1% of the plan.
        assertEquals(200, EpochPlan.revisePlan(200, 100, 1, 98.5, false));
        // 5 short (2.5%) is not.
        assertEquals(195, EpochPlan.revisePlan(200, 100, 1, 95.5, false));
        // Small plans shrink by a single epoch.
        assertEquals(9, EpochPlan.revisePlan(10, 5, 1, 4.5, false));
    }

    @Test
    void fasterEpochsNeverRaiseIt() {
        assertEquals(30, EpochPlan.revisePlan(30, 10, 1, 1000, false));
        assertEquals(30, EpochPlan.revisePlan(30, 10, 20, 400, false));
    }

    @Test
    void earlyInTheRunItAlsoGrows() {
        // Epoch 1 paid for the JIT: 92 planned, but 10 done and 400 s left at 3.7 s an epoch fit 118.
        assertEquals(118, EpochPlan.revisePlan(92, 10, 3.7, 400, true));
        // Not by less than 2% of the plan.
        assertEquals(92, EpochPlan.revisePlan(92, 10, 1, 83.5, true));
        // Shrinking works the same early or late.
        assertEquals(15, EpochPlan.revisePlan(30, 10, 20, 100, true));
    }

    @Test
    void neverBelowTheEpochsAlreadyDone() {
        assertEquals(10, EpochPlan.revisePlan(30, 10, 20, -5, false));
        assertEquals(10, EpochPlan.revisePlan(30, 10, 20, 0, false));
    }

    @Test
    void anUnusableMeanLeavesThePlanAlone() {
        assertEquals(30, EpochPlan.revisePlan(30, 10, 0, 100, false));
        assertEquals(30, EpochPlan.revisePlan(30, 10, Double.NaN, 100, false));
    }
}
