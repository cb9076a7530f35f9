package org.pointgrad.vae.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pointgrad.vae.schedule.KlSchedule;
import org.pointgrad.vae.schedule.LrSchedule;

/** The time-budgeted plan may change only while no schedule has used it. */
class TrainerPlanTest {
    @Test
    void planIsFreeUntilAScheduleDependsOnIt() {
        KlSchedule constantKl = KlSchedule.constant();
        assertTrue(Trainer.planNotYetUsed(LrSchedule.constant(), constantKl, 50, 100));
        assertTrue(Trainer.planNotYetUsed(LrSchedule.cosine(0.05), constantKl, 2, Double.POSITIVE_INFINITY), "no plan yet");
        // Held at the base rate for 60% of the plan: free until then, fixed once the decay has begun.
        LrSchedule late = LrSchedule.cosine(0.05, 0.6);
        assertTrue(Trainer.planNotYetUsed(late, constantKl, 30, 100));
        assertTrue(Trainer.planNotYetUsed(late, constantKl, 60, 100));
        assertFalse(Trainer.planNotYetUsed(late, constantKl, 61, 100));
        // A cosine from the start uses the plan from the first step.
        assertFalse(Trainer.planNotYetUsed(LrSchedule.cosine(0.05), constantKl, 2, 100));
        // A KL warm-up over fixed epochs does not depend on the plan.
        assertTrue(Trainer.planNotYetUsed(LrSchedule.constant(), KlSchedule.linear(10), 3, 100));
    }
}
