package org.pointgrad.nn.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;

/**
 * Per-parameter gradient health after {@code backward()}: gradient norm, fraction of exactly-zero entries,
 * connection to the loss, dead output units, and (when a step was measured with {@link GradientFlowMonitor}) the
 * update-to-weight ratio, with {@link FlowFlag}s for what looks wrong and plain-language explanations. Measuring,
 * explaining ({@link FlowExplainer}) and formatting live in their own classes; this one holds the result.
 *
 * <p>Connection to the loss is decided one of two ways ({@link #reachabilitySource()}):
 * <ul>
 *   <li>{@link ReachabilitySource#GRAPH_WALK}: {@link #reachableParameters(Tensor, Module)} walks the loss's graph
 *       <em>before</em> backward (backward frees it). Exact. {@link GradientFlowMonitor#watch(Tensor)} does this.</li>
 *   <li>{@link ReachabilitySource#GRADIENT_PRESENCE}: {@link #of(Module)} after backward treats
 *       {@code grad() == null} as not connected. Exact only when gradients were cleared to null before backward
 *       ({@code model.zeroGrad()} / {@code optimizer.zeroGrad()}).</li>
 * </ul>
 *
 * <p>Row order is {@link Module#namedParameters()} order. The report is immutable.
 */
public final class GradientFlowReport {
    private final List<ParameterFlow> rows;
    private final ReachabilitySource source;
    private final boolean modelTraining;
    private final GradientFlowOptions options;
    private final List<String> notes;

    GradientFlowReport(
            List<ParameterFlow> rows,
            ReachabilitySource source,
            boolean modelTraining,
            GradientFlowOptions options,
            List<String> notes) {
        this.rows = List.copyOf(rows);
        this.source = source;
        this.modelTraining = modelTraining;
        this.options = options;
        this.notes = List.copyOf(notes);
    }

    // ---------------------------------------------------------------- construction

    /** Report right after backward, inferring connection from gradient presence (zero gradients to null first). */
    public static GradientFlowReport of(Module model) {
        return of(model, null, GradientFlowOptions.defaults());
    }

    /** As {@link #of(Module)} with options. */
    public static GradientFlowReport of(Module model, GradientFlowOptions options) {
        return of(model, null, options);
    }

    /**
     * Report right after backward with connection taken from {@code reachable} (names from
     * {@link #reachableParameters}, computed before backward); null means infer from gradient presence.
     */
    public static GradientFlowReport of(Module model, Set<String> reachable, GradientFlowOptions options) {
        return FlowMeasurement.build(model, reachable, null, options);
    }

    /**
     * Names of {@code model}'s parameters that the loss depends on, by walking {@link Tensor#inputs()} from
     * {@code loss} iteratively (deep graphs do not overflow the stack). Call before {@code backward()}, which frees
     * the graph. A parameter shared under several names yields all of them.
     *
     * @throws IllegalStateException when the loss's graph was already freed by backward
     */
    public static Set<String> reachableParameters(Tensor loss, Module model) {
        return FlowMeasurement.reachableParameters(loss, model);
    }

    // ---------------------------------------------------------------- data

    /** One row per named parameter, in model order. */
    public List<ParameterFlow> rows() {
        return rows;
    }

    /** The row of {@code name}. */
    public ParameterFlow row(String name) {
        for (ParameterFlow r : rows) if (r.name().equals(name)) return r;
        throw new IllegalArgumentException("no parameter named '" + name + "' in this report");
    }

    /** Rows with at least one flag. */
    public List<ParameterFlow> flagged() {
        return rows.stream().filter(r -> !r.flags().isEmpty()).toList();
    }

    /** Parameter names carrying {@code flag}, in model order. */
    public List<String> namesWith(FlowFlag flag) {
        return rows.stream().filter(r -> r.has(flag)).map(ParameterFlow::name).toList();
    }

    /** How connection to the loss was decided. */
    public ReachabilitySource reachabilitySource() {
        return source;
    }

    /** True when an optimizer step was measured (update columns filled). */
    public boolean stepMeasured() {
        return rows.stream().anyMatch(ParameterFlow::stepMeasured);
    }

    /** Whether the model was in training mode when the report was taken. */
    public boolean modelTraining() {
        return modelTraining;
    }

    /** The options the report was taken with. */
    public GradientFlowOptions options() {
        return options;
    }

    /** Notes about the measurement itself (stale gradients, no gradient at all), one line each. */
    public List<String> notes() {
        return notes;
    }

    /**
     * Plain-language explanations, one line each: the notes, the generic reading of each flag, then the lines of
     * every {@link FlowExplainer} in the options (domain knowledge such as a VAE's variance head).
     */
    public List<String> explanations() {
        List<String> out = new ArrayList<>(notes);
        out.addAll(GenericFlowExplainer.INSTANCE.explain(this));
        for (FlowExplainer e : options.explainers()) out.addAll(e.explain(this));
        return out;
    }

    /** One line: how many parameters, and which are flagged with what. */
    public String summary() {
        return FlowTable.summary(this);
    }

    /** The rows as an aligned text table, followed by the summary and the explanations. */
    public String toTable() {
        return FlowTable.format(this);
    }

    @Override
    public String toString() {
        return toTable();
    }
}
