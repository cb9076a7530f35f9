package org.pointgrad.nn.io;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model load did.
 *
 * @param file       the checkpoint read
 * @param loaded     model tensors whose data was replaced, in model order
 * @param missing    model tensors absent from the file (left unchanged; always empty after a strict load)
 * @param unexpected file tensors the model does not have (ignored; always empty after a strict load)
 * @param converted  loaded tensors whose dtype was converted under {@link DTypePolicy#CONVERT}
 * @param config     the file's metadata without pointgrad's own {@code pointgrad.*} keys
 */
public record LoadReport(
        Path file,
        List<String> loaded,
        List<String> missing,
        List<String> unexpected,
        List<String> converted,
        Map<String, String> config) {
    /** Copies the lists and map so the report is immutable. */
    public LoadReport {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        converted = List.copyOf(converted);
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** True when every model tensor was loaded and the file had nothing extra. */
    public boolean isComplete() {
        return missing.isEmpty() && unexpected.isEmpty();
    }
}
