package org.pointgrad.nn.io;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Checkpoints#loadTraining} restored.
 *
 * @param file         the generation file loaded
 * @param epoch        the epoch passed to {@link Checkpoints#saveTraining}
 * @param step         the step passed to {@link Checkpoints#saveTraining}
 * @param learningRate the optimizer's learning rate at save time (already set on the optimizer)
 * @param extra        the caller's extra strings (e.g. RNG state), as saved
 * @param model        the model part of the load (its config: the model config given to the save)
 * @param skipped      why each newer, damaged generation was passed over (empty normally)
 */
public record TrainingCheckpoint(
        Path file,
        long epoch,
        long step,
        double learningRate,
        Map<String, String> extra,
        LoadReport model,
        List<String> skipped) {
    /** Copies {@code extra} and {@code skipped} so the record is immutable. */
    public TrainingCheckpoint {
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        skipped = List.copyOf(skipped);
    }
}
