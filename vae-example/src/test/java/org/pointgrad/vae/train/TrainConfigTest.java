package org.pointgrad.vae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pointgrad.nn.schedule.Schedule;
import org.pointgrad.pointcloud.transform.Augmentation;
import org.pointgrad.vae.model.VaeConfig;

class TrainConfigTest {
    private static final Path OUT = Path.of("run");

    @Test
    void builderDefaults() {
        TrainConfig c = TrainConfig.builder(OUT).build();
        assertEquals(OUT, c.out());
        assertEquals(VaeConfig.defaults(), c.model());
        assertEquals(1024, c.points());
        assertEquals(4, c.batch());
        assertEquals(2e-3, c.lr());
        assertEquals("cosine:0.05:0.6", c.lrSchedule().describe());
        assertEquals(1e-5, c.beta());
        assertEquals(Schedule.constant(), c.klSchedule());
        assertEquals(0, c.epochs());
        assertEquals(7.5, c.minutes());
        assertEquals(1, c.seed());
        assertEquals(64, c.evalShapes());
        assertEquals(Augmentation.NONE, c.augmentation());
    }

    @Test
    void toBuilderKeepsEverySetting() {
        TrainConfig c = TrainConfig.builder(OUT)
                .points(128)
                .batch(8)
                .lr(1e-3)
                .lrSchedule(Schedule.constant())
                .beta(0.5)
                .freeBits(0.1)
                .epochs(3)
                .seed(9)
                .evalShapes(4)
                .progress(true)
                .build();
        assertEquals(c, c.toBuilder().build());
        assertEquals(c.withAugmentation(Augmentation.NONE), c);
    }

    @Test
    void outOfRangeSettingsAreNamedInTheLibrarysTerms() {
        assertInvalid(
                "batch",
                "batch size must be >= 2, got 1",
                TrainConfig.builder(OUT).batch(1));
        assertInvalid(
                "points",
                "points per cloud must be >= 1, got 0",
                TrainConfig.builder(OUT).points(0));
        assertInvalid(
                "lr",
                "learning rate must be a finite number > 0, got NaN",
                TrainConfig.builder(OUT).lr(Double.NaN));
        assertInvalid(
                "beta",
                "KL weight beta must be a finite number >= 0, got -1.0",
                TrainConfig.builder(OUT).beta(-1));
        assertInvalid(
                "freeBits",
                "free bits must be a finite number >= 0, got Infinity",
                TrainConfig.builder(OUT).freeBits(Double.POSITIVE_INFINITY));
        assertInvalid(
                "epochs",
                "epochs must be >= 0, got -1",
                TrainConfig.builder(OUT).epochs(-1));
        assertInvalid(
                "epochs",
                "give a number of epochs or a positive time budget in minutes",
                TrainConfig.builder(OUT).minutes(0));
        assertInvalid(
                "evalShapes",
                "eval shapes must be >= 2, got 1",
                TrainConfig.builder(OUT).evalShapes(1));
    }

    private static void assertInvalid(String setting, String message, TrainConfig.Builder b) {
        TrainConfig.InvalidSetting e = assertThrows(TrainConfig.InvalidSetting.class, b::build);
        assertEquals(setting, e.setting());
        assertEquals(message, e.getMessage());
    }
}
