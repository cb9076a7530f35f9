package org.pointgrad.vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pointgrad.vae.schedule.ScheduleSpecs;
import org.pointgrad.vae.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class TrainSettingsTest {
    @Test
    void anOutOfRangeSettingNamesTheOption() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TrainSettings.build(TrainConfig.builder(Path.of("r")).batch(1), TrainSettings.TRAIN_FLAGS));
        assertEquals("--batch: batch size must be >= 2, got 1", e.getMessage());
    }

    @Test
    void theOptionDefaultsAreTheLibrarys() {
        assertEquals(TrainConfig.DEFAULT_LR_SCHEDULE, ScheduleSpecs.learningRate(TrainCommand.DEFAULT_LR_SCHEDULE));
        assertEquals(TrainConfig.DEFAULT_LR, Double.parseDouble(TrainCommand.DEFAULT_LR));
        assertEquals(TrainConfig.DEFAULT_BATCH, Integer.parseInt(TrainCommand.DEFAULT_BATCH));
        CommandSpec train = new CommandLine(new TrainCommand()).getCommandSpec();
        assertEquals(TrainConfig.DEFAULT_BETA, Double.parseDouble(defaultOf(train, "--beta")));
        assertEquals(TrainConfig.DEFAULT_MINUTES, Double.parseDouble(defaultOf(train, "--minutes")));
        assertEquals(TrainConfig.DEFAULT_EVAL_SHAPES, Integer.parseInt(defaultOf(train, "--eval-shapes")));
        assertEquals(TrainConfig.DEFAULT_POINTS, Integer.parseInt(defaultOf(train, "--points")));
        assertEquals("1", defaultOf(train, "--seed"));
    }

    private static String defaultOf(CommandSpec spec, String option) {
        return spec.findOption(option).defaultValue();
    }
}
