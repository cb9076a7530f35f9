package org.pointgrad.vae.diagnostics;

import static org.pointgrad.nn.diagnostics.FlowExplainer.names;
import static org.pointgrad.nn.diagnostics.FlowExplainer.rowsWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pointgrad.nn.diagnostics.FlowExplainer;
import org.pointgrad.nn.diagnostics.FlowFlag;
import org.pointgrad.nn.diagnostics.GradientFlowOptions;
import org.pointgrad.nn.diagnostics.GradientFlowReport;
import org.pointgrad.nn.diagnostics.ParameterFlow;

/**
 * What the gradient-flow flags mean for a VAE's variance head (parameters named like {@code logvar} or
 * {@code sigma}): no gradient path means the reparameterization or the KL term does not use the head; a zero
 * gradient with sampling off means only the KL term could train it.
 */
public final class VaeFlowExplainer implements FlowExplainer {
    /** Lower-case name fragments that mark a variance head. */
    public static final List<String> VARIANCE_HEAD_NAMES =
            List.of("logvar", "log_var", "logsigma", "log_sigma", "sigma", "std", "variance");

    private final List<String> headNames;

    /** Recognizes the heads named in {@link #VARIANCE_HEAD_NAMES}. */
    public VaeFlowExplainer() {
        this(VARIANCE_HEAD_NAMES);
    }

    /** Recognizes parameters whose name contains one of {@code headNames} (case-insensitive). */
    public VaeFlowExplainer(List<String> headNames) {
        this.headNames = headNames.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** The default report options with this explainer. */
    public static GradientFlowOptions options() {
        return GradientFlowOptions.defaults().withExplainer(new VaeFlowExplainer());
    }

    /** True when {@code parameterName} looks like part of a variance head. */
    public boolean isVarianceHead(String parameterName) {
        String lower = parameterName.toLowerCase(Locale.ROOT);
        for (String s : headNames) if (lower.contains(s)) return true;
        return false;
    }

    @Override
    public List<String> explain(GradientFlowReport report) {
        List<String> out = new ArrayList<>();
        List<ParameterFlow> noPath = heads(rowsWith(report, FlowFlag.NO_GRAD_PATH));
        if (!noPath.isEmpty()) {
            out.add("NO_GRAD_PATH " + names(noPath) + " look like a variance head: check that"
                    + " z = mu + exp(0.5*logvar)*eps uses this head, and that the KL term is added and uses the same"
                    + " head.");
        }
        List<ParameterFlow> zero = heads(rowsWith(report, FlowFlag.ZERO_GRAD));
        if (!zero.isEmpty()) {
            out.add("ZERO_GRAD " + names(zero) + ": connected but with exactly zero gradient. sigma receives no"
                    + " gradient from the reconstruction term when sampling is off (z = mu"
                    + (report.modelTraining() ? "" : "; the model is in eval mode")
                    + "); only the KL term can train it, and its weight (beta) is 0 or its path is cut.");
        }
        return out;
    }

    private List<ParameterFlow> heads(List<ParameterFlow> rows) {
        return rows.stream().filter(r -> isVarianceHead(r.name())).toList();
    }
}
