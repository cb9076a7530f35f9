package org.pointgrad.nn.io;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pointgrad.autodiff.Tensor;

/**
 * The verified contents of a safetensors file: tensors by name (in header order), their header entries, and the
 * string metadata. Tensors are fresh leaves that own their data.
 */
public final class SafeTensorsFile {
    private final Path path;
    private final Map<String, Tensor> tensors;
    private final Map<String, TensorInfo> infos;
    private final Map<String, String> metadata;

    SafeTensorsFile(
            Path path, Map<String, Tensor> tensors, Map<String, TensorInfo> infos, Map<String, String> metadata) {
        this.path = path;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.infos = Collections.unmodifiableMap(new LinkedHashMap<>(infos));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The file these contents came from. */
    public Path path() {
        return path;
    }

    /** All tensors by name, in header order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The tensor called {@code name}; a missing name is a {@link CheckpointException} naming the file. */
    public Tensor tensor(String name) throws CheckpointException {
        Tensor t = tensors.get(name);
        if (t == null) throw new CheckpointException(path, name, -1, "no such tensor in the file", null);
        return t;
    }

    /** Header entries (stored dtype, shape, offsets) by name. */
    public Map<String, TensorInfo> infos() {
        return infos;
    }

    /** The {@code __metadata__} strings, including the ones pointgrad adds (keys starting with {@code pointgrad.}). */
    public Map<String, String> metadata() {
        return metadata;
    }
}
