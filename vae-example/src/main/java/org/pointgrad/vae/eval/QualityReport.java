package org.pointgrad.vae.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The quality figures of a trained model on held-out data (issue targets in brackets in {@link #table()}).
 *
 * @param reconstruction mean Chamfer distance of reconstructions (z = mu) to their inputs
 * @param specificity    own-input CD over other-input CD (collapsed model: near 1)
 * @param familyKept     fraction whose nearest held-out input has the input's label
 * @param activeUnits    latent units with Var(E[z_u]) above 0.01
 * @param latent         latent size
 * @param points         points per input cloud, reconstruction and sample the figures were computed with
 * @param probeRecon     CD(reconstruction of the line probe, probe): an input with y and z set to 0
 * @param probeMean      CD(mean training shape, probe); a collapsed model's output is about the mean shape
 * @param samples        generative metrics of samples per prior name
 * @param trainingReconstructions reference row, not a sample: the same metrics for reconstructions (z = mu) of
 *                       training shapes against the held-out shapes, i.e. the best any prior can do at this
 *                       reconstruction quality; null when not computed
 */
public record QualityReport(
        double reconstruction,
        double specificity,
        double familyKept,
        int activeUnits,
        int latent,
        int points,
        double probeRecon,
        double probeMean,
        Map<String, SampleScores> samples,
        SampleScores trainingReconstructions) {

    /** Generative metrics of samples from one prior against the held-out split. */
    public record SampleScores(double mmd, double coverage, double oneNna, int count) {}

    /** True when the line probe is reconstructed closer to itself than the mean shape is. */
    public boolean probePassed() {
        return probeRecon < probeMean;
    }

    /** A printable table with the targets of the VAE issue. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-44s %12s   %s%n", "figure", "value", "target"));
        sb.append(String.format(
                Locale.ROOT,
                "%-44s %12.5f   %s%n",
                "reconstruction Chamfer (z = mu)",
                reconstruction,
                "(compare with --ae)"));
        sb.append(String.format(Locale.ROOT, "%-44s %12.3f   %s%n", "specificity", specificity, "<= 0.35"));
        sb.append(String.format(Locale.ROOT, "%-44s %11.1f%%   %s%n", "family kept", 100 * familyKept, ">= 90%"));
        sb.append(String.format(Locale.ROOT, "%-44s %9d/%-2d   %s%n", "active units", activeUnits, latent, ">= 8"));
        sb.append(String.format(
                Locale.ROOT,
                "%-44s %12s   %s%n",
                "line probe: CD(recon) vs CD(mean shape)",
                String.format(Locale.ROOT, "%.4f<%.4f", probeRecon, probeMean)
                        .replace("<", probePassed() ? " < " : " >= "),
                "recon closer"));
        for (var e : samples.entrySet()) {
            SampleScores s = e.getValue();
            sb.append(String.format(
                    Locale.ROOT,
                    "%-44s %11.1f%%   %s%n",
                    "samples (" + e.getKey() + " prior) COV-CD",
                    100 * s.coverage(),
                    ">= 40%"));
            sb.append(String.format(
                    Locale.ROOT,
                    "%-44s %11.1f%%   %s%n",
                    "samples (" + e.getKey() + " prior) 1-NNA-CD",
                    100 * s.oneNna(),
                    "<= 75%"));
            sb.append(String.format(
                    Locale.ROOT, "%-44s %12.5f   %s%n", "samples (" + e.getKey() + " prior) MMD-CD", s.mmd(), ""));
        }
        if (trainingReconstructions != null) {
            SampleScores r = trainingReconstructions;
            sb.append(String.format(
                    Locale.ROOT,
                    "reference: reconstructions of training shapes (the best any prior can do), %d shapes%n",
                    r.count()));
            sb.append(String.format(
                    Locale.ROOT, "%-44s %11.1f%%%n", "  training reconstructions COV-CD", 100 * r.coverage()));
            sb.append(String.format(
                    Locale.ROOT, "%-44s %11.1f%%%n", "  training reconstructions 1-NNA-CD", 100 * r.oneNna()));
            sb.append(String.format(Locale.ROOT, "%-44s %12.5f%n", "  training reconstructions MMD-CD", r.mmd()));
        }
        return sb.toString();
    }

    /** As a small JSON object (no dependency needed for this flat structure). */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reconstruction_chamfer", reconstruction);
        m.put("specificity", specificity);
        m.put("family_kept", familyKept);
        m.put("active_units", activeUnits);
        m.put("latent", latent);
        m.put("points", points);
        m.put("line_probe_recon_chamfer", probeRecon);
        m.put("line_probe_mean_shape_chamfer", probeMean);
        StringBuilder sb = new StringBuilder("{\n");
        for (var e : m.entrySet())
            sb.append("  \"")
                    .append(e.getKey())
                    .append("\": ")
                    .append(num(e.getValue()))
                    .append(",\n");
        sb.append("  \"samples\": {");
        int i = 0;
        for (var e : samples.entrySet()) {
            sb.append(i++ > 0 ? "," : "")
                    .append("\n    \"")
                    .append(e.getKey())
                    .append("\": ")
                    .append(scores(e.getValue()));
        }
        sb.append("\n  }");
        if (trainingReconstructions != null) {
            // Kept out of "samples": it is a bound for the priors, not a sampler that could meet a target.
            sb.append(",\n  \"reference_training_reconstructions\": ").append(scores(trainingReconstructions));
        }
        return sb.append("\n}\n").toString();
    }

    private static String scores(SampleScores s) {
        return "{\"mmd_cd\": " + num(s.mmd()) + ", \"cov_cd\": " + num(s.coverage()) + ", \"one_nna_cd\": "
                + num(s.oneNna()) + ", \"count\": " + s.count() + "}";
    }

    private static String num(Object o) {
        if (o instanceof Double d) return Double.isFinite(d) ? String.format(Locale.ROOT, "%.8g", d) : "null";
        return String.valueOf(o);
    }
}
