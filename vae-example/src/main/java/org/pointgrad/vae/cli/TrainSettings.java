package org.pointgrad.vae.cli;

import java.util.Map;
import org.pointgrad.vae.train.TrainConfig;

/** Builds the training settings of a command, naming the command's own option when one is out of range. */
final class TrainSettings {
    /** The options of {@code pointvae train} for each builder setting. */
    static final Map<String, String> TRAIN_FLAGS = Map.of(
            "points", "--points",
            "batch", "--batch",
            "lr", "--lr",
            "beta", "--beta",
            "freeBits", "--free-bits",
            "epochs", "--epochs",
            "minutes", "--minutes",
            "evalShapes", "--eval-shapes");

    private TrainSettings() {}

    /** {@code b.build()}; an out-of-range setting's message starts with its option in {@code flags}. */
    static TrainConfig build(TrainConfig.Builder b, Map<String, String> flags) {
        try {
            return b.build();
        } catch (TrainConfig.InvalidSetting e) {
            String flag = flags.get(e.setting());
            if (flag == null) throw e;
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }
}
