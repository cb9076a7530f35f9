package org.pointgrad.nn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.pointgrad.autodiff.Tensor;

/**
 * Updates named parameters in place from their gradients. State (moments, step count) is keyed by parameter name
 * so it can be saved next to the model and restored to resume training exactly.
 */
public abstract class Optimizer {
    /** The parameters by name, in registration order. */
    protected final Map<String, Tensor> params;
    /** The current learning rate. */
    protected double learningRate;
    /** Steps taken so far. */
    protected long steps;

    /** An optimizer over {@code namedParameters} (at least one) with learning rate {@code learningRate >= 0}. */
    protected Optimizer(Map<String, Tensor> namedParameters, double learningRate) {
        Objects.requireNonNull(namedParameters, "namedParameters");
        if (namedParameters.isEmpty())
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimize");
        if (!(learningRate >= 0))
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + ": learning rate must be >= 0, got " + learningRate);
        this.params = new LinkedHashMap<>(namedParameters);
        this.learningRate = learningRate;
    }

    /** Applies one update using the current gradients (parameters without a gradient are skipped). */
    public abstract void step();

    /** Clears all parameter gradients. */
    public void zeroGrad() {
        for (Tensor p : params.values()) p.zeroGrad();
    }

    /** The current learning rate. */
    public double learningRate() {
        return learningRate;
    }

    /** Sets the learning rate (schedules call this each step or epoch). */
    public void setLearningRate(double lr) {
        if (!(lr >= 0)) throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
        this.learningRate = lr;
    }

    /** Number of steps taken. */
    public long stepCount() {
        return steps;
    }

    /** The parameters this optimizer updates, by name. */
    public Map<String, Tensor> parameters() {
        return Collections.unmodifiableMap(params);
    }

    /** The optimizer's state as named tensors (e.g. {@code exp_avg.encoder.fc.weight}, {@code step}). */
    public abstract Map<String, Tensor> stateDict();

    /** Restores state saved by {@link #stateDict()}; a missing or mis-shaped entry is an error naming it. */
    public abstract void loadStateDict(Map<String, Tensor> state);
}
