package org.pointgrad.vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.io.ShapeFormat;
import org.pointgrad.pointcloud.shapes.AirplaneFamily;
import org.pointgrad.pointcloud.shapes.Airplanes;
import org.pointgrad.vae.cli.Cli.Run;

/** Every failure is one line naming the file, what is wrong and what to do, with exit code 2 (bad input) or 1. */
class CliErrorsTest {
    static void assertOneLine(Run r, int code, String... parts) {
        assertEquals(code, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("pointvae: "), r.err());
        for (String p : parts) assertTrue(r.err().contains(p), "'" + p + "' in: " + r.err());
    }

    static Path plane(Path dir) throws IOException {
        Path f = dir.resolve("plane.ply");
        PointCloud c = Airplanes.sampleCloud(
                Airplanes.generate(AirplaneFamily.GLIDER, new SplittableRandom(1)), 500, new SplittableRandom(2));
        ShapeFiles.write(f, c, ShapeFormat.PLY);
        return f;
    }

    @Test
    void missingFileAndFolderGivenAsFile(@TempDir Path dir) {
        assertOneLine(
                Cli.run(
                        "render",
                        "--out",
                        dir.resolve("r.png").toString(),
                        dir.resolve("nope.ply").toString()),
                2,
                "nope.ply",
                "no such file");
        assertOneLine(
                Cli.run("render", "--out", dir.resolve("r.png").toString(), dir.toString()),
                2,
                dir.toString(),
                "is a folder; expected a file");
        assertOneLine(
                Cli.run("chamfer", dir.toString(), dir.resolve("b.ply").toString()), 2, dir.toString(), "is a folder");
    }

    @Test
    void unusableOutPaths(@TempDir Path dir) throws IOException {
        Path plane = plane(dir);
        assertOneLine(Cli.run("render", "--out", "", plane.toString()), 2, "--out", "empty path");
        assertOneLine(Cli.run("train", "--out", "", "--epochs", "1"), 2, "--out", "empty path");
        assertOneLine(
                Cli.run("airplanes", "--count", "1", "--out", plane.toString()),
                2,
                "plane.ply",
                "is a file, not a folder");
        assertOneLine(Cli.run("render", "--out", dir.toString(), plane.toString()), 2, "is a folder", "file name");
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs a /proc file system");
        assertOneLine(
                Cli.run("airplanes", "--count", "1", "--out", "/proc/planes"), 2, "/proc/planes", "proc file system");
        assertOneLine(Cli.run("render", "--out", "/proc/self/r.png", plane.toString()), 2, "/proc/self/r.png", "proc");
        // Commands that create their folder themselves get the same explanation from the central handler.
        assertEquals(
                "/proc/run: lies on the kernel's proc file system (/proc), which holds no output files; "
                        + "choose another --out",
                CliErrors.describe(new NoSuchFileException("/proc/run")).line());
        assertFalse(Files.exists(dir.resolve("r.png")));
    }

    @Test
    void outOfMemorySuggestsMoreHeap(@TempDir Path dir) throws IOException {
        // A request larger than the whole heap fails at once, without first filling memory.
        long needed = Runtime.getRuntime().maxMemory() / 12 + 1;
        assumeTrue(needed < Integer.MAX_VALUE / 3, "heap too large to exhaust with one cloud");
        Run r = Cli.run(
                "render",
                "--points",
                String.valueOf(needed),
                "--out",
                dir.resolve("r.png").toString(),
                plane(dir).toString());
        assertOneLine(r, 1, "plane.ply", "Java heap", "-Xmx", "POINTVAE_JAVA_OPTS");
    }

    @Test
    void stackTraceOnlyWithVerbose(@TempDir Path dir) {
        Run r = Cli.run(
                "render",
                "--verbose",
                "--out",
                dir.resolve("r.png").toString(),
                dir.resolve("nope.ply").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().lines().count() > 3 && r.err().contains("\tat "), r.err());
    }

    @Test
    void helpListsTheExitCodesTheCommandsUse() {
        for (String[] args : new String[][] {{"--help"}, {"train", "--help"}, {"render", "--help"}}) {
            Run r = Cli.run(args);
            assertEquals(0, r.code());
            for (String code : new String[] {"Exit codes:", "  0 ", "  1 ", "  2 ", "130 "}) {
                assertTrue(r.out().contains(code), String.join(" ", args) + " lists '" + code + "': " + r.out());
            }
        }
    }

    @Test
    void fileSystemFailuresNameTheFileAndTheRemedy() {
        CliErrors.Failure denied = CliErrors.describe(new AccessDeniedException("/data/x.ply"));
        assertEquals(2, denied.exitCode());
        assertTrue(
                denied.line().startsWith("/data/x.ply: permission denied")
                        && denied.line().contains("permissions"),
                denied.line());
        CliErrors.Failure full =
                CliErrors.describe(new FileSystemException("/out/a.ply", null, "No space left on device"));
        assertEquals(1, full.exitCode());
        assertTrue(
                full.line().startsWith("/out/a.ply: No space left on device")
                        && full.line().contains("free some space"),
                full.line());
        CliErrors.Failure bareFull = CliErrors.describe(new IOException("No space left on device"));
        assertEquals(1, bareFull.exitCode());
        CliErrors.Failure isDir =
                CliErrors.describe(new UncheckedIOException(new FileSystemException("/d", null, "Is a directory")));
        assertEquals(2, isDir.exitCode());
        assertEquals("/d: is a folder; expected a file", isDir.line());
        CliErrors.Failure bug = CliErrors.describe(new IllegalStateException("boom\nsecond line"));
        assertEquals(1, bug.exitCode());
        assertEquals("IllegalStateException: boom (run with --verbose for the stack trace)", bug.line());
    }
}
