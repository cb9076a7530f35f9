package org.pointgrad.vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smallest useful {@code pointvae train} run (20 synthetic shapes of 256 points, latent 8, one epoch of batch 4,
 * 4 evaluation shapes), shared by the command-line tests that need a trained run folder.
 */
final class TinyRun {
    /** The tiny run's options (each with its value). */
    static final Map<String, String> OPTIONS = options();

    private TinyRun() {}

    private static Map<String, String> options() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--shapes", "20");
        m.put("--points", "256");
        m.put("--epochs", "1");
        m.put("--batch", "4");
        m.put("--latent", "8");
        m.put("--eval-shapes", "4");
        return m;
    }

    /** The {@code train} arguments of the tiny run into {@code out}; {@code changes} are option/value pairs. */
    static String[] args(Path out, String... changes) {
        if (changes.length % 2 != 0) throw new IllegalArgumentException("changes are option/value pairs");
        Map<String, String> m = new LinkedHashMap<>(OPTIONS);
        for (int i = 0; i < changes.length; i += 2) m.put(changes[i], changes[i + 1]);
        List<String> a = new ArrayList<>(List.of("train"));
        for (var e : m.entrySet()) a.addAll(List.of(e.getKey(), e.getValue()));
        a.addAll(List.of("--out", out.toString(), "--no-progress"));
        return a.toArray(String[]::new);
    }

    /** Trains the tiny run into {@code out} (with {@code changes}, option/value pairs), which must succeed. */
    static Cli.Run train(Path out, String... changes) {
        Cli.Run r = Cli.run(args(out, changes));
        assertEquals(0, r.code(), r.err() + r.out());
        return r;
    }
}
