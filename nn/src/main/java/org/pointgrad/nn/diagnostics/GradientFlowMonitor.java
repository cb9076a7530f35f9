package org.pointgrad.nn.diagnostics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;

/**
 * Measures gradient flow around one training step:
 * <pre>{@code
 * GradientFlowMonitor monitor = new GradientFlowMonitor(model);
 * optimizer.zeroGrad();
 * Tensor loss = model.loss(batch);
 * monitor.watch(loss);            // optional, before backward: exact reachability by graph walk
 * loss.backward();
 * monitor.beforeStep();           // snapshot the weights
 * optimizer.step();
 * GradientFlowReport report = monitor.afterStep();
 * }</pre>
 * Without {@link #watch(Tensor)} reachability is inferred from gradient presence (see {@link ReachabilitySource}).
 * {@link #report()} gives the gradient-only report without a step. Each {@code watch}/{@code beforeStep} applies to
 * the next report only.
 */
public final class GradientFlowMonitor {
    private final Module model;
    private final GradientFlowOptions options;
    private Set<String> reachable;
    private Map<String, double[]> snapshot;

    /** Monitors {@code model} with default options. */
    public GradientFlowMonitor(Module model) {
        this(model, GradientFlowOptions.defaults());
    }

    /** Monitors {@code model}. */
    public GradientFlowMonitor(Module model, GradientFlowOptions options) {
        this.model = Objects.requireNonNull(model, "model");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Records which parameters {@code loss} depends on; call before {@code loss.backward()} frees the graph. */
    public void watch(Tensor loss) {
        reachable = GradientFlowReport.reachableParameters(loss, model);
    }

    /** Snapshots every parameter's values; call after backward and right before {@code optimizer.step()}. */
    public void beforeStep() {
        Map<String, double[]> s = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet())
            s.put(e.getKey(), e.getValue().toDoubleArray());
        snapshot = s;
    }

    /** The report including the update of the step since {@link #beforeStep()}. */
    public GradientFlowReport afterStep() {
        if (snapshot == null)
            throw new IllegalStateException(
                    "afterStep() without beforeStep(): call beforeStep() right before optimizer.step()");
        return take(snapshot);
    }

    /** The gradient-only report (no step measured). */
    public GradientFlowReport report() {
        return take(null);
    }

    private GradientFlowReport take(Map<String, double[]> before) {
        GradientFlowReport r = FlowMeasurement.build(model, reachable, before, options);
        reachable = null;
        snapshot = null;
        return r;
    }
}
