package org.pointgrad.vae.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.render.Renderings;

/** A write that fails half-way (a full disk) leaves the previous file as it was, no temp file, and names the file. */
class OutputFilesTest {
    static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void failingStreamKeepsThePreviousFileAndNamesTheTarget(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("sample_001.ply");
        PointCloud cloud = new PointCloud(new float[] {1, 2, 3, 4, 5, 6});
        OutputFiles.writePly(target, cloud);
        byte[] before = Files.readAllBytes(target);
        FileSystemException e = assertThrows(
                FileSystemException.class,
                () -> OutputFiles.writeStream(target, out -> {
                    out.write(new byte[100_000]);
                    throw new IOException("No space left on device");
                }));
        assertEquals(target.toString(), e.getFile());
        assertTrue(e.getReason().contains("No space left on device"), e.getReason());
        assertFalse(e.getMessage().substring(target.toString().length()).contains(target.toString()), e.getMessage());
        assertEquals(List.of(target), listing(dir), "no temp file left");
        assertArrayEquals(before, Files.readAllBytes(target), "previous file intact");
        assertEquals(
                2,
                ShapeFiles.read(target).toPointCloud(2, new SplittableRandom(0)).size());
    }

    @Test
    void failedFirstWriteLeavesNoFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("eval.json");
        assertThrows(
                IOException.class,
                () -> OutputFiles.write(target, ch -> {
                    throw new IOException("disk quota exceeded");
                }));
        assertEquals(List.of(), listing(dir));
        OutputFiles.writeText(target, "{\"a\": 1}\n");
        assertEquals("{\"a\": 1}\n", Files.readString(target));
    }

    @Test
    void outputsAreReadableAndReplacedFilesKeepTheirPermissions(@TempDir Path dir) throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path fresh = dir.resolve("new.json"), kept = dir.resolve("kept.json");
        OutputFiles.writeText(fresh, "{}");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
        Files.writeString(kept, "old");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-rw----"));
        OutputFiles.writeText(kept, "{}");
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
    }

    @Test
    void picturesAreReplacedWhole(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("samples.png");
        Files.writeString(png, "old");
        Renderings.writePng(png, List.of(new PointCloud(new float[] {0, 0, 0, 0.5f, 0.5f, 0.5f})), null, 1);
        byte[] b = Files.readAllBytes(png);
        assertTrue(b.length > 100 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', "a PNG replaced the old file");
        assertEquals(List.of(png), listing(dir));
    }
}
