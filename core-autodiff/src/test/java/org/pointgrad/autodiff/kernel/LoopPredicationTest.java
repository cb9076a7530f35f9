package org.pointgrad.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoopPredicationTest {

    @Test
    void readsThisJvmsSetting() {
        boolean off = ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:-UseLoopPredicate");
        assertEquals(Optional.of(!off), LoopPredication.enabled());
    }

    @Test
    void warnsOnlyForTheNarrowTileWithPredicationOn() {
        assertTrue(LoopPredication.advice(6, Optional.of(true)).orElseThrow().contains("-XX:-UseLoopPredicate"));
        assertEquals(Optional.empty(), LoopPredication.advice(6, Optional.of(false)));
        assertEquals(Optional.empty(), LoopPredication.advice(12, Optional.of(true)));
        assertEquals(Optional.empty(), LoopPredication.advice(6, Optional.empty()));
    }
}
