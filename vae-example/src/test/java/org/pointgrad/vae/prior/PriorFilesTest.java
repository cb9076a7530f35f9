package org.pointgrad.vae.prior;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.io.CheckpointException;
import org.pointgrad.nn.io.SafeTensors;
import org.pointgrad.nn.io.SafeTensorsFile;
import org.pointgrad.vae.eval.LatentPrior;

class PriorFilesTest {
    @TempDir
    Path dir;

    private static double[][] data() {
        return KnownMixture.random(3, 4, 5, new SplittableRandom(1)).sample(600, new SplittableRandom(2));
    }

    @Test
    void gmmRoundTripsAndSamplesIdentically() throws IOException {
        GmmPrior fitted = GmmPrior.fit(data(), 3, 4, GmmOptions.defaults());
        Path file = dir.resolve("prior_gmm.safetensors");
        PriorFiles.save(file, fitted);
        LatentPrior loaded = PriorFiles.load(file);
        GmmPrior g = assertInstanceOf(GmmPrior.class, loaded);
        assertEquals("gmm:3", g.name());
        assertArrayEquals(fitted.weights(), g.weights());
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(fitted.means()[c], g.means()[c]);
            for (int i = 0; i < 4; i++) assertArrayEquals(fitted.covariances()[c][i], g.covariances()[c][i]);
        }
        assertArrayEquals(
                fitted.sample(64, 4, DType.FLOAT64, new SplittableRandom(9)).toDoubleArray(),
                g.sample(64, 4, DType.FLOAT64, new SplittableRandom(9)).toDoubleArray());
        assertArrayEquals(
                g.sample(64, 4, DType.FLOAT32, new SplittableRandom(10)).toFloatArray(),
                PriorFiles.load(file)
                        .sample(64, 4, DType.FLOAT32, new SplittableRandom(10))
                        .toFloatArray());

        SafeTensorsFile raw = SafeTensors.read(file);
        assertEquals("gmm", raw.metadata().get("kind"));
        assertEquals("3", raw.metadata().get("k"));
        assertEquals("4", raw.metadata().get("latent"));
        assertArrayEquals(new int[] {3, 4, 4}, raw.tensors().get("covariances").shape());
        assertEquals(DType.FLOAT64, raw.tensors().get("means").dtype());
    }

    @Test
    void gaussianRoundTripsAndSamplesIdentically() throws IOException {
        GaussianPrior fitted = GaussianPrior.fit(data());
        Path file = dir.resolve("g.safetensors");
        PriorFiles.save(file, fitted);
        GaussianPrior g = assertInstanceOf(GaussianPrior.class, PriorFiles.load(file));
        assertArrayEquals(fitted.mean(), g.mean());
        assertArrayEquals(
                fitted.sample(50, 4, DType.FLOAT64, new SplittableRandom(3)).toDoubleArray(),
                g.sample(50, 4, DType.FLOAT64, new SplittableRandom(3)).toDoubleArray());
        assertEquals("gaussian", SafeTensors.read(file).metadata().get("kind"));
        assertEquals(fitted.logDensity(new double[] {1, 2, 3, 4}), g.logDensity(new double[] {1, 2, 3, 4}), 0.0);
    }

    @Test
    void standardPriorCannotBeSaved() {
        assertThrows(
                IllegalArgumentException.class,
                () -> PriorFiles.save(dir.resolve("x.safetensors"), LatentPrior.standard()));
    }

    // ------------------------------------------------------------ malformed files

    private Path write(String name, Map<String, Tensor> tensors, String kind, String k, String latent)
            throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        if (kind != null) meta.put("kind", kind);
        if (k != null) meta.put("k", k);
        if (latent != null) meta.put("latent", latent);
        Path file = dir.resolve(name);
        SafeTensors.write(file, tensors, meta);
        return file;
    }

    private static Map<String, Tensor> validTwoComponents() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("weights", Tensor.of(new double[] {0.4, 0.6}, 2));
        t.put("means", Tensor.of(new double[] {0, 0, 3, 3}, 2, 2));
        t.put("covariances", Tensor.of(new double[] {1, 0, 0, 1, 2, 0.5, 0.5, 1}, 2, 2, 2));
        return t;
    }

    private static void assertBad(Path file, String... fragments) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> PriorFiles.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
    }

    @Test
    void validHandWrittenFileLoads() throws IOException {
        GmmPrior g = assertInstanceOf(
                GmmPrior.class, PriorFiles.load(write("ok.safetensors", validTwoComponents(), "gmm", "2", "2")));
        assertArrayEquals(new double[] {0.4, 0.6}, g.weights());
    }

    @Test
    void missingTensor() throws IOException {
        Map<String, Tensor> t = validTwoComponents();
        t.remove("covariances");
        assertBad(write("a.safetensors", t, "gmm", "2", "2"), "covariances");
    }

    @Test
    void wrongShapes() throws IOException {
        Map<String, Tensor> t = validTwoComponents();
        t.put("means", Tensor.of(new double[] {0, 0, 0, 3, 3, 3}, 2, 3));
        assertBad(write("b.safetensors", t, "gmm", "2", "2"), "means", "[2, 3]", "[2, 2]");
        assertBad(write("b2.safetensors", validTwoComponents(), "gmm", "3", "2"), "weights", "[3]");
    }

    @Test
    void nonPositiveDefiniteCovariance() throws IOException {
        Map<String, Tensor> t = validTwoComponents();
        t.put("covariances", Tensor.of(new double[] {1, 0, 0, 1, 1, 2, 2, 1}, 2, 2, 2));
        assertBad(write("c.safetensors", t, "gmm", "2", "2"), "covariance 1", "positive definite");
    }

    @Test
    void nonSymmetricCovariance() throws IOException {
        Map<String, Tensor> t = validTwoComponents();
        t.put("covariances", Tensor.of(new double[] {1, 0.3, 0, 1, 2, 0.5, 0.5, 1}, 2, 2, 2));
        assertBad(write("s.safetensors", t, "gmm", "2", "2"), "covariance 0", "symmetric");
    }

    @Test
    void badMetadata() throws IOException {
        assertBad(write("d.safetensors", validTwoComponents(), null, "2", "2"), "kind");
        assertBad(write("e.safetensors", validTwoComponents(), "vampprior", "2", "2"), "vampprior");
        assertBad(write("f.safetensors", validTwoComponents(), "gmm", "two", "2"), "k", "two");
        assertBad(write("g.safetensors", validTwoComponents(), "gaussian", "2", "2"), "k = 1");
    }

    @Test
    void badWeightsAndValues() throws IOException {
        Map<String, Tensor> t = validTwoComponents();
        t.put("weights", Tensor.of(new double[] {0.5, 0.6}, 2));
        assertBad(write("h.safetensors", t, "gmm", "2", "2"), "sum");
        t.put("weights", Tensor.of(new double[] {-0.2, 1.2}, 2));
        assertBad(write("i.safetensors", t, "gmm", "2", "2"), "weight 0");
        t = validTwoComponents();
        t.put("means", Tensor.of(new double[] {0, Double.NaN, 3, 3}, 2, 2));
        assertBad(write("j.safetensors", t, "gmm", "2", "2"), "means", "NaN");
    }

    @Test
    void float32TensorsAndExtraTensorsAreRejected() throws IOException {
        Map<String, Tensor> t = validTwoComponents();
        t.put("weights", Tensor.of(new float[] {0.4f, 0.6f}, 2));
        assertBad(write("k.safetensors", t, "gmm", "2", "2"), "weights", "FLOAT64");
        t = validTwoComponents();
        t.put("extra", Tensor.of(new double[] {1}, 1));
        assertBad(write("l.safetensors", t, "gmm", "2", "2"), "extra");
    }

    @Test
    void garbageFileNamesTheFile() throws IOException {
        Path file = dir.resolve("garbage.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertBad(file);
    }
}
