package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.data.Resampling;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.transform.Normalization;
import org.pointgrad.pointcloud.transform.NormalizationFrame;

/** File helpers shared by the commands. */
final class CliSupport {
    /** Kernel file systems that accept no output files. */
    private static final Set<String> VIRTUAL_FILE_SYSTEMS = Set.of(
            "proc",
            "sysfs",
            "cgroup",
            "cgroup2",
            "debugfs",
            "securityfs",
            "devpts",
            "tracefs",
            "bpf",
            "pstore",
            "configfs",
            "fusectl",
            "mqueue");

    private CliSupport() {}

    /**
     * A shape as read from {@code source} ({@code original}, in the file's coordinates), as the model sees it
     * ({@code cloud}, normalized to the unit ball as in training), and the {@code frame} that maps one to the other.
     */
    record Shape(Path source, PointCloud original, PointCloud cloud, NormalizationFrame frame) {}

    /**
     * Reads any supported shape file (refusing folders and missing files by name) as a cloud of exactly
     * {@code points} points (meshes are surface-sampled, larger clouds subsampled, smaller ones resampled with
     * repetition), normalized to the unit ball as in training.
     */
    static Shape loadShape(Path file, int points, long seed) throws IOException {
        requireInputFile(file);
        SplittableRandom rng = new SplittableRandom(seed ^ file.toString().hashCode());
        PointCloud pc;
        try {
            pc = ShapeFiles.readPoints(file, points, rng);
            if (pc.size() == 0) throw new IOException(file + ": contains no points");
            if (pc.size() != points) pc = Resampling.toCount(pc, points, rng);
        } catch (OutOfMemoryError e) {
            throw new CliErrors.InputTooLarge(file, points);
        }
        NormalizationFrame frame = Normalization.UNIT_BALL.frameOf(pc);
        return new Shape(file, pc, frame.toNormalized(pc), frame);
    }

    /** Refuses a missing input file, or a folder given as one, by name (the JDK's "Is a directory" names none). */
    static Path requireInputFile(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new FileSystemException(file.toString(), null, "Is a directory");
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        return file;
    }

    /** {@link #loadShape}'s normalized cloud. */
    static PointCloud loadCloud(Path file, int points, long seed) throws IOException {
        return loadShape(file, points, seed).cloud();
    }

    /**
     * Refuses, with a clear message, an output folder that is a file or lies on a kernel file system such as /proc;
     * commands call it before their slow work so that a bad --out fails at once.
     */
    static void checkOutputFolder(Path out) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new FileSystemException(
                    out.toString(), null, "exists and is a file, not a folder; choose another --out");
        }
        refuseVirtualFileSystem(out);
    }

    /** {@link #checkOutputFolder}, then creates the folder if needed. */
    static Path outputFolder(Path out) throws IOException {
        checkOutputFolder(out);
        Files.createDirectories(out);
        return out;
    }

    /** Checks that {@code file} can be an output file and creates its folder. */
    static Path outputFile(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(
                    file.toString(),
                    null,
                    "is a folder; --out expects a file name, e.g. " + file.resolve("picture.png"));
        }
        refuseVirtualFileSystem(file);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) outputFolder(parent);
        return file;
    }

    private static void refuseVirtualFileSystem(Path out) throws IOException {
        String why = onVirtualFileSystem(out);
        if (why != null) throw new FileSystemException(out.toString(), null, why);
    }

    /**
     * Why {@code path} cannot hold output (it lies on a kernel file system such as /proc), or null when it can or
     * that cannot be told.
     */
    static String onVirtualFileSystem(Path path) {
        try {
            Path p = path.toAbsolutePath().normalize();
            while (p != null && !Files.exists(p)) p = p.getParent();
            if (p == null) return null;
            FileStore store = Files.getFileStore(p);
            if (!VIRTUAL_FILE_SYSTEMS.contains(store.type())) return null;
            return "lies on the kernel's " + store.type() + " file system (" + p + "), which holds no output files; "
                    + "choose another --out";
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String baseName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
