package org.pointgrad.nn.diagnostics;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One row of a {@link GradientFlowReport}: the gradient and update statistics of one named parameter.
 * Values that were not measured are {@code NaN} (numbers) or {@code -1} (unit counts).
 *
 * @param name         dotted parameter name
 * @param shape        parameter shape
 * @param reachable    connected to the loss (see {@link GradientFlowReport#reachabilitySource()})
 * @param hasGrad      a gradient tensor is present
 * @param gradNorm     L2 norm of the gradient (NaN without gradient; NaN/infinite if an entry is)
 * @param zeroFraction fraction of gradient entries that are exactly 0 (NaN without gradient)
 * @param nonFinite    number of NaN or infinite gradient entries
 * @param deadUnits    output units of a 2-D weight whose gradient is exactly 0 for all inputs, or -1
 * @param units        output units of a 2-D weight, or -1
 * @param weightNorm   L2 norm of the parameter (before the step when a step was measured)
 * @param updateNorm   L2 norm of the change made by the last measured step, or NaN
 * @param updateRatio  {@code updateNorm / weightNorm} (the norm after the step when the norm before was 0), or NaN
 * @param flags        the problems found
 */
public record ParameterFlow(
        String name,
        int[] shape,
        boolean reachable,
        boolean hasGrad,
        double gradNorm,
        double zeroFraction,
        int nonFinite,
        int deadUnits,
        int units,
        double weightNorm,
        double updateNorm,
        double updateRatio,
        Set<FlowFlag> flags) {
    /** Defensive copies. */
    public ParameterFlow {
        shape = shape.clone();
        flags = flags.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    /** The parameter's shape (a copy). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** True when {@code flag} is set. */
    public boolean has(FlowFlag flag) {
        return flags.contains(flag);
    }

    /** True when a step was measured for this row. */
    public boolean stepMeasured() {
        return !Double.isNaN(updateNorm);
    }
}
