package org.pointgrad.vae.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.pointgrad.pointcloud.data.BadFile;
import org.pointgrad.pointcloud.data.CollectionLayout;
import org.pointgrad.pointcloud.data.DatasetPreparer;
import org.pointgrad.pointcloud.data.PreparedDataset;
import org.pointgrad.vae.train.TrainingData;
import picocli.CommandLine.Option;

/** Where training data comes from: a collection of shape files, a prepared dataset, or the procedural airplanes. */
public final class DataOptions {
    /** The list of skipped files written into a run folder. */
    static final String SKIPPED_FILE = "skipped-files.tsv";

    @Option(
            names = "--data",
            description = "A dataset written by `pointvae prepare`, or a collection of shape files (PLY, OBJ, OFF, "
                    + "XYZ/PTS, NPY; ShapeNetCore v1/v2, ModelNet or a folder with a class per sub-folder), "
                    + "read recursively.")
    Path data;

    @Option(
            names = "--layout",
            description = "With a raw --data folder: shapenet, modelnet or folder (default: detected from the layout).")
    String layout;

    @Option(
            names = "--synthetic",
            defaultValue = "airplanes",
            description = "Built-in data set when --data is not given (default: ${DEFAULT-VALUE}).")
    String synthetic;

    @Option(
            names = "--shapes",
            defaultValue = "640",
            description = "Number of synthetic shapes (default: ${DEFAULT-VALUE}); 1 in 5 is held out.")
    int shapes;

    @Option(names = "--points", defaultValue = "1024", description = "Points per cloud (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(
            names = "--pool",
            defaultValue = "0",
            description = "With --data: sample POOL points per training shape once "
                    + "(a prepared dataset: up to POOL of its stored points) and train on a fresh random --points "
                    + "subset of them every step (0: train on the --points sampled; default: ${DEFAULT-VALUE}).")
    int pool;

    @Option(
            names = "--skip-bad-files",
            description = "With --data: leave out unreadable and degenerate files instead of stopping; "
                    + "each is printed with its reason and listed in the run folder's " + SKIPPED_FILE + ".")
    boolean skipBad;

    @Option(
            names = "--resample-each-epoch",
            description = "With a prepared --data dataset: train each epoch on a fresh seeded draw of "
                    + "--points of each shape's stored points (default: one fixed draw).")
    boolean resampleEachEpoch;

    TrainingData load(long seed) throws IOException {
        if (pool < 0) throw new IllegalArgumentException("--pool must be >= 0, got " + pool);
        if (data != null) {
            CollectionLayout l = layout == null ? null : CollectionLayout.parse(layout);
            if (pool > 0 && resampleEachEpoch)
                throw new IllegalArgumentException("--pool and --resample-each-epoch exclude each other");
            return fromData(data, l, points, seed, skipBad, resampleEachEpoch, pool);
        }
        if (pool > 0)
            throw new IllegalArgumentException(
                    "--pool needs --data (the synthetic airplanes are generated at --points)");
        if (!"airplanes".equalsIgnoreCase(synthetic)) {
            throw new IllegalArgumentException("--synthetic: unknown data set '" + synthetic + "'; expected airplanes");
        }
        if (resampleEachEpoch) {
            throw new IllegalArgumentException(
                    "--resample-each-epoch needs a prepared dataset in --data (see `pointvae prepare`)");
        }
        return TrainingData.syntheticAirplanes(shapes, points, seed);
    }

    /** A prepared dataset (detected by its manifest) or a raw collection; {@code pool > 0}: with a training pool. */
    static TrainingData fromData(
            Path dir, CollectionLayout layout, int points, long seed, boolean skip, boolean resample, int pool)
            throws IOException {
        if (PreparedDataset.isPrepared(dir)) {
            return pool > 0
                    ? TrainingData.fromPrepared(dir, points, seed, pool, skip)
                    : TrainingData.fromPrepared(dir, points, seed, resample, skip);
        }
        if (resample) {
            throw new IllegalArgumentException("--resample-each-epoch needs a prepared dataset; " + dir + " has no "
                    + PreparedDataset.MANIFEST + " (make one with `pointvae prepare --data " + dir
                    + " --out DATASET`)");
        }
        return pool > 0
                ? TrainingData.fromFolder(dir, layout, points, seed, pool, skip)
                : TrainingData.fromFolder(dir, layout, points, seed, skip);
    }

    /** Remembers the data source in RUN/run.properties so eval and diagnose can rebuild it. */
    void writeRunProperties(Path run, long seed) throws IOException {
        Properties p = new Properties();
        if (data != null) p.setProperty("data", data.toAbsolutePath().toString());
        if (layout != null)
            p.setProperty("layout", CollectionLayout.parse(layout).toString());
        p.setProperty("synthetic", synthetic);
        p.setProperty("shapes", Integer.toString(shapes));
        p.setProperty("points", Integer.toString(points));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("skipBadFiles", Boolean.toString(skipBad));
        p.setProperty("resampleEachEpoch", Boolean.toString(resampleEachEpoch));
        p.setProperty("pool", Integer.toString(pool));
        try (Writer w = Files.newBufferedWriter(run.resolve("run.properties"), StandardCharsets.UTF_8)) {
            p.store(w, "pointvae training data");
        }
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

    /**
     * The training data of a run folder (from its run.properties), unless --data overrides it. A raw folder read with
     * a training pool is read as training read it, so the held-out clouds are the ones the run was evaluated on.
     */
    static TrainingData forRun(Path run, Path overrideData, int overridePoints) throws IOException {
        Properties p = properties(run);
        long seed = Long.parseLong(p.getProperty("seed", "1"));
        int points = overridePoints > 0 ? overridePoints : Integer.parseInt(p.getProperty("points", "1024"));
        if (overrideData != null) return fromData(overrideData, null, points, seed, false, false, 0);
        // A run that skipped unreadable files keeps skipping them when it is evaluated.
        boolean skip = Boolean.parseBoolean(p.getProperty("skipBadFiles", "false"));
        boolean resample = Boolean.parseBoolean(p.getProperty("resampleEachEpoch", "false"));
        String layoutName = p.getProperty("layout");
        CollectionLayout layout = layoutName == null ? null : CollectionLayout.parse(layoutName);
        if (p.getProperty("data") != null) {
            Path dir = Path.of(p.getProperty("data"));
            int pool = Integer.parseInt(p.getProperty("pool", "0"));
            boolean rawPool = pool >= points && !PreparedDataset.isPrepared(dir);
            return fromData(dir, layout, points, seed, skip, resample, rawPool ? pool : 0);
        }
        return TrainingData.syntheticAirplanes(Integer.parseInt(p.getProperty("shapes", "640")), points, seed);
    }

    /** Prints every skipped file and every kept degenerate shape, with its reason. */
    static void printProblems(TrainingData d, PrintStream out) {
        for (BadFile b : d.skipped()) out.println("skipped " + b.path() + ": " + b.message());
        for (BadFile b : d.warnings())
            out.println("warning: " + b.path() + ": " + b.message() + " (kept; --skip-bad-files leaves it out)");
        if (!d.skipped().isEmpty()) out.println(d.skipped().size() + " file(s) skipped");
    }

    /** Prints the problems and writes the skipped files into {@code run}/{@value #SKIPPED_FILE}. */
    static void reportProblems(TrainingData d, Path run, PrintStream out) throws IOException {
        printProblems(d, out);
        Path list = run.resolve(SKIPPED_FILE);
        if (!d.skipped().isEmpty()) {
            DatasetPreparer.writeSkippedList(list, d.skipped());
            out.println("the skipped files are listed in " + list);
        } else {
            Files.deleteIfExists(list);
        }
    }
}
