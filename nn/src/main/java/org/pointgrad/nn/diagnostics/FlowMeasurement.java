package org.pointgrad.nn.diagnostics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;

/** The measuring part of a {@link GradientFlowReport}: connection to the loss, gradient and update statistics. */
final class FlowMeasurement {
    private FlowMeasurement() {}

    /** See {@link GradientFlowReport#reachableParameters(Tensor, Module)}. */
    static Set<String> reachableParameters(Tensor loss, Module model) {
        Objects.requireNonNull(loss, "loss");
        if (loss.opName() != null && loss.inputs().length == 0) {
            throw new IllegalStateException("reachableParameters: the graph of the loss (op " + loss.opName()
                    + ") was already freed by backward(); call it before backward(), or use"
                    + " GradientFlowReport.of(model) after zeroGrad() + backward()");
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

    /**
     * Measures every parameter right after backward: connection from {@code reachable} (null: gradient presence),
     * update from {@code before} (values before the step; null: no step measured).
     */
    static GradientFlowReport build(
            Module model, Set<String> reachable, Map<String, double[]> before, GradientFlowOptions options) {
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
            rows.add(new ParameterFlow(
                    name,
                    w.shape(),
                    connected,
                    hasGrad,
                    gradNorm,
                    zeroFraction,
                    nonFinite,
                    dead,
                    units,
                    weightNorm,
                    updateNorm,
                    ratio,
                    flags));
        }
        List<String> notes = new ArrayList<>();
        if (!params.isEmpty() && rows.stream().noneMatch(ParameterFlow::hasGrad)) {
            notes.add("no parameter has a gradient: was backward() run on the loss before building the report?");
        }
        if (!stale.isEmpty()) {
            notes.add(String.join(", ", stale) + ": not connected to this loss but holding a gradient, so it is stale"
                    + " from an earlier backward(); call zeroGrad() before each backward()");
        }
        ReachabilitySource source =
                reachable == null ? ReachabilitySource.GRADIENT_PRESENCE : ReachabilitySource.GRAPH_WALK;
        return new GradientFlowReport(rows, source, model.isTraining(), options, notes);
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
}
