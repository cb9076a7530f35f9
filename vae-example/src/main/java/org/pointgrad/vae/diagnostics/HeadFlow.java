package org.pointgrad.vae.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;

/**
 * Gradient flow of the encoder's mu and logvar heads around one optimizer step: whether each head's parameters
 * received a gradient and moved. This is the check that would have caught the story's dead sigma head.
 */
public final class HeadFlow {
    private final Map<String, Tensor> heads = new java.util.LinkedHashMap<>();
    private final Map<String, double[]> before = new java.util.LinkedHashMap<>();
    private final Map<String, Double> gradNorm = new java.util.LinkedHashMap<>();
    private final Map<String, Double> updateRatio = new java.util.LinkedHashMap<>();

    public HeadFlow(Module model) {
        for (var e : model.namedParameters().entrySet()) {
            if (e.getKey().startsWith("encoder.mu.") || e.getKey().startsWith("encoder.logvar.")) heads.put(e.getKey(), e.getValue());
        }
    }

    /** Call after backward, before the optimizer step. */
    public void beforeStep() {
        before.clear();
        gradNorm.clear();
        for (var e : heads.entrySet()) {
            before.put(e.getKey(), e.getValue().toDoubleArray());
            Tensor g = e.getValue().grad();
            gradNorm.put(e.getKey(), g == null ? -1.0 : norm(g.toDoubleArray()));
        }
    }

    /** Call after the optimizer step. */
    public void afterStep() {
        updateRatio.clear();
        for (var e : heads.entrySet()) {
            double[] b = before.get(e.getKey());
            double[] a = e.getValue().toDoubleArray();
            double d = 0, w = 0;
            for (int i = 0; i < a.length; i++) {
                d += (a[i] - b[i]) * (a[i] - b[i]);
                w += b[i] * b[i];
            }
            updateRatio.put(e.getKey(), Math.sqrt(d) / Math.max(Math.sqrt(w), 1e-30));
        }
    }

    /** Compact flags for the metrics row, e.g. {@code mu:ok logvar:ok} or {@code logvar:NO_GRAD_PATH}. */
    public String flags() {
        return "mu:" + headFlag("encoder.mu.") + " logvar:" + headFlag("encoder.logvar.");
    }

    private String headFlag(String prefix) {
        boolean any = false;
        String worst = "ok";
        for (String name : heads.keySet()) {
            if (!name.startsWith(prefix)) continue;
            any = true;
            Double g = gradNorm.get(name), u = updateRatio.get(name);
            if (g == null) return "unmeasured";
            if (g < 0) return "NO_GRAD_PATH";
            if (g == 0) worst = "ZERO_GRAD";
            else if (u != null && u == 0 && worst.equals("ok")) worst = "NOT_UPDATED";
        }
        return any ? worst : "absent";
    }

    /** A sentence when a head is not learning, or null. */
    public String problem() {
        List<String> bad = new ArrayList<>();
        for (String head : new String[] {"mu", "logvar"}) {
            String f = headFlag("encoder." + head + ".");
            if (!f.equals("ok") && !f.equals("unmeasured")) bad.add(head + " head " + f);
        }
        if (bad.isEmpty()) return null;
        return "WARNING: gradient flow: " + String.join(", ", bad)
                + ". A head without gradient never learns; check that both heads feed the loss (z = mu + exp(0.5*logvar)*eps in training).";
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }
}
