package org.pointgrad.nn.diagnostics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;

/**
 * Per-parameter gradient health after {@code backward()}: gradient norm, fraction of exactly-zero entries,
 * connection to the loss, dead output units, and (when a step was measured with {@link GradientFlowMonitor}) the
 * update-to-weight ratio, with {@link FlowFlag}s for what looks wrong and plain-language explanations.
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

    private GradientFlowReport(List<ParameterFlow> rows, ReachabilitySource source, boolean modelTraining,
                               GradientFlowOptions options, List<String> notes) {
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
        return build(model, reachable, null, options);
    }

    /**
     * Names of {@code model}'s parameters that the loss depends on, by walking {@link Tensor#inputs()} from
     * {@code loss} iteratively (deep graphs do not overflow the stack). Call before {@code backward()}, which frees
     * the graph. A parameter shared under several names yields all of them.
     *
     * @throws IllegalStateException when the loss's graph was already freed by backward
     */
    public static Set<String> reachableParameters(Tensor loss, Module model) {
        Objects.requireNonNull(loss, "loss");
        if (loss.opName() != null && loss.inputs().length == 0) {
            throw new IllegalStateException("reachableParameters: the graph of the loss (op " + loss.opName()
                    + ") was already freed by backward(); call it before backward(), or use GradientFlowReport.of(model) after zeroGrad() + backward()");
        }
        Map<Tensor, List<String>> names = new IdentityHashMap<>();
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            names.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
        }
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        stack.push(loss);
        seen.put(loss, Boolean.TRUE);
        Set<String> found = new LinkedHashSet<>();
        while (!stack.isEmpty()) {
            Tensor t = stack.pop();
            List<String> n = names.get(t);
            if (n != null) found.addAll(n);
            for (Tensor in : t.inputs()) {
                if (in != null && seen.put(in, Boolean.TRUE) == null) stack.push(in);
            }
        }
        // Report in model order, not discovery order.
        Set<String> ordered = new LinkedHashSet<>();
        for (String name : model.namedParameters().keySet()) if (found.contains(name)) ordered.add(name);
        return Collections.unmodifiableSet(ordered);
    }

    static GradientFlowReport build(Module model, Set<String> reachable, Map<String, double[]> before, GradientFlowOptions options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        Map<String, Tensor> params = model.namedParameters();
        List<ParameterFlow> rows = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            String name = e.getKey();
            Tensor w = e.getValue();
            Tensor g = w.grad();
            boolean hasGrad = g != null;
            boolean connected = reachable == null ? hasGrad : reachable.contains(name);
            if (!connected && hasGrad) stale.add(name);
            EnumSet<FlowFlag> flags = EnumSet.noneOf(FlowFlag.class);

            double gradNorm = Double.NaN;
            double zeroFraction = Double.NaN;
            int nonFinite = 0;
            int dead = -1;
            int units = -1;
            if (hasGrad) {
                double sq = 0;
                int zeros = 0;
                int n = g.numel();
                for (int i = 0; i < n; i++) {
                    double v = g.getFlat(i);
                    if (v == 0) zeros++;
                    if (!Double.isFinite(v)) nonFinite++;
                    sq += v * v;
                }
                gradNorm = Math.sqrt(sq);
                zeroFraction = n == 0 ? 0 : (double) zeros / n;
                if (w.dim() == 2) {
                    int axis = unitAxis(name, w, params, options);
                    units = w.size(axis);
                    dead = deadUnits(g, axis);
                }
                if (connected && zeros == n) flags.add(FlowFlag.ZERO_GRAD);
                if (connected && dead > 0 && dead < units) flags.add(FlowFlag.DEAD_UNITS);
                if (nonFinite > 0 || gradNorm > options.explodingThreshold()) flags.add(FlowFlag.EXPLODING);
            } else if (connected) {
                flags.add(FlowFlag.ZERO_GRAD);
            }
            if (!connected) flags.add(FlowFlag.NO_GRAD_PATH);

            double weightNorm;
            double updateNorm = Double.NaN;
            double ratio = Double.NaN;
            double[] old = before == null ? null : before.get(name);
            if (old != null) {
                double wsq = 0;
                double asq = 0;
                double dsq = 0;
                for (int i = 0; i < old.length; i++) {
                    double now = w.getFlat(i);
                    wsq += old[i] * old[i];
                    asq += now * now;
                    double d = now - old[i];
                    dsq += d * d;
                }
                weightNorm = Math.sqrt(wsq);
                updateNorm = Math.sqrt(dsq);
                double denominator = weightNorm > 0 ? weightNorm : Math.sqrt(asq);
                ratio = denominator > 0 ? updateNorm / denominator : 0;
                // NaN compares unequal, so a NaN update never counts as "not updated".
                if (updateNorm == 0) flags.add(FlowFlag.NOT_UPDATED);
            } else {
                double wsq = 0;
                for (int i = 0; i < w.numel(); i++) wsq += w.getFlat(i) * w.getFlat(i);
                weightNorm = Math.sqrt(wsq);
            }
            rows.add(new ParameterFlow(name, w.shape(), connected, hasGrad, gradNorm, zeroFraction, nonFinite, dead, units,
                    weightNorm, updateNorm, ratio, flags));
        }
        List<String> notes = new ArrayList<>();
        if (!params.isEmpty() && rows.stream().noneMatch(ParameterFlow::hasGrad)) {
            notes.add("no parameter has a gradient: was backward() run on the loss before building the report?");
        }
        if (!stale.isEmpty()) {
            notes.add(String.join(", ", stale) + ": not connected to this loss but holding a gradient, so it is stale from an"
                    + " earlier backward(); call zeroGrad() before each backward()");
        }
        return new GradientFlowReport(rows, reachable == null ? ReachabilitySource.GRADIENT_PRESENCE : ReachabilitySource.GRAPH_WALK,
                model.isTraining(), options, notes);
    }

    /**
     * The output-unit axis of a 2-D weight: a sibling 1-D {@code bias} whose length matches exactly one axis decides
     * it (so both {@code [out, in]} and {@code [in, out]} layouts work); otherwise the configured default.
     */
    private static int unitAxis(String name, Tensor w, Map<String, Tensor> params, GradientFlowOptions options) {
        int dot = name.lastIndexOf('.');
        Tensor bias = params.get((dot < 0 ? "" : name.substring(0, dot + 1)) + "bias");
        if (bias != null && bias.dim() == 1) {
            int k = bias.size(0);
            boolean rows = w.size(0) == k;
            boolean cols = w.size(1) == k;
            if (rows && !cols) return 0;
            if (cols && !rows) return 1;
        }
        return options.defaultUnitAxis();
    }

    private static int deadUnits(Tensor g, int axis) {
        int r = g.size(0);
        int c = g.size(1);
        int units = axis == 0 ? r : c;
        int span = axis == 0 ? c : r;
        int dead = 0;
        for (int u = 0; u < units; u++) {
            boolean allZero = true;
            for (int k = 0; k < span && allZero; k++) {
                double v = axis == 0 ? g.getFlat(u * c + k) : g.getFlat(k * c + u);
                allZero = v == 0;
            }
            if (allZero) dead++;
        }
        return dead;
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

    /** Plain-language explanations of the flags found (and of stale gradients), one line each. */
    public List<String> explanations() {
        List<String> out = new ArrayList<>(notes);
        Map<FlowFlag, List<ParameterFlow>> by = new EnumMap<>(FlowFlag.class);
        for (ParameterFlow r : rows) for (FlowFlag f : r.flags()) by.computeIfAbsent(f, k -> new ArrayList<>()).add(r);

        List<ParameterFlow> noPath = by.getOrDefault(FlowFlag.NO_GRAD_PATH, List.of());
        if (!noPath.isEmpty()) {
            out.add("NO_GRAD_PATH " + names(noPath) + ": not connected to the loss, so these never train; their output is"
                    + " never used by the loss (e.g. z computed from mu only, or a loss term such as the KL not added).");
            List<ParameterFlow> var = noPath.stream().filter(r -> options.isVarianceHead(r.name())).toList();
            if (!var.isEmpty()) {
                out.add("NO_GRAD_PATH " + names(var) + " look like a variance head: check that z = mu + exp(0.5*logvar)*eps"
                        + " uses this head, and that the KL term is added and uses the same head.");
            }
        }
        List<ParameterFlow> zero = by.getOrDefault(FlowFlag.ZERO_GRAD, List.of());
        List<ParameterFlow> zeroVar = zero.stream().filter(r -> options.isVarianceHead(r.name())).toList();
        List<ParameterFlow> zeroOther = zero.stream().filter(r -> !options.isVarianceHead(r.name())).toList();
        if (!zeroVar.isEmpty()) {
            out.add("ZERO_GRAD " + names(zeroVar) + ": connected but with exactly zero gradient. sigma receives no gradient"
                    + " from the reconstruction term when sampling is off (z = mu" + (modelTraining ? "" : "; the model is in eval mode")
                    + "); only the KL term can train it, and its weight (beta) is 0 or its path is cut.");
        }
        if (!zeroOther.isEmpty()) {
            out.add("ZERO_GRAD " + names(zeroOther) + ": connected but with exactly zero gradient (a factor of 0 such as"
                    + " beta=0, inactive ReLUs, a clamp outside its range, or backward not run yet).");
        }
        for (ParameterFlow r : by.getOrDefault(FlowFlag.DEAD_UNITS, List.of())) {
            out.add("DEAD_UNITS " + r.name() + ": " + r.deadUnits() + " of " + r.units() + " output units got zero gradient for"
                    + " the whole batch (e.g. ReLU units that never activate; check bias init and learning rate).");
        }
        for (ParameterFlow r : by.getOrDefault(FlowFlag.EXPLODING, List.of())) {
            out.add("EXPLODING " + r.name() + ": gradient norm " + num(r.gradNorm())
                    + (r.nonFinite() > 0 ? " with " + r.nonFinite() + " NaN/infinite entries" : "")
                    + " (threshold " + num(options.explodingThreshold()) + "); lower the learning rate or loss scale, or clip gradients.");
        }
        List<ParameterFlow> notUpdated = by.getOrDefault(FlowFlag.NOT_UPDATED, List.of());
        if (!notUpdated.isEmpty()) {
            out.add("NOT_UPDATED " + names(notUpdated) + ": the step left them unchanged (no or zero gradient, learning"
                    + " rate 0, or not given to the optimizer).");
        }
        return out;
    }

    /** One line: how many parameters, and which are flagged with what. */
    public String summary() {
        List<ParameterFlow> f = flagged();
        StringBuilder sb = new StringBuilder("gradient flow: ").append(rows.size()).append(" parameters, ");
        if (f.isEmpty()) return sb.append("none flagged").toString();
        sb.append(f.size()).append(" flagged:");
        for (FlowFlag flag : FlowFlag.values()) {
            List<String> names = namesWith(flag);
            if (!names.isEmpty()) sb.append(' ').append(flag).append(' ').append(String.join(", ", names)).append(';');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /** The rows as an aligned text table, followed by the summary and the explanations. */
    public String toTable() {
        boolean step = stepMeasured();
        List<String> header = new ArrayList<>(List.of("parameter", "shape", "grad_norm", "zero%", "reach", "dead"));
        if (step) header.addAll(List.of("update_norm", "upd/w"));
        header.add("flags");
        List<List<String>> cells = new ArrayList<>();
        cells.add(header);
        for (ParameterFlow r : rows) {
            List<String> c = new ArrayList<>();
            c.add(r.name());
            c.add(Arrays.toString(r.shape()).replace(" ", ""));
            c.add(r.hasGrad() ? num(r.gradNorm()) : "-");
            c.add(r.hasGrad() ? String.format(Locale.ROOT, "%.1f", 100 * r.zeroFraction()) : "-");
            c.add(r.reachable() ? "yes" : "NO");
            c.add(r.units() >= 0 ? r.deadUnits() + "/" + r.units() : "-");
            if (step) {
                c.add(r.stepMeasured() ? num(r.updateNorm()) : "-");
                c.add(r.stepMeasured() ? num(r.updateRatio()) : "-");
            }
            c.add(r.flags().isEmpty() ? "" : r.flags().toString().replace("[", "").replace("]", ""));
            cells.add(c);
        }
        int[] width = new int[header.size()];
        for (List<String> row : cells) for (int i = 0; i < row.size(); i++) width[i] = Math.max(width[i], row.get(i).length());
        StringBuilder sb = new StringBuilder();
        for (List<String> row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String v = row.get(i);
                boolean left = i == 0 || i == 1 || i == row.size() - 1;
                String pad = " ".repeat(width[i] - v.length());
                line.append(i == 0 ? "" : "  ").append(left ? v + pad : pad + v);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append(summary()).append('\n');
        sb.append("reachability: ").append(source == ReachabilitySource.GRAPH_WALK ? "graph walk from the loss" : "inferred from grad() != null").append('\n');
        for (String e : explanations()) sb.append("  * ").append(e).append('\n');
        return sb.toString();
    }

    private static String names(List<ParameterFlow> rows) {
        return String.join(", ", rows.stream().map(ParameterFlow::name).toList());
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3e", v) : String.valueOf(v);
    }

    @Override
    public String toString() {
        return toTable();
    }
}
