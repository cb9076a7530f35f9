package org.pointgrad.vae.prior;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.autodiff.DType;
import org.pointgrad.vae.eval.LatentPrior;
import org.pointgrad.vae.eval.Priors;

class PriorsTest {
    @TempDir
    Path run;

    private static double[][] codes() {
        return KnownMixture.random(3, 6, 4, new SplittableRandom(3)).sample(400, new SplittableRandom(4));
    }

    @Test
    void onlyStandardBeforeFitting() {
        assertEquals(List.of("standard"), names(Priors.all(run)));
        assertEquals("standard", Priors.forRun(run, " Standard ").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Priors.forRun(run, "gaussian"));
        assertTrue(
                e.getMessage().contains(Priors.GAUSSIAN_FILE) && e.getMessage().contains("pointvae fit-prior --model"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Priors.forRun(run, "gmm:4"));
        assertTrue(e.getMessage().contains(Priors.GMM_FILE), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Priors.forRun(run, "flow"));
        assertTrue(e.getMessage().contains("available: standard"), e.getMessage());
    }

    @Test
    void fitAndSaveMakesAllPriorsAvailable() throws IOException {
        List<LatentPrior> fitted = PriorFitting.fitAndSave(run, codes(), 4, 11);
        assertEquals(List.of("gaussian", "gmm:4"), names(fitted));
        assertTrue(Files.isRegularFile(run.resolve(Priors.GAUSSIAN_FILE)));
        assertTrue(Files.isRegularFile(run.resolve(Priors.GMM_FILE)));
        assertEquals(List.of("standard", "gaussian", "gmm:4"), names(Priors.all(run)));
        assertEquals("gmm:4", Priors.forRun(run, "gmm").name());
        assertEquals("gmm:4", Priors.forRun(run, "GMM:4").name());
        assertEquals("gaussian", Priors.forRun(run, "gaussian").name());
        // The loaded prior samples exactly what the in-memory one does.
        assertArrayEquals(
                fitted.get(1)
                        .sample(30, 6, DType.FLOAT32, new SplittableRandom(5))
                        .toFloatArray(),
                Priors.forRun(run, "gmm:4")
                        .sample(30, 6, DType.FLOAT32, new SplittableRandom(5))
                        .toFloatArray());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Priors.forRun(run, "gmm:5"));
        assertTrue(e.getMessage().contains("4 components") && e.getMessage().contains("gmm:4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Priors.forRun(run, "gmm:x"));
        assertTrue(e.getMessage().contains("gmm:K"), e.getMessage());
    }

    @Test
    void brokenPriorFileIsReportedWithItsName() throws IOException {
        Files.write(run.resolve(Priors.GMM_FILE), new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Priors.forRun(run, "gmm"));
        assertTrue(e.getMessage().contains(Priors.GMM_FILE), e.getMessage());
        assertThrows(UncheckedIOException.class, () -> Priors.all(run));
    }

    @Test
    void swappedFilesAreRejected() throws IOException {
        PriorFiles.save(run.resolve(Priors.GAUSSIAN_FILE), GmmPrior.fit(codes(), 2, 1, GmmOptions.defaults()));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Priors.forRun(run, "gaussian"));
        assertTrue(
                e.getMessage().contains(Priors.GAUSSIAN_FILE) && e.getMessage().contains("expected gaussian"),
                e.getMessage());
    }

    private static List<String> names(List<LatentPrior> priors) {
        return priors.stream().map(LatentPrior::name).toList();
    }
}
