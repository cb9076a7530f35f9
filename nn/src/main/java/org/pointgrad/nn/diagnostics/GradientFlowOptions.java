package org.pointgrad.nn.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link GradientFlowReport}.
 *
 * @param explodingThreshold gradient L2 norm above which a parameter is flagged {@link FlowFlag#EXPLODING}
 * @param defaultUnitAxis    which axis of a 2-D weight indexes output units when no sibling bias decides it
 *                           (0: rows, as in a {@code [out, in]} weight; 1: columns, as in {@code x.matmul(w)} with
 *                           {@code w} shaped {@code [in, out]})
 * @param explainers         model-specific explanations added after the generic ones, in order
 */
public record GradientFlowOptions(double explodingThreshold, int defaultUnitAxis, List<FlowExplainer> explainers) {
    /** Validates. */
    public GradientFlowOptions {
        if (!(explodingThreshold > 0)) {
            throw new IllegalArgumentException("explodingThreshold must be > 0, got " + explodingThreshold);
        }
        if (defaultUnitAxis != 0 && defaultUnitAxis != 1) {
            throw new IllegalArgumentException("defaultUnitAxis must be 0 or 1, got " + defaultUnitAxis);
        }
        explainers = List.copyOf(Objects.requireNonNull(explainers, "explainers"));
    }

    /** Threshold 1e3, unit axis 0 (rows), no model-specific explainers. */
    public static GradientFlowOptions defaults() {
        return new GradientFlowOptions(1e3, 0, List.of());
    }

    /** A copy with another exploding threshold. */
    public GradientFlowOptions withExplodingThreshold(double threshold) {
        return new GradientFlowOptions(threshold, defaultUnitAxis, explainers);
    }

    /** A copy with another default unit axis. */
    public GradientFlowOptions withDefaultUnitAxis(int axis) {
        return new GradientFlowOptions(explodingThreshold, axis, explainers);
    }

    /** A copy that also asks {@code explainer} for explanations. */
    public GradientFlowOptions withExplainer(FlowExplainer explainer) {
        List<FlowExplainer> more = new ArrayList<>(explainers);
        more.add(Objects.requireNonNull(explainer, "explainer"));
        return new GradientFlowOptions(explodingThreshold, defaultUnitAxis, more);
    }
}
