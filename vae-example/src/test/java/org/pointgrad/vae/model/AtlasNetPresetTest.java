package org.pointgrad.vae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.GradCheck;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.io.Checkpoints;
import org.pointgrad.nn.io.SafeTensors;
import org.pointgrad.nn.io.SafeTensorsFile;
import org.pointgrad.nn.io.TensorInfo;
import org.pointgrad.vae.train.RunCheckpoint;

/** The AtlasNet preset: sizes, PyTorch names, checkpoints, eval mode and the folded graph-free path. */
class AtlasNetPresetTest {
    /** A small AtlasNet (same structure, narrow layers) for the tests that train or compare values. */
    private static VaeConfig small(DType dtype) {
        return VaeConfig.atlasNet()
                .withEncoderWidths(3, 8, 12, 16)
                .withHeadWidth(12)
                .withLatentAndHidden(16)
                .withPatches(3)
                .withDtype(dtype);
    }

    private static Tensor cloud(SplittableRandom rng, DType dtype, int b, int n) {
        return Tensor.randn(rng, dtype, b, n, 3).mul(0.5).add(0.1);
    }

    @Test
    void parameterCountIsTheOneComputedFromTheLayerSizes() {
        long encoder = (3 * 64 + 64)
                + 2 * 64
                + (64 * 128 + 128)
                + 2 * 128
                + (128 * 1024 + 1024)
                + 2 * 1024
                + (1024 * 1024 + 1024)
                + 2 * 1024
                + 2 * (1024 * 1024 + 1024);
        long patch = (2 * 1024 + 1024)
                + 2 * 1024
                + (1024 * 512 + 512)
                + 2 * 512
                + (512 * 256 + 256)
                + 2 * 256
                + (256 * 3 + 3);
        PointCloudVae m = new PointCloudVae(VaeConfig.atlasNet(), new SplittableRandom(0));
        assertEquals(3_293_952, encoder);
        assertEquals(663_555, patch);
        assertEquals(encoder, m.encoder().parameterCount());
        assertEquals(25 * patch, m.decoder().parameterCount());
        // The count the PyTorch 2.7 (DJL) reference server checks for its train-atlas workload.
        assertEquals(19_882_827, m.parameterCount());
        long buffers = 0;
        for (var e : m.namedBuffers().entrySet())
            if (e.getKey().endsWith("running_mean") || e.getKey().endsWith("running_var"))
                buffers += e.getValue().numel();
        assertEquals(94_080, buffers);
    }

    @Test
    void checkpointHasPyTorchNamesShapesAndBuffers(@TempDir Path dir) throws IOException {
        PointCloudVae m = new PointCloudVae(VaeConfig.atlasNet(), new SplittableRandom(0));
        Path file = dir.resolve("model.safetensors");
        Checkpoints.saveModel(file, m, m.config().toMetadata());
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, int[]> expected = new LinkedHashMap<>();
        expected.put("encoder.conv1.weight", new int[] {64, 3});
        expected.put("encoder.conv1.bias", new int[] {64});
        expected.put("encoder.bn1.weight", new int[] {64});
        expected.put("encoder.bn1.running_mean", new int[] {64});
        expected.put("encoder.bn1.running_var", new int[] {64});
        expected.put("encoder.bn1.num_batches_tracked", new int[] {});
        expected.put("encoder.conv3.weight", new int[] {1024, 128});
        expected.put("encoder.bn3.bias", new int[] {1024});
        expected.put("encoder.lin1.weight", new int[] {1024, 1024});
        expected.put("encoder.bn4.running_var", new int[] {1024});
        expected.put("encoder.mu.weight", new int[] {1024, 1024});
        expected.put("encoder.logvar.bias", new int[] {1024});
        expected.put("decoder.0.conv1.weight", new int[] {1024, 2});
        expected.put("decoder.0.bn1.weight", new int[] {1024});
        expected.put("decoder.0.conv2.weight", new int[] {512, 1024});
        expected.put("decoder.0.bn2.running_mean", new int[] {512});
        expected.put("decoder.12.conv3.weight", new int[] {256, 512});
        expected.put("decoder.24.bn3.bias", new int[] {256});
        expected.put("decoder.24.conv4.weight", new int[] {3, 256});
        expected.put("decoder.24.conv4.bias", new int[] {3});
        Map<String, TensorInfo> infos = f.infos();
        for (var e : expected.entrySet()) {
            assertTrue(infos.containsKey(e.getKey()), "missing " + e.getKey());
            assertArrayEquals(e.getValue(), infos.get(e.getKey()).shape(), e.getKey());
        }
        // 25 patches x (4 Linear x 2 + 3 BatchNorm x 5) + encoder (6 Linear x 2 + 4 BatchNorm x 5).
        assertEquals(25 * (8 + 15) + 12 + 20, infos.size());
        assertTrue(m.namedBuffers().containsKey("encoder.bn1.running_mean"));
        assertFalse(m.namedParameters().containsKey("encoder.bn1.running_mean"));
        assertEquals(
                "atlasnet",
                f.metadata().entrySet().stream()
                        .filter(e -> e.getKey().endsWith("arch"))
                        .findFirst()
                        .orElseThrow()
                        .getValue());
    }

    @Test
    void saveLoadRoundTripRebuildsTheModelWithItsRunningStatistics(@TempDir Path dir) throws IOException {
        VaeConfig c = small(DType.FLOAT32);
        PointCloudVae m = new PointCloudVae(c, new SplittableRandom(1));
        SplittableRandom rng = new SplittableRandom(2);
        Tensor x = cloud(rng, DType.FLOAT32, 4, 30);
        m.forward(x, 30, rng).reconstruction().sum().backward(); // training mode: moves the running statistics
        Path file = dir.resolve("model.safetensors");
        Checkpoints.saveModel(file, m, c.toMetadata());
        PointCloudVae back = RunCheckpoint.loadModel(file);
        assertEquals(c, back.config());
        assertEquals(m.stateDict().keySet(), back.stateDict().keySet());
        for (var e : m.stateDict().entrySet()) {
            assertArrayEquals(
                    e.getValue().toDoubleArray(),
                    back.stateDict().get(e.getKey()).toDoubleArray(),
                    0.0,
                    e.getKey());
        }
        assertEquals(
                1.0, back.namedBuffers().get("encoder.bn1.num_batches_tracked").item());
        assertArrayEquals(
                m.reconstruct(x, 30).toDoubleArray(), back.reconstruct(x, 30).toDoubleArray(), 0.0);
    }

    @Test
    void metadataWithABadArchIsAnErrorNamingTheKey() {
        Map<String, String> meta = new LinkedHashMap<>(VaeConfig.atlasNet().toMetadata());
        meta.put("arch", "atlas");
        var e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.fromMetadata(meta));
        assertTrue(e.getMessage().contains("'arch'") && e.getMessage().contains("'atlas'"), e.getMessage());
        assertEquals(
                VaeConfig.atlasNet(),
                VaeConfig.fromMetadata(VaeConfig.atlasNet().toMetadata()));
    }

    @Test
    void evalForwardIsDeterministicAndUsesTheRunningStatistics() {
        PointCloudVae m = new PointCloudVae(small(DType.FLOAT64), new SplittableRandom(3));
        SplittableRandom rng = new SplittableRandom(4);
        Tensor x = cloud(rng, DType.FLOAT64, 3, 20);
        for (int i = 0; i < 3; i++) m.forward(x, 24, rng);
        Map<String, double[]> before = new LinkedHashMap<>();
        for (var e : m.namedBuffers().entrySet())
            before.put(e.getKey(), e.getValue().toDoubleArray());
        double[] a = m.reconstruct(x, 24).toDoubleArray(),
                b = m.reconstruct(x, 24).toDoubleArray();
        assertArrayEquals(a, b, 0.0);
        // Eval leaves the running statistics alone.
        for (var e : m.namedBuffers().entrySet())
            assertArrayEquals(before.get(e.getKey()), e.getValue().toDoubleArray(), 0.0, e.getKey());
        // A single cloud works in eval (batch statistics of one row would fail) and matches its row of the batch.
        double[] one = m.reconstruct(x.narrow(0, 0, 1), 24).toDoubleArray();
        double[] first = Arrays.copyOf(a, one.length);
        assertArrayEquals(first, one, 1e-12);
        // Moving a running mean moves the eval output.
        m.namedBuffers().get("decoder.0.bn2.running_mean").setFlat(0, 5.0);
        assertFalse(Arrays.equals(a, m.reconstruct(x, 24).toDoubleArray()));
    }

    @Test
    void graphFreeFoldedPathEqualsTheGraphPath() {
        // Width 16: decoded block by block; 520: weights deeper than the kernel's packed block, layer by layer.
        for (int hidden : new int[] {16, 520}) {
            for (DType dtype : DType.values()) {
                foldedEqualsGraph(small(dtype).withLatentAndHidden(hidden));
            }
        }
    }

    private static void foldedEqualsGraph(VaeConfig c) {
        DType dtype = c.dtype();
        PointCloudVae m = new PointCloudVae(c, new SplittableRandom(5));
        SplittableRandom rng = new SplittableRandom(6);
        Tensor x = cloud(rng, dtype, 2, 140);
        for (int i = 0; i < 2; i++) m.forward(x, 30, rng);
        // Randomise gamma and beta so the folding has something to fold.
        for (var e : m.namedParameters().entrySet()) {
            if (e.getKey().contains(".bn"))
                for (int i = 0; i < e.getValue().numel(); i++) e.getValue().setFlat(i, 0.5 + rng.nextDouble());
        }
        m.eval();
        Tensor mu = m.encoder().forward(x).mu(); // grad enabled: BatchNorm layers in eval mode, with a graph
        Tensor rec = m.decoder().forward(mu, 10, null);
        Tensor muFree, recFree;
        try (Autograd.Scope s = Autograd.noGrad()) {
            muFree = m.encoder().forward(x).mu();
            recFree = m.decoder().forward(muFree, 10, null);
        }
        double tol = dtype == DType.FLOAT64 ? 1e-10 : 2e-4;
        assertClose(mu.toDoubleArray(), muFree.toDoubleArray(), tol, dtype + " mu");
        assertClose(rec.toDoubleArray(), recFree.toDoubleArray(), tol, dtype + " reconstruction");
    }

    @Test
    void wholeModelGradientCheckInTrainingAndEvalMode() {
        VaeConfig c = VaeConfig.atlasNet()
                .withEncoderWidths(3, 4, 5)
                .withHeadWidth(4)
                .withLatentAndHidden(8)
                .withPatches(2)
                .withDtype(DType.FLOAT64);
        for (boolean training : new boolean[] {true, false}) {
            PointCloudVae m = new PointCloudVae(c, new SplittableRandom(7));
            SplittableRandom rng = new SplittableRandom(8);
            Tensor x = cloud(rng, DType.FLOAT64, 3, 6);
            m.forward(x, 6, rng);
            m.train(training);
            Tensor r = Tensor.randn(rng, DType.FLOAT64, 3, 6, 3);
            // The same template draw for every evaluation.
            GradCheck.check(
                            in -> m.decoder()
                                    .forward(m.encoder().forward(in[0]).mu(), 3, new SplittableRandom(9))
                                    .mul(r),
                            x)
                    .assertPassed();
        }
    }

    private static void assertClose(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertTrue(
                    Math.abs(want[i] - got[i]) <= tol * (1 + Math.abs(want[i])),
                    what + "[" + i + "]: " + want[i] + " vs " + got[i]);
        }
    }
}
