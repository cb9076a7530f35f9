package org.pointgrad.vae.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Finds the priors available for a run folder. */
public final class Priors {
    private Priors() {}

    /** The prior named {@code spec} for the run in {@code run}: "standard" is always available. */
    public static LatentPrior forRun(Path run, String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("standard")) return LatentPrior.standard();
        throw new IllegalArgumentException("--prior: unknown or unavailable prior '" + spec + "' for " + run + "; available: " + available(run));
    }

    /** Every prior the run has. */
    public static List<LatentPrior> all(Path run) {
        List<LatentPrior> out = new ArrayList<>();
        out.add(LatentPrior.standard());
        return out;
    }

    private static String available(Path run) {
        List<String> names = new ArrayList<>();
        for (LatentPrior p : all(run)) names.add(p.name());
        return String.join(", ", names);
    }
}
