package org.pointgrad.vae.train;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.pointgrad.nn.io.AtomicFiles;

/**
 * What a run folder holds, and clearing it for {@code train --overwrite}: only the files a run writes are removed
 * (checkpoints, model, priors, metrics, evaluation, pictures, report, settings), nothing else the folder holds.
 */
public final class RunFolder {
    /** Files (besides {@code *.safetensors} and {@code *.png}) that belong to a run. */
    private static final Set<String> RUN_FILES = Set.of(
            "metrics.csv",
            "eval.json",
            "report.html",
            "quality.txt",
            "sweep.done",
            "run.properties",
            "train-options.txt");

    private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.-?\\d+" + Pattern.quote(AtomicFiles.TEMP_SUFFIX));

    private RunFolder() {}

    /** Checks that {@code dir} can be a run folder: not empty, not a file. */
    public static void checkPath(Path dir, String option) {
        if (dir == null || dir.toString().isBlank())
            throw new IllegalArgumentException(option + " must name a folder, got an empty path");
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    option + " " + dir + " is a file; a run folder is a folder (give a new or existing run folder)");
        }
    }

    /** The run files in {@code dir} (empty when it holds no run). */
    public static List<Path> runFiles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                boolean ours = RUN_FILES.contains(n)
                        || n.endsWith(".safetensors")
                        || n.endsWith(".png")
                        || (n.startsWith(".") && n.endsWith(AtomicFiles.TEMP_SUFFIX));
                if (ours && Files.isRegularFile(p)) out.add(p);
            }
        }
        out.sort(null);
        return out;
    }

    /** True when {@code dir} holds (part of) a run. */
    public static boolean holdsRun(Path dir) throws IOException {
        return !runFiles(dir).isEmpty();
    }

    /**
     * Deletes the temp files of atomic writes ({@code .NAME.DIGITS.tmp}) that a killed process left in {@code dir}.
     * Only call it while holding the folder's {@link RunLock}: then no write of another process is under way.
     */
    public static int removeStaleTemps(Path dir) throws IOException {
        int n = 0;
        if (!Files.isDirectory(dir)) return 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*" + AtomicFiles.TEMP_SUFFIX)) {
            for (Path p : entries) {
                if (TEMP_NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
                    Files.deleteIfExists(p);
                    n++;
                }
            }
        }
        return n;
    }

    /** Deletes the run files of {@code dir}; returns how many. */
    public static int clear(Path dir) throws IOException {
        List<Path> files = runFiles(dir);
        for (Path p : files) Files.deleteIfExists(p);
        AtomicFiles.forceDirectory(dir.toAbsolutePath());
        return files.size();
    }
}
