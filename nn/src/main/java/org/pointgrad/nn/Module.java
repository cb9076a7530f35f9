package org.pointgrad.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pointgrad.autodiff.Tensor;

/**
 * A model part with named, hierarchical parameters ({@code encoder.mu.weight}), buffers (non-trained state such as
 * BatchNorm's running statistics) and child modules, in registration order. Parameters are leaf tensors with
 * {@code requiresGrad}; optimizers and checkpoints update their data in place, so references stay valid.
 */
public abstract class Module {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a parameter under {@code name} (marks it requiresGrad) and returns it. */
    protected Tensor registerParameter(String name, Tensor t) {
        checkName(name);
        params.put(name, Objects.requireNonNull(t, name).requiresGrad(true));
        return t;
    }

    /** Registers a buffer (saved in checkpoints, not trained) and returns it. */
    protected Tensor registerBuffer(String name, Tensor t) {
        checkName(name);
        buffers.put(name, Objects.requireNonNull(t, name));
        return t;
    }

    /** Registers a child module under {@code name} and returns it. */
    protected <M extends Module> M registerModule(String name, M m) {
        checkName(name);
        children.put(name, Objects.requireNonNull(m, name));
        return m;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(
                    "module member name must be non-empty and contain no '.', got '" + name + "'");
        }
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("module member '" + name + "' registered twice in "
                    + getClass().getSimpleName());
        }
    }

    /** All parameters with dotted hierarchical names, in registration order. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true);
        return Collections.unmodifiableMap(out);
    }

    /** All buffers with dotted hierarchical names. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false);
        return Collections.unmodifiableMap(out);
    }

    /** Parameters and buffers together: what a checkpoint saves. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>(namedParameters());
        out.putAll(namedBuffers());
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean parameters) {
        for (var e : (parameters ? params : buffers).entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().collect(prefix + e.getKey() + ".", out, parameters);
    }

    /** All parameters in registration order. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Direct children by name. */
    public Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Total number of parameter elements. */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : namedParameters().values()) n += t.numel();
        return n;
    }

    /** Clears the gradients of all parameters. */
    public void zeroGrad() {
        for (Tensor t : namedParameters().values()) t.zeroGrad();
    }

    /** Sets training (true) or evaluation (false) mode on this module and all children; returns this. */
    public Module train(boolean on) {
        training = on;
        for (Module m : children.values()) m.train(on);
        return this;
    }

    /** Evaluation mode (no dropout, running statistics, no sampling); returns this. */
    public Module eval() {
        return train(false);
    }

    /** True in training mode, false after {@link #eval()}. */
    public boolean isTraining() {
        return training;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + parameterCount() + " parameters)";
    }
}
