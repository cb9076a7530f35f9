package org.pointgrad.vae.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.pointgrad.nn.io.Checkpoints;
import org.pointgrad.nn.io.TrainingCheckpoint;
import org.pointgrad.nn.optim.Adam;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.model.VaeConfig;

/**
 * A run folder's checkpoint: model.safetensors (weights + architecture in the metadata) and
 * optimizer.safetensors (Adam state + where the run stands). Both written atomically and verified when read.
 */
public final class RunCheckpoint {
    private RunCheckpoint() {}

    /** Prefix of the run's settings in the optimizer file's metadata (next to the run state). */
    static final String SETTING_PREFIX = "setting.";

    /**
     * A restored run.
     *
     * @param settings the settings the run was started with (keys of {@code Trainer.describe}); empty for
     *                 checkpoints that store no settings
     */
    public record Loaded(PointCloudVae model, Adam optimizer, RunState state, Map<String, String> settings) {}

    static void save(Path dir, PointCloudVae model, Adam opt, RunState state, Map<String, String> settings) throws IOException {
        Map<String, String> extra = new LinkedHashMap<>(state.toMetadata());
        for (var e : settings.entrySet()) extra.put(SETTING_PREFIX + e.getKey(), e.getValue());
        Checkpoints.saveTraining(dir, model, model.config().toMetadata(), opt, state.epoch(), state.globalStep(), extra);
    }

    /** Loads the model, its optimizer (with the given learning rate as fallback) and the run state. */
    public static Loaded load(Path dir, double lr) throws IOException {
        PointCloudVae model = loadModel(dir);
        Adam opt = new Adam(model.namedParameters(), lr);
        TrainingCheckpoint tc = Checkpoints.loadTraining(dir, model, opt, true);
        Map<String, String> settings = new LinkedHashMap<>();
        for (var e : tc.extra().entrySet()) {
            if (e.getKey().startsWith(SETTING_PREFIX)) settings.put(e.getKey().substring(SETTING_PREFIX.length()), e.getValue());
        }
        return new Loaded(model, opt, RunState.fromMetadata(tc.extra(), dir.resolve(Checkpoints.OPTIMIZER_FILE).toString()), settings);
    }

    /** Loads just the trained model of a run folder (or a model.safetensors file) for inference. */
    public static PointCloudVae loadModel(Path runOrFile) throws IOException {
        Path file = Files.isDirectory(runOrFile) ? runOrFile.resolve(Checkpoints.MODEL_FILE) : runOrFile;
        if (!Files.exists(file)) {
            throw new java.io.FileNotFoundException(file + ": no model checkpoint here (expected a run folder written by `pointvae train`)");
        }
        Map<String, String> meta = Checkpoints.readConfig(file);
        VaeConfig config;
        try {
            config = VaeConfig.fromMetadata(meta);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        PointCloudVae model = new PointCloudVae(config, new SplittableRandom(0));
        Checkpoints.loadModel(file, model, true);
        model.eval();
        return model;
    }
}
