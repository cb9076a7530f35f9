package org.pointgrad.vae.schedule;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class KlScheduleTest {
    @Test
    void constant() {
        assertEquals(1.0, KlSchedule.parse("constant").factor(37, 100));
    }

    @Test
    void linearWarmup() {
        KlSchedule s = KlSchedule.parse("linear:10");
        assertEquals(0.0, s.factor(0, 100));
        assertEquals(0.5, s.factor(5, 100), 1e-12);
        assertEquals(1.0, s.factor(10, 100));
        assertEquals(1.0, s.factor(50, 100));
        assertEquals("linear:10", s.describe());
    }

    @Test
    void cyclical() {
        KlSchedule s = KlSchedule.parse("cyclical:4:0.5");
        // 100 epochs, 4 cycles of 25; rise over the first 12.5 epochs of each.
        assertEquals(0.0, s.factor(0, 100), 1e-12);
        assertEquals(0.5, s.factor(6.25, 100), 1e-12);
        assertEquals(1.0, s.factor(20, 100), 1e-12);
        assertEquals(0.0, s.factor(25, 100), 1e-12);
        assertEquals(0.5, s.factor(56.25, 100), 1e-12);
    }

    @Test
    void stepDecayMultipliesAtEachListedEpoch() {
        KlSchedule s = KlSchedule.parse("step:80,100:0.1");
        assertEquals(1.0, s.factor(79.9, 120));
        assertEquals(0.1, s.factor(80, 120), 1e-12);
        assertEquals(0.01, s.factor(100, 120), 1e-12);
    }

    @Test
    void badSpecsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KlSchedule.parse("linear"));
        assertTrue(e.getMessage().contains("expected constant|linear:E|cyclical:M:R|step:E1,E2:F"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KlSchedule.parse("cyclical:0:0.5"));
        assertThrows(IllegalArgumentException.class, () -> KlSchedule.parse("step:a:0.1"));
        assertThrows(IllegalArgumentException.class, () -> KlSchedule.parse("warp"));
    }
}
