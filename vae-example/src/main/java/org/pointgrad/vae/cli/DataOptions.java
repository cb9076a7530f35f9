package org.pointgrad.vae.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.pointgrad.vae.train.TrainingData;
import picocli.CommandLine.Option;

/** Where training data comes from: a folder of shape files or the procedural airplanes. */
public final class DataOptions {
    @Option(names = "--data", description = "Folder of shape files (PLY, OBJ, OFF, XYZ/PTS, NPY), read recursively.")
    Path data;

    @Option(names = "--synthetic", defaultValue = "airplanes", description = "Built-in data set when --data is not given (default: ${DEFAULT-VALUE}).")
    String synthetic;

    @Option(names = "--shapes", defaultValue = "640", description = "Number of synthetic shapes (default: ${DEFAULT-VALUE}); 1 in 5 is held out.")
    int shapes;

    @Option(names = "--points", defaultValue = "1024", description = "Points per cloud (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--pool", defaultValue = "0", description = "With --data: sample POOL points per training shape once "
            + "and train on a fresh random --points subset of them every step (0: train on the --points sampled; default: ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--skip-bad-files", description = "With --data: skip unreadable files (listed) instead of stopping.")
    boolean skipBad;

    TrainingData load(long seed) throws IOException {
        if (pool < 0) throw new IllegalArgumentException("--pool must be >= 0, got " + pool);
        if (data != null) {
            TrainingData d = TrainingData.fromFolder(data, points, seed, skipBad);
            return pool > 0 ? d.withPoolFromFolder(data, pool, seed, skipBad) : d;
        }
        if (pool > 0) throw new IllegalArgumentException("--pool needs --data (the synthetic airplanes are generated at --points)");
        if (!"airplanes".equalsIgnoreCase(synthetic)) {
            throw new IllegalArgumentException("--synthetic: unknown data set '" + synthetic + "'; expected airplanes");
        }
        return TrainingData.syntheticAirplanes(shapes, points, seed);
    }

    /** Remembers the data source in RUN/run.properties so eval and diagnose can rebuild it. */
    void writeRunProperties(Path run, long seed) throws IOException {
        Properties p = new Properties();
        if (data != null) p.setProperty("data", data.toAbsolutePath().toString());
        p.setProperty("synthetic", synthetic);
        p.setProperty("shapes", Integer.toString(shapes));
        p.setProperty("points", Integer.toString(points));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("skipBadFiles", Boolean.toString(skipBad));
        p.setProperty("pool", Integer.toString(pool));
        try (Writer w = Files.newBufferedWriter(run.resolve("run.properties"), StandardCharsets.UTF_8)) {
            p.store(w, "pointvae training data");
        }
    }

    /** The training data of a run folder, with the training pool it was trained on (to resume it). */
    static TrainingData forResume(Path run) throws IOException {
        TrainingData d = forRun(run, null, 0);
        Properties p = properties(run);
        int pool = Integer.parseInt(p.getProperty("pool", "0"));
        if (pool == 0 || p.getProperty("data") == null) return d;
        return d.withPoolFromFolder(Path.of(p.getProperty("data")), pool, Long.parseLong(p.getProperty("seed", "1")),
                Boolean.parseBoolean(p.getProperty("skipBadFiles", "false")));
    }

    private static Properties properties(Path run) throws IOException {
        Properties p = new Properties();
        Path f = run.resolve("run.properties");
        if (Files.exists(f)) {
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }

    /** The training data of a run folder (from its run.properties), unless --data overrides it; no training pool. */
    static TrainingData forRun(Path run, Path overrideData, int overridePoints) throws IOException {
        Properties p = properties(run);
        long seed = Long.parseLong(p.getProperty("seed", "1"));
        int points = overridePoints > 0 ? overridePoints : Integer.parseInt(p.getProperty("points", "1024"));
        if (overrideData != null) return TrainingData.fromFolder(overrideData, points, seed, false);
        // A run that skipped unreadable files keeps skipping them when it is resumed or evaluated.
        boolean skip = Boolean.parseBoolean(p.getProperty("skipBadFiles", "false"));
        if (p.getProperty("data") != null) return TrainingData.fromFolder(Path.of(p.getProperty("data")), points, seed, skip);
        return TrainingData.syntheticAirplanes(Integer.parseInt(p.getProperty("shapes", "640")), points, seed);
    }
}
