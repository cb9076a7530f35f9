package org.pointgrad.nn.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>A training checkpoint is a folder with {@value #MODEL_FILE} and {@value #OPTIMIZER_FILE}; the latter holds
 * {@link Optimizer#stateDict()}, epoch, step, learning rate and the caller's extra strings (e.g. RNG state), and
 * the checksum of the model file it was saved with, so a pair from two different saves (e.g. after a crash between
 * the two writes) is detected on load. Keys starting with {@value #RESERVED_PREFIX} are pointgrad's own.
 */
public final class Checkpoints {
    /** Model file name inside a training checkpoint folder. */
    public static final String MODEL_FILE = "model.safetensors";
    /** Optimizer file name inside a training checkpoint folder. */
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    /** Metadata keys with this prefix are written by pointgrad; callers may not use them. */
    public static final String RESERVED_PREFIX = "pointgrad.";

    static final String KIND = "pointgrad.kind";
    static final String EPOCH = "pointgrad.epoch";
    static final String STEP = "pointgrad.step";
    static final String LEARNING_RATE = "pointgrad.learning_rate";
    static final String OPTIMIZER_CLASS = "pointgrad.optimizer";
    static final String MODEL_CHECKSUM = "pointgrad.model_crc32c";

    private Checkpoints() {}

    /** Atomically saves the model's state dict with {@code config} strings as metadata. */
    public static void saveModel(Path file, Module model, Map<String, String> config) throws IOException {
        writeModel(file, model, config);
    }

    private static String writeModel(Path file, Module model, Map<String, String> config) throws IOException {
        Map<String, String> meta = userMetadata(config, "config");
        meta.put(KIND, "model");
        return SafeTensors.write(file, model.stateDict(), meta);
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
        Plan plan = plan(f, model, strict, policy);
        plan.apply();
        return plan.report;
    }

    /** The config strings stored with a model (or optimizer) file, without pointgrad's own keys. */
    public static Map<String, String> readConfig(Path file) throws IOException {
        return withoutReserved(SafeTensors.read(file).metadata());
    }

    /**
     * Saves a training checkpoint into folder {@code dir} (created if needed): {@value #MODEL_FILE}, then
     * {@value #OPTIMIZER_FILE} with the optimizer state, {@code epoch}, {@code step}, the learning rate and
     * {@code extra} strings. Each file is replaced atomically.
     */
    public static void saveTraining(Path dir, Module model, Optimizer optimizer, long epoch, long step, Map<String, String> extra) throws IOException {
        Map<String, String> meta = userMetadata(extra, "extra");
        Files.createDirectories(dir);
        String modelSum = writeModel(dir.resolve(MODEL_FILE), model, Map.of());
        meta.put(KIND, "optimizer");
        meta.put(OPTIMIZER_CLASS, optimizer.getClass().getName());
        meta.put(EPOCH, Long.toString(epoch));
        meta.put(STEP, Long.toString(step));
        // Double.toString round-trips exactly.
        meta.put(LEARNING_RATE, Double.toString(optimizer.learningRate()));
        meta.put(MODEL_CHECKSUM, modelSum);
        SafeTensors.write(dir.resolve(OPTIMIZER_FILE), optimizer.stateDict(), meta);
    }

    /**
     * Restores a training checkpoint saved by {@link #saveTraining}: model tensors in place (as
     * {@link #loadModel(Path, Module, boolean)}), {@link Optimizer#loadStateDict} and the learning rate. Both files
     * are read and checked (pairing, optimizer class, model names and shapes) before anything is modified; the
     * optimizer's own {@code loadStateDict} runs before the model is touched, so if it rejects the state the model
     * is unchanged.
     */
    public static TrainingCheckpoint loadTraining(Path dir, Module model, Optimizer optimizer, boolean strict) throws IOException {
        Path modelPath = dir.resolve(MODEL_FILE);
        Path optPath = dir.resolve(OPTIMIZER_FILE);
        SafeTensorsFile modelFile = SafeTensors.read(modelPath);
        SafeTensorsFile optFile = SafeTensors.read(optPath);
        Map<String, String> meta = optFile.metadata();
        String link = meta.get(MODEL_CHECKSUM);
        String modelSum = modelFile.metadata().get(SafeTensors.CHECKSUM_KEY);
        if (link == null) throw new CheckpointException(optPath, "metadata lacks " + MODEL_CHECKSUM + "; not written by Checkpoints.saveTraining");
        if (!link.equals(modelSum)) {
            throw new CheckpointException(optPath, "was saved with a model whose checksum is " + link + ", but " + modelPath
                    + " has checksum " + modelSum + "; the two files come from different saves (interrupted save?)");
        }
        String savedClass = meta.get(OPTIMIZER_CLASS);
        if (!optimizer.getClass().getName().equals(savedClass)) {
            throw new CheckpointException(optPath, "holds state of optimizer " + savedClass + ", cannot load it into " + optimizer.getClass().getName());
        }
        long epoch = parseLong(meta, EPOCH, optPath);
        long step = parseLong(meta, STEP, optPath);
        double lr;
        try {
            lr = Double.parseDouble(required(meta, LEARNING_RATE, optPath));
        } catch (NumberFormatException e) {
            throw new CheckpointException(optPath, null, -1, LEARNING_RATE + " is not a number: " + meta.get(LEARNING_RATE), e);
        }
        if (!(lr >= 0)) throw new CheckpointException(optPath, LEARNING_RATE + " must be >= 0, got " + lr);

        Plan plan = plan(modelFile, model, strict, DTypePolicy.EXACT);
        try {
            optimizer.loadStateDict(optFile.tensors());
        } catch (RuntimeException e) {
            throw new CheckpointException(optPath, null, -1, "the optimizer rejected the saved state: " + e.getMessage(), e);
        }
        plan.apply();
        optimizer.setLearningRate(lr);
        return new TrainingCheckpoint(epoch, step, lr, withoutReserved(meta), plan.report);
    }

    // ---------------------------------------------------------------- validation, then copy

    /** A fully validated load: {@link #apply()} only copies and cannot fail. */
    private record Plan(List<Tensor> targets, List<Tensor> sources, LoadReport report) {
        void apply() {
            for (int i = 0; i < targets.size(); i++) copyInto(targets.get(i), sources.get(i));
        }
    }

    private static Plan plan(SafeTensorsFile f, Module model, boolean strict, DTypePolicy policy) throws CheckpointException {
        Map<String, Tensor> state = model.stateDict();
        Map<String, Tensor> stored = f.tensors();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (String name : state.keySet()) if (!stored.containsKey(name)) missing.add(name);
        for (String name : stored.keySet()) if (!state.containsKey(name)) unexpected.add(name);
        if (strict && (!missing.isEmpty() || !unexpected.isEmpty())) {
            throw new CheckpointException(f.path(), "does not match the model " + model.getClass().getSimpleName()
                    + " (strict load): missing " + abbreviate(missing) + ", unexpected " + abbreviate(unexpected));
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
                    errors.add("tensor '" + e.getKey() + "' is " + src.dtype() + " (stored " + f.infos().get(e.getKey()).storedDType()
                            + ") in the file but " + dst.dtype() + " in the model; pass DTypePolicy.CONVERT to convert");
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
            throw new CheckpointException(f.path(), errors.size() == 1 ? firstBad : null, -1,
                    "nothing was loaded: " + String.join("; ", errors), null);
        }
        return new Plan(targets, sources, new LoadReport(f.path(), loaded, missing, unexpected, converted, withoutReserved(f.metadata())));
    }

    private static void copyInto(Tensor dst, Tensor src) {
        if (dst.dtype() == DType.FLOAT64) {
            double[] values = src.dtype() == DType.FLOAT64 ? src.doubleData() : src.toDoubleArray();
            System.arraycopy(values, 0, dst.doubleData(), 0, values.length);
        } else {
            float[] values = src.dtype() == DType.FLOAT32 ? src.floatData() : src.toFloatArray();
            System.arraycopy(values, 0, dst.floatData(), 0, values.length);
        }
    }

    // ---------------------------------------------------------------- metadata helpers

    private static Map<String, String> userMetadata(Map<String, String> user, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (user == null) return out;
        for (Map.Entry<String, String> e : user.entrySet()) {
            if (e.getKey() != null && e.getKey().startsWith(RESERVED_PREFIX)) {
                throw new IllegalArgumentException(what + " key '" + e.getKey() + "' uses the reserved prefix " + RESERVED_PREFIX);
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static Map<String, String> withoutReserved(Map<String, String> meta) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) if (!e.getKey().startsWith(RESERVED_PREFIX)) out.put(e.getKey(), e.getValue());
        return out;
    }

    private static String required(Map<String, String> meta, String key, Path file) throws CheckpointException {
        String v = meta.get(key);
        if (v == null) throw new CheckpointException(file, "metadata lacks " + key);
        return v;
    }

    private static long parseLong(Map<String, String> meta, String key, Path file) throws CheckpointException {
        String v = required(meta, key, file);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, null, -1, key + " is not an integer: " + v, e);
        }
    }

    private static String abbreviate(List<String> names) {
        if (names.size() <= 8) return names.toString();
        return names.subList(0, 8) + " and " + (names.size() - 8) + " more";
    }
}
