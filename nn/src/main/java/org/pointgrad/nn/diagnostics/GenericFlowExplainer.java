package org.pointgrad.nn.diagnostics;

import static org.pointgrad.nn.diagnostics.FlowExplainer.rowsWith;
import static org.pointgrad.nn.diagnostics.FlowTable.names;
import static org.pointgrad.nn.diagnostics.FlowTable.num;

import java.util.ArrayList;
import java.util.List;

/** The reading of each flag that holds for any model. */
final class GenericFlowExplainer implements FlowExplainer {
    static final GenericFlowExplainer INSTANCE = new GenericFlowExplainer();

    private GenericFlowExplainer() {}

    @Override
    public List<String> explain(GradientFlowReport report) {
        List<String> out = new ArrayList<>();
        List<ParameterFlow> noPath = rowsWith(report, FlowFlag.NO_GRAD_PATH);
        if (!noPath.isEmpty()) {
            out.add("NO_GRAD_PATH " + names(noPath) + ": not connected to the loss, so these never train; their"
                    + " output is never used by the loss (e.g. a head computed but left out of the loss, or a loss"
                    + " term not added).");
        }
        List<ParameterFlow> zero = rowsWith(report, FlowFlag.ZERO_GRAD);
        if (!zero.isEmpty()) {
            out.add("ZERO_GRAD " + names(zero) + ": connected but with exactly zero gradient (a factor of 0 such as"
                    + " a loss weight of 0, inactive ReLUs, a clamp outside its range, or backward not run yet).");
        }
        for (ParameterFlow r : rowsWith(report, FlowFlag.DEAD_UNITS)) {
            out.add("DEAD_UNITS " + r.name() + ": " + r.deadUnits() + " of " + r.units()
                    + " output units got zero gradient for the whole batch (e.g. ReLU units that never activate;"
                    + " check bias init and learning rate).");
        }
        for (ParameterFlow r : rowsWith(report, FlowFlag.EXPLODING)) {
            out.add("EXPLODING " + r.name() + ": gradient norm " + num(r.gradNorm())
                    + (r.nonFinite() > 0 ? " with " + r.nonFinite() + " NaN/infinite entries" : "")
                    + " (threshold " + num(report.options().explodingThreshold())
                    + "); lower the learning rate or loss scale, or clip gradients.");
        }
        List<ParameterFlow> notUpdated = rowsWith(report, FlowFlag.NOT_UPDATED);
        if (!notUpdated.isEmpty()) {
            out.add("NOT_UPDATED " + names(notUpdated) + ": the step left them unchanged (no or zero gradient, learning"
                    + " rate 0, or not given to the optimizer).");
        }
        return out;
    }
}
