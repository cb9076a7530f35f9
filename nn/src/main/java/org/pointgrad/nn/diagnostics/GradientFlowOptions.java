package org.pointgrad.nn.diagnostics;

import java.util.List;
import java.util.Locale;

/**
 * Settings of a {@link GradientFlowReport}.
 *
 * @param explodingThreshold gradient L2 norm above which a parameter is flagged {@link FlowFlag#EXPLODING}
 * @param defaultUnitAxis    which axis of a 2-D weight indexes output units when no sibling bias decides it
 *                           (0: rows, as in a {@code [out, in]} weight; 1: columns, as in {@code x.matmul(w)} with
 *                           {@code w} shaped {@code [in, out]})
 * @param varianceHeadNames  lower-case name fragments that mark a VAE variance head ({@code logvar}, {@code sigma}...)
 *                           so the report can explain its typical failure modes
 */
public record GradientFlowOptions(double explodingThreshold, int defaultUnitAxis, List<String> varianceHeadNames) {
    /** Validates. */
    public GradientFlowOptions {
        if (!(explodingThreshold > 0)) throw new IllegalArgumentException("explodingThreshold must be > 0, got " + explodingThreshold);
        if (defaultUnitAxis != 0 && defaultUnitAxis != 1) throw new IllegalArgumentException("defaultUnitAxis must be 0 or 1, got " + defaultUnitAxis);
        varianceHeadNames = varianceHeadNames.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** Threshold 1e3, unit axis 0 (rows), variance heads named like logvar/log_var/sigma/std/variance. */
    public static GradientFlowOptions defaults() {
        return new GradientFlowOptions(1e3, 0, List.of("logvar", "log_var", "logsigma", "log_sigma", "sigma", "std", "variance"));
    }

    /** A copy with another exploding threshold. */
    public GradientFlowOptions withExplodingThreshold(double threshold) {
        return new GradientFlowOptions(threshold, defaultUnitAxis, varianceHeadNames);
    }

    /** A copy with another default unit axis. */
    public GradientFlowOptions withDefaultUnitAxis(int axis) {
        return new GradientFlowOptions(explodingThreshold, axis, varianceHeadNames);
    }

    /** True when {@code parameterName} looks like part of a variance head. */
    boolean isVarianceHead(String parameterName) {
        String lower = parameterName.toLowerCase(Locale.ROOT);
        for (String s : varianceHeadNames) if (lower.contains(s)) return true;
        return false;
    }
}
