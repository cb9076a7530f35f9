package org.pointgrad.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoopPredicationTest {

    @Test
    void readsThisJvmsSettings() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        LoopPredication.Settings s = LoopPredication.current().orElseThrow();
        assertEquals(!args.contains("-XX:-UseLoopPredicate"), s.loopPredication());
        assertTrue(s.stripMiningIterations() >= 0);
    }

    @Test
    void warnsOnlyForTheNarrowTileWithPredicationOnAndStripMiningOff() {
        Optional<LoopPredication.Settings> slow = Optional.of(new LoopPredication.Settings(true, 0));
        assertTrue(LoopPredication.advice(6, slow).orElseThrow().contains("-XX:-UseLoopPredicate"));
        assertEquals(Optional.empty(), LoopPredication.advice(12, slow));
        assertEquals(Optional.empty(), LoopPredication.advice(6, Optional.of(new LoopPredication.Settings(false, 0))));
        assertEquals(
                Optional.empty(), LoopPredication.advice(6, Optional.of(new LoopPredication.Settings(true, 1000))));
        assertEquals(Optional.empty(), LoopPredication.advice(6, Optional.empty()));
    }
}
