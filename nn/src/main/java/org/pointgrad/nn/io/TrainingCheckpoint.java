package org.pointgrad.nn.io;

import java.util.Map;

/**
 * What {@link Checkpoints#loadTraining} restored.
 *
 * @param epoch        the epoch passed to {@link Checkpoints#saveTraining}
 * @param step         the step passed to {@link Checkpoints#saveTraining}
 * @param learningRate the optimizer's learning rate at save time (already set on the optimizer)
 * @param extra        the caller's extra strings (e.g. RNG state), as saved
 * @param model        the model part of the load
 */
public record TrainingCheckpoint(long epoch, long step, double learningRate, Map<String, String> extra, LoadReport model) {
    /** Copies {@code extra} so the record is immutable. */
    public TrainingCheckpoint {
        extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }
}
