package org.pointgrad.vae.diagnostics;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.pointgrad.nn.Module;
import org.pointgrad.nn.diagnostics.FlowFlag;
import org.pointgrad.nn.diagnostics.GradientFlowMonitor;
import org.pointgrad.nn.diagnostics.GradientFlowReport;
import org.pointgrad.nn.diagnostics.ParameterFlow;
import org.pointgrad.vae.train.TrainStep;

/**
 * The gradient-flow report (from nn) of the encoder's mu and logvar heads around one optimizer step per epoch:
 * it flags a logvar (sigma) head that gets no gradient, the classic silently dead head of a VAE.
 */
public final class HeadFlow implements TrainStep.StepHook {
    private final GradientFlowMonitor monitor;
    private final boolean logvarUsed;
    private GradientFlowReport last;

    /** With {@code logvarUsed} false (the plain autoencoder) the logvar head is expected to get no gradient. */
    public HeadFlow(Module model, boolean logvarUsed) {
        this.monitor = new GradientFlowMonitor(model, VaeFlowExplainer.options());
        this.logvarUsed = logvarUsed;
    }

    /** Call after zeroGrad and backward, right before the optimizer step. */
    @Override
    public void beforeStep() {
        monitor.beforeStep();
    }

    /** Call right after the optimizer step. */
    @Override
    public void afterStep() {
        last = monitor.afterStep();
    }

    /** The last full report, or null before the first measured step. */
    public GradientFlowReport report() {
        return last;
    }

    /** Compact flags for the metrics row, e.g. {@code mu:ok logvar:ok} or {@code logvar:NO_GRAD_PATH}. */
    public String flags() {
        return "mu:" + headFlags("encoder.mu.") + " logvar:"
                + (logvarUsed ? headFlags("encoder.logvar.") : "unused(ae)");
    }

    private String headFlags(String prefix) {
        if (last == null) return "unmeasured";
        Set<FlowFlag> flags = EnumSet.noneOf(FlowFlag.class);
        boolean any = false;
        for (ParameterFlow p : last.rows()) {
            if (!p.name().startsWith(prefix)) continue;
            any = true;
            flags.addAll(p.flags());
        }
        if (!any) return "absent";
        if (flags.isEmpty()) return "ok";
        List<String> names = new ArrayList<>();
        for (FlowFlag f : flags) names.add(f.name());
        return String.join("+", names);
    }

    /** A sentence when a head is not learning, or null. */
    public String problem() {
        List<String> bad = new ArrayList<>();
        for (String head : logvarUsed ? new String[] {"mu", "logvar"} : new String[] {"mu"}) {
            String f = headFlags("encoder." + head + ".");
            if (!f.equals("ok") && !f.equals("unmeasured")) bad.add(head + " head " + f);
        }
        if (bad.isEmpty()) return null;
        StringBuilder sb = new StringBuilder("WARNING: gradient flow: " + String.join(", ", bad));
        for (String e : last.explanations()) {
            if (e.contains("encoder.mu.") || (logvarUsed && e.contains("encoder.logvar.")))
                sb.append('\n').append(e);
        }
        return sb.toString();
    }
}
