package org.pointgrad.vae.train;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.pointgrad.nn.io.Checkpoints;
import org.pointgrad.nn.io.TrainingCheckpoint;
import org.pointgrad.nn.optim.Adam;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.model.VaeConfig;

/**
 * A run folder's checkpoint: generations {@code checkpoint-NNNNNN.safetensors} (model, Adam state, where the run
 * stands and its settings; see {@link Checkpoints}) and model.safetensors (weights + architecture) for inference.
 */
public final class RunCheckpoint {
    private RunCheckpoint() {}

    /** Prefix of the run's settings in the checkpoint's metadata (next to the run state). */
    static final String SETTING_PREFIX = "setting.";

    /**
     * A restored run.
     *
     * @param settings the settings the run was started with (keys of {@code Trainer.describe} and, from the command
     *                 line, {@code option.--name})
     * @param file     the generation loaded
     * @param skipped  why newer, damaged generations were passed over (empty normally)
     */
    public record Loaded(
            PointCloudVae model,
            Adam optimizer,
            RunState state,
            Map<String, String> settings,
            Path file,
            List<String> skipped) {}

    static void save(Path dir, PointCloudVae model, Adam opt, RunState state, Map<String, String> settings)
            throws IOException {
        Map<String, String> extra = new LinkedHashMap<>(state.toMetadata());
        for (var e : settings.entrySet()) extra.put(SETTING_PREFIX + e.getKey(), e.getValue());
        Checkpoints.saveTraining(
                dir, model, model.config().toMetadata(), opt, state.epoch(), state.globalStep(), extra);
    }

    /** True when {@code dir} holds a checkpoint to resume from. */
    public static boolean exists(Path dir) throws IOException {
        return Checkpoints.hasTraining(dir);
    }

    /** Loads the model, its optimizer (with the given learning rate as fallback) and the run state. */
    public static Loaded load(Path dir, double lr) throws IOException {
        IOException first = null;
        for (Path gen : Checkpoints.generations(dir)) {
            // The architecture comes from the generation itself; a damaged one is skipped by loadTraining below.
            VaeConfig config;
            try {
                config = config(Checkpoints.readTrainingConfig(gen), gen);
            } catch (IOException e) {
                if (first == null) first = e;
                continue;
            }
            PointCloudVae model = new PointCloudVae(config, new SplittableRandom(0));
            Adam opt = new Adam(model.namedParameters(), lr);
            TrainingCheckpoint tc = Checkpoints.loadTraining(dir, model, opt, true);
            String file = tc.file().toString();
            Map<String, String> settings = new LinkedHashMap<>();
            for (var e : tc.extra().entrySet()) {
                if (e.getKey().startsWith(SETTING_PREFIX))
                    settings.put(e.getKey().substring(SETTING_PREFIX.length()), e.getValue());
            }
            RunState state = RunState.fromMetadata(tc.extra(), file);
            if (state.epoch() != tc.epoch() || state.globalStep() != tc.step()) {
                throw new IOException(file + ": run.epoch " + state.epoch() + " / run.global_step " + state.globalStep()
                        + " disagree with the checkpoint's epoch " + tc.epoch() + " / step " + tc.step()
                        + "; the file is damaged");
            }
            return new Loaded(model, opt, state, settings, tc.file(), tc.skipped());
        }
        if (first != null) throw first;
        throw new FileNotFoundException(
                dir + ": no checkpoint to resume (checkpoint-NNNNNN.safetensors); the run never finished "
                        + "an epoch or was not written by `pointvae train`; start it again with --overwrite");
    }

    /**
     * Writes model.safetensors from {@code model} (after a resume, in case a crash came before the last save's copy).
     */
    static void exportModel(Path dir, PointCloudVae model) throws IOException {
        Checkpoints.saveModel(
                dir.resolve(Checkpoints.MODEL_FILE), model, model.config().toMetadata());
    }

    /** Loads just the trained model of a run folder (or a model.safetensors file) for inference. */
    public static PointCloudVae loadModel(Path runOrFile) throws IOException {
        Path file = Files.isDirectory(runOrFile) ? runOrFile.resolve(Checkpoints.MODEL_FILE) : runOrFile;
        if (!Files.exists(file)) {
            throw new FileNotFoundException(
                    file + ": no model checkpoint here (expected a run folder written by `pointvae train`)");
        }
        PointCloudVae model = new PointCloudVae(config(Checkpoints.readConfig(file), file), new SplittableRandom(0));
        Checkpoints.loadModel(file, model, true);
        model.eval();
        return model;
    }

    private static VaeConfig config(Map<String, String> meta, Path file) throws IOException {
        try {
            return VaeConfig.fromMetadata(meta);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
