package org.pointgrad.nn.diagnostics;

import java.util.List;

/**
 * Domain knowledge for a {@link GradientFlowReport}: extra plain-language lines about what the flags mean for a
 * particular model (for example that a variance head with no gradient means the reparameterization is miswired).
 * The report always gives the generic reading of each flag first; explainers are set in
 * {@link GradientFlowOptions#withExplainer(FlowExplainer)}.
 */
@FunctionalInterface
public interface FlowExplainer {
    /** Lines explaining {@code report}'s flags, one sentence each; empty when nothing applies. */
    List<String> explain(GradientFlowReport report);

    /** The rows of {@code report} carrying {@code flag}, in model order. */
    static List<ParameterFlow> rowsWith(GradientFlowReport report, FlowFlag flag) {
        return report.rows().stream().filter(r -> r.has(flag)).toList();
    }

    /** Comma-separated names of {@code rows}, as the report prints them. */
    static String names(List<ParameterFlow> rows) {
        return FlowTable.names(rows);
    }
}
