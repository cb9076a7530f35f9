package org.pointgrad.vae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.vae.model.VaeConfig;

class RunFolderTest {
    @TempDir
    Path dir;

    @Test
    void aLockedRunFolderNamesItsHolderAndIsFreeAgainAfterClose() throws IOException {
        try (RunLock lock = RunLock.acquire(dir, "train")) {
            assertNull(lock.staleHolder());
            IOException e = assertThrows(IOException.class, () -> RunLock.acquire(dir, "sweep"));
            assertTrue(
                    e.getMessage().startsWith(dir.toString())
                            && e.getMessage()
                                    .contains("in use by pid "
                                            + ProcessHandle.current().pid())
                            && e.getMessage().contains("pointvae train"),
                    e.getMessage());
        }
        try (RunLock again = RunLock.acquire(dir, "train")) {
            assertNull(again.staleHolder(), "a released lock leaves no record");
        }
    }

    @Test
    void theRecordOfAKilledHolderIsReportedAsStaleAndTakenOver() throws IOException {
        Files.writeString(
                dir.resolve(RunLock.FILE), "pid 4242 (pointvae train, since 2026-01-01T00:00:00Z, 4242@host)\n");
        try (RunLock lock = RunLock.acquire(dir, "train")) {
            assertTrue(lock.staleHolder().startsWith("pid 4242"), lock.staleHolder());
        }
    }

    @Test
    void overwriteRemovesOnlyTheRunsFilesAndStaleTempsGo() throws IOException {
        assertFalse(RunFolder.holdsRun(dir));
        for (String f : new String[] {
            "model.safetensors",
            "checkpoint-000003.safetensors",
            "prior_gmm.safetensors",
            "loss.png",
            "metrics.csv",
            "eval.json",
            "report.html",
            "run.properties",
            "train-options.txt",
            ".loss.png.123456.tmp"
        }) {
            Files.writeString(dir.resolve(f), "x");
        }
        Files.writeString(dir.resolve("my-notes.txt"), "keep");
        Files.createDirectories(dir.resolve("sub"));
        assertTrue(RunFolder.holdsRun(dir));
        assertEquals(1, RunFolder.removeStaleTemps(dir));
        assertEquals(9, RunFolder.clear(dir));
        assertFalse(RunFolder.holdsRun(dir));
        assertTrue(Files.exists(dir.resolve("my-notes.txt")) && Files.isDirectory(dir.resolve("sub")));
    }

    @Test
    void outThatIsEmptyOrAFileIsRefused() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> RunFolder.checkPath(Path.of(""), "--out"));
        Path file = Files.writeString(dir.resolve("f"), "x");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RunFolder.checkPath(file, "--out"));
        assertTrue(e.getMessage().contains(file + " is a file"), e.getMessage());
    }

    @Test
    void metadataIsReadStrictlyNamingTheKey() {
        Map<String, String> good = VaeConfig.defaults().toMetadata();
        assertEquals(VaeConfig.defaults(), VaeConfig.fromMetadata(good));
        for (String[] bad : new String[][] {
            {"tanh_output", "tsue"},
            {"autoencoder", "True"},
            {"latent", "032"},
            {"latent", "+32"},
            {"hidden", "12 8"},
            {"encoder_widths", "3,64,,256"},
            {"template", "SQUARE"},
            {"dtype", "float32"}
        }) {
            Map<String, String> m = new LinkedHashMap<>(good);
            m.put(bad[0], bad[1]);
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> VaeConfig.fromMetadata(m), bad[0] + "=" + bad[1]);
            assertTrue(e.getMessage().contains("'" + bad[0] + "'"), e.getMessage());
        }
        RunState s = new RunState(24, 3, 99, 1.5, 0.25, 12.5, 40);
        assertEquals(s, RunState.fromMetadata(s.toMetadata(), "f"));
        Map<String, String> m = new LinkedHashMap<>(s.toMetadata());
        m.put("run.epoch", "04 ");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RunState.fromMetadata(m, "ckpt.safetensors"));
        assertTrue(
                e.getMessage().startsWith("ckpt.safetensors: ")
                        && e.getMessage().contains("'run.epoch'"),
                e.getMessage());
    }
}
