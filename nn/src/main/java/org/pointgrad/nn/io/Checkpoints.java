package org.pointgrad.nn.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;
import org.pointgrad.nn.optim.Optimizer;

/**
 * Model and training checkpoints as safetensors files.
 *
 * <p>A model checkpoint holds {@link Module#stateDict()} (parameters and buffers, by dotted name) and the caller's
 * config strings as metadata. Loading copies values into the model's existing tensors in place, so optimizer
 * references stay valid, and it validates everything (names, shapes, dtypes) before changing anything: a failed
 * load leaves the model exactly as it was.
 *
 * <p>A training checkpoint is a folder of generations. Generation {@code g} is one file,
 * {@code checkpoint-<g>.safetensors}, holding the model ({@code model/} + name), the optimizer state
 * ({@code optimizer/} + name), epoch, step, learning rate, the model config and the caller's extra strings (e.g. RNG
 * state). A save writes the next generation under a temp name, forces it to disk, renames it into place and forces
 * the folder; only then is {@value #MODEL_FILE} (the model alone, for inference) replaced, and generations older
 * than the previous one deleted. So at every instant the folder holds at least one complete, checksummed
 * generation; a load takes the newest one that verifies and falls back to the one before when the newest is
 * damaged. Keys starting with {@value #RESERVED_PREFIX} are pointgrad's own.
 */
public final class Checkpoints {
    /** The model alone (weights and config), kept beside the generations under this stable name for inference. */
    public static final String MODEL_FILE = "model.safetensors";
    /** Metadata keys with this prefix are written by pointgrad; callers may not use them. */
    public static final String RESERVED_PREFIX = "pointgrad.";

    static final String KIND = "pointgrad.kind";
    static final String EPOCH = "pointgrad.epoch";
    static final String STEP = "pointgrad.step";
    static final String GENERATION = "pointgrad.generation";
    static final String LEARNING_RATE = "pointgrad.learning_rate";
    static final String OPTIMIZER_CLASS = "pointgrad.optimizer";
    static final String CONFIG_PREFIX = "pointgrad.config.";
    static final String MODEL_TENSOR = "model/";
    static final String OPTIMIZER_TENSOR = "optimizer/";
    private static final Pattern GENERATION_NAME = Pattern.compile("checkpoint-(\\d{6,18})\\.safetensors");

    private Checkpoints() {}

    /** Atomically saves the model's state dict with {@code config} strings as metadata. */
    public static void saveModel(Path file, Module model, Map<String, String> config) throws IOException {
        Map<String, String> meta = userMetadata(config, "config");
        meta.put(KIND, "model");
        SafeTensors.write(file, model.stateDict(), meta);
    }

    /** {@link #loadModel(Path, Module, boolean, DTypePolicy)} with {@link DTypePolicy#EXACT}. */
    public static LoadReport loadModel(Path file, Module model, boolean strict) throws IOException {
        return loadModel(file, model, strict, DTypePolicy.EXACT);
    }

    /**
     * Loads a model checkpoint into {@code model}'s tensors in place. Strict mode fails on any missing or unexpected
     * name; non-strict mode loads the names both sides have and reports the rest. A wrong shape is always an error,
     * and so is a dtype mismatch unless {@code policy} is {@link DTypePolicy#CONVERT}. Nothing is modified unless
     * the whole load validates.
     */
    public static LoadReport loadModel(Path file, Module model, boolean strict, DTypePolicy policy) throws IOException {
        SafeTensorsFile f = SafeTensors.read(file);
        Plan plan = plan(f.path(), f.tensors(), f.infos(), withoutReserved(f.metadata()), model, strict, policy);
        plan.apply();
        return plan.report;
    }

    /** The config strings stored with a model file, without pointgrad's own keys. */
    public static Map<String, String> readConfig(Path file) throws IOException {
        return withoutReserved(SafeTensors.read(file).metadata());
    }

    /** File name of generation {@code g}. */
    public static String generationFile(long g) {
        return String.format(Locale.ROOT, "checkpoint-%06d.safetensors", g);
    }

    /** The generation files in {@code dir}, newest first (empty when there are none or no folder). */
    public static List<Path> generations(Path dir) throws IOException {
        List<Long> numbers = new ArrayList<>();
        if (!Files.isDirectory(dir)) return List.of();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "checkpoint-*.safetensors")) {
            for (Path p : entries) {
                Matcher m = GENERATION_NAME.matcher(p.getFileName().toString());
                if (m.matches()) numbers.add(Long.parseLong(m.group(1)));
            }
        }
        numbers.sort(Comparator.reverseOrder());
        List<Path> out = new ArrayList<>();
        for (long g : numbers) out.add(dir.resolve(generationFile(g)));
        return out;
    }

    /** True when {@code dir} holds a training checkpoint generation. */
    public static boolean hasTraining(Path dir) throws IOException {
        return !generations(dir).isEmpty();
    }

    /**
     * Saves a training checkpoint into folder {@code dir} (created if needed) as its next generation: the model,
     * the optimizer state, {@code epoch}, {@code step}, the learning rate and {@code extra} strings.
     */
    public static void saveTraining(
            Path dir, Module model, Optimizer optimizer, long epoch, long step, Map<String, String> extra)
            throws IOException {
        saveTraining(dir, model, Map.of(), optimizer, epoch, step, extra);
    }

    /**
     * As {@link #saveTraining(Path, Module, Optimizer, long, long, Map)}, with {@code modelConfig} stored with the
     * model (also in {@value #MODEL_FILE}, readable with {@link #readConfig}), so the model file alone can rebuild its
     * module.
     */
    public static void saveTraining(
            Path dir,
            Module model,
            Map<String, String> modelConfig,
            Optimizer optimizer,
            long epoch,
            long step,
            Map<String, String> extra)
            throws IOException {
        Map<String, String> meta = userMetadata(extra, "extra");
        Map<String, String> config = userMetadata(modelConfig, "config");
        Files.createDirectories(dir);
        removeStaleTemps(dir);
        List<Path> existing = generations(dir);
        long g = existing.isEmpty() ? 1 : generationNumber(existing.get(0)) + 1;
        meta.put(KIND, "training");
        meta.put(GENERATION, Long.toString(g));
        meta.put(OPTIMIZER_CLASS, optimizer.getClass().getName());
        meta.put(EPOCH, Long.toString(epoch));
        meta.put(STEP, Long.toString(step));
        // Double.toString round-trips exactly.
        meta.put(LEARNING_RATE, Double.toString(optimizer.learningRate()));
        for (Map.Entry<String, String> e : config.entrySet()) meta.put(CONFIG_PREFIX + e.getKey(), e.getValue());
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> tensors.put(MODEL_TENSOR + k, v));
        optimizer.stateDict().forEach((k, v) -> tensors.put(OPTIMIZER_TENSOR + k, v));
        SafeTensors.write(dir.resolve(generationFile(g)), tensors, meta);
        saveModel(dir.resolve(MODEL_FILE), model, config);
        // Keep the previous generation as the fallback; anything older is no longer needed.
        for (int i = 1; i < existing.size(); i++) Files.deleteIfExists(existing.get(i));
        if (existing.size() > 1) AtomicFiles.forceDirectory(dir.toAbsolutePath());
    }

    /**
     * Restores the newest generation of the training checkpoint in {@code dir} that verifies: model tensors in place
     * (as {@link #loadModel(Path, Module, boolean)}), {@link Optimizer#loadStateDict} and the learning rate. A damaged
     * generation is skipped for the one before it (listed in {@link TrainingCheckpoint#skipped()}). Everything is
     * read and checked before anything is modified; the optimizer's own {@code loadStateDict} runs before the model is
     * touched, so if it rejects the state the model is unchanged.
     */
    public static TrainingCheckpoint loadTraining(Path dir, Module model, Optimizer optimizer, boolean strict)
            throws IOException {
        List<Path> gens = generations(dir);
        if (gens.isEmpty()) {
            throw new CheckpointException(
                    dir,
                    "no training checkpoint here (expected checkpoint-NNNNNN.safetensors files written by "
                            + "Checkpoints.saveTraining)");
        }
        List<String> skipped = new ArrayList<>();
        CheckpointException newest = null;
        for (Path file : gens) {
            SafeTensorsFile f;
            try {
                f = SafeTensors.read(file);
            } catch (CheckpointException e) {
                if (newest == null) newest = e;
                skipped.add(e.getMessage());
                continue;
            }
            return load(f, model, optimizer, strict, skipped);
        }
        String more = gens.size() > 1 ? " (and the " + (gens.size() - 1) + " older generation(s) are damaged too)" : "";
        throw new CheckpointException(
                newest.file(), newest.tensorName(), newest.byteOffset(), stripFile(newest) + more, newest);
    }

    private static TrainingCheckpoint load(
            SafeTensorsFile f, Module model, Optimizer optimizer, boolean strict, List<String> skipped)
            throws IOException {
        Path file = f.path();
        Map<String, String> meta = f.metadata();
        long epoch, step, generation;
        double lr;
        try {
            if (!"training".equals(meta.get(KIND))) {
                throw new IllegalArgumentException(
                        "key '" + KIND + "' must be 'training', got '" + meta.get(KIND) + "'");
            }
            generation = MetadataValues.parseLong(meta, GENERATION);
            epoch = MetadataValues.parseLong(meta, EPOCH);
            step = MetadataValues.parseLong(meta, STEP);
            lr = MetadataValues.parseDouble(meta, LEARNING_RATE);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, e.getMessage());
        }
        if (generation != generationNumber(file)) {
            throw new CheckpointException(
                    file, GENERATION + " is " + generation + " but the file name says " + generationNumber(file));
        }
        if (!(lr >= 0) || Double.isInfinite(lr))
            throw new CheckpointException(file, LEARNING_RATE + " must be finite and >= 0, got " + lr);
        String savedClass = meta.get(OPTIMIZER_CLASS);
        if (!optimizer.getClass().getName().equals(savedClass)) {
            throw new CheckpointException(
                    file,
                    "holds state of optimizer " + savedClass + ", cannot load it into "
                            + optimizer.getClass().getName());
        }
        Map<String, Tensor> modelTensors = new LinkedHashMap<>();
        Map<String, TensorInfo> modelInfos = new LinkedHashMap<>();
        Map<String, Tensor> optTensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : f.tensors().entrySet()) {
            String name = e.getKey();
            if (name.startsWith(MODEL_TENSOR)) {
                modelTensors.put(name.substring(MODEL_TENSOR.length()), e.getValue());
                modelInfos.put(name.substring(MODEL_TENSOR.length()), f.infos().get(name));
            } else if (name.startsWith(OPTIMIZER_TENSOR)) {
                optTensors.put(name.substring(OPTIMIZER_TENSOR.length()), e.getValue());
            } else {
                throw new CheckpointException(
                        file,
                        name,
                        -1,
                        "tensor name must start with " + MODEL_TENSOR + " or " + OPTIMIZER_TENSOR,
                        null);
            }
        }
        Map<String, String> config = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().startsWith(CONFIG_PREFIX))
                config.put(e.getKey().substring(CONFIG_PREFIX.length()), e.getValue());
        }
        Plan plan = plan(file, modelTensors, modelInfos, config, model, strict, DTypePolicy.EXACT);
        try {
            optimizer.loadStateDict(optTensors);
        } catch (RuntimeException e) {
            throw new CheckpointException(
                    file, null, -1, "the optimizer rejected the saved state: " + e.getMessage(), e);
        }
        plan.apply();
        optimizer.setLearningRate(lr);
        return new TrainingCheckpoint(file, epoch, step, lr, withoutReserved(meta), plan.report, skipped);
    }

    /** The model config stored in a generation file (as given to {@code saveTraining}). */
    public static Map<String, String> readTrainingConfig(Path generation) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        for (Map.Entry<String, String> e :
                SafeTensors.read(generation).metadata().entrySet()) {
            if (e.getKey().startsWith(CONFIG_PREFIX))
                config.put(e.getKey().substring(CONFIG_PREFIX.length()), e.getValue());
        }
        return config;
    }

    /** Deletes temp files of checkpoint writes that a killed process left in {@code dir}; returns their names. */
    public static List<String> removeStaleTemps(Path dir) throws IOException {
        List<String> targets = new ArrayList<>(List.of(MODEL_FILE));
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> entries =
                    Files.newDirectoryStream(dir, ".checkpoint-*" + AtomicFiles.TEMP_SUFFIX)) {
                for (Path p : entries) {
                    String name = p.getFileName().toString();
                    int end = name.indexOf(".safetensors.");
                    if (end > 0) targets.add(name.substring(1, end + ".safetensors".length()));
                }
            }
        }
        return AtomicFiles.removeStaleTemps(dir, targets);
    }

    private static long generationNumber(Path file) {
        Matcher m = GENERATION_NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String stripFile(CheckpointException e) {
        String m = e.getMessage();
        String prefix = e.file() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    // ---------------------------------------------------------------- validation, then copy

    /** A fully validated load: {@link #apply()} only copies and cannot fail. */
    private record Plan(List<Tensor> targets, List<Tensor> sources, LoadReport report) {
        void apply() {
            for (int i = 0; i < targets.size(); i++) copyInto(targets.get(i), sources.get(i));
        }
    }

    private static Plan plan(
            Path file,
            Map<String, Tensor> stored,
            Map<String, TensorInfo> infos,
            Map<String, String> config,
            Module model,
            boolean strict,
            DTypePolicy policy)
            throws CheckpointException {
        Map<String, Tensor> state = model.stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (String name : state.keySet()) if (!stored.containsKey(name)) missing.add(name);
        for (String name : stored.keySet()) if (!state.containsKey(name)) unexpected.add(name);
        if (strict && (!missing.isEmpty() || !unexpected.isEmpty())) {
            throw new CheckpointException(
                    file,
                    "does not match the model " + model.getClass().getSimpleName() + " (strict load): missing "
                            + abbreviate(missing) + ", unexpected " + abbreviate(unexpected));
        }
        List<String> errors = new ArrayList<>();
        List<String> loaded = new ArrayList<>();
        List<String> converted = new ArrayList<>();
        List<Tensor> targets = new ArrayList<>();
        List<Tensor> sources = new ArrayList<>();
        String firstBad = null;
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor src = stored.get(e.getKey());
            if (src == null) continue;
            Tensor dst = e.getValue();
            if (!Arrays.equals(src.shape(), dst.shape())) {
                errors.add("tensor '" + e.getKey() + "' has shape " + Arrays.toString(src.shape()) + " in the file but "
                        + Arrays.toString(dst.shape()) + " in the model");
                if (firstBad == null) firstBad = e.getKey();
                continue;
            }
            if (src.dtype() != dst.dtype()) {
                if (policy != DTypePolicy.CONVERT) {
                    errors.add("tensor '" + e.getKey() + "' is " + src.dtype() + " (stored "
                            + infos.get(e.getKey()).storedDType() + ") in the file but " + dst.dtype()
                            + " in the model; pass DTypePolicy.CONVERT to convert");
                    if (firstBad == null) firstBad = e.getKey();
                    continue;
                }
                converted.add(e.getKey());
            }
            loaded.add(e.getKey());
            targets.add(dst);
            sources.add(src);
        }
        if (!errors.isEmpty()) {
            throw new CheckpointException(
                    file,
                    errors.size() == 1 ? firstBad : null,
                    -1,
                    "nothing was loaded: " + String.join("; ", errors),
                    null);
        }
        return new Plan(targets, sources, new LoadReport(file, loaded, missing, unexpected, converted, config));
    }

    private static void copyInto(Tensor dst, Tensor src) {
        if (dst.dtype() == DType.FLOAT64) {
            double[] values = src.dtype() == DType.FLOAT64 ? src.doubleData() : src.toDoubleArray();
            System.arraycopy(values, 0, dst.doubleData(), 0, values.length);
        } else {
            float[] values = src.dtype() == DType.FLOAT32 ? src.floatData() : src.toFloatArray();
            System.arraycopy(values, 0, dst.floatData(), 0, values.length);
        }
        dst.bumpVersion();
    }

    // ---------------------------------------------------------------- metadata helpers

    private static Map<String, String> userMetadata(Map<String, String> user, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (user == null) return out;
        for (Map.Entry<String, String> e : user.entrySet()) {
            if (e.getKey() != null && e.getKey().startsWith(RESERVED_PREFIX)) {
                throw new IllegalArgumentException(
                        what + " key '" + e.getKey() + "' uses the reserved prefix " + RESERVED_PREFIX);
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static Map<String, String> withoutReserved(Map<String, String> meta) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet())
            if (!e.getKey().startsWith(RESERVED_PREFIX)) out.put(e.getKey(), e.getValue());
        return out;
    }

    private static String abbreviate(List<String> names) {
        if (names.size() <= 8) return names.toString();
        return names.subList(0, 8) + " and " + (names.size() - 8) + " more";
    }
}
