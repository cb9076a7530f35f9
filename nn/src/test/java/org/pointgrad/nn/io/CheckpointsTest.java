package org.pointgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;

class CheckpointsTest {
    @TempDir
    Path dir;

    private static Map<String, double[]> snapshot(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    private static void assertSameState(Map<String, double[]> expected, Module m) {
        Map<String, double[]> got = snapshot(m);
        assertEquals(expected.keySet(), got.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, got.get(k), k));
    }

    @Test
    void modelRoundTripCopiesIntoTheExistingTensors() throws IOException {
        TwoLayerNet a = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 1);
        a.counter.setFlat(0, 42);
        Path file = dir.resolve("m.safetensors");
        Checkpoints.saveModel(file, a, Map.of("hidden", "5", "activation", "relu"));

        TwoLayerNet b = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 2);
        Tensor w = b.fc1.weight;
        assertNotEquals(a.fc1.weight.getFlat(0), w.getFlat(0));
        LoadReport r = Checkpoints.loadModel(file, b, true);
        assertSameState(snapshot(a), b);
        assertTrue(w == b.fc1.weight && w.requiresGrad(), "same tensor object, still a parameter");
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "counter"), r.loaded());
        assertTrue(r.isComplete());
        assertEquals(Map.of("hidden", "5", "activation", "relu"), r.config());
        assertEquals(Map.of("hidden", "5", "activation", "relu"), Checkpoints.readConfig(file));
    }

    @Test
    void wrongShapeNamesFileTensorAndBothShapesAndChangesNothing() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Checkpoints.saveModel(file, new TwoLayerNet(3, 5, 2, DType.FLOAT32, 1), Map.of());
        TwoLayerNet other = new TwoLayerNet(3, 4, 2, DType.FLOAT32, 9);
        Map<String, double[]> before = snapshot(other);
        for (boolean strict : new boolean[] {true, false}) {
            CheckpointException e =
                    assertThrows(CheckpointException.class, () -> Checkpoints.loadModel(file, other, strict));
            String msg = e.getMessage();
            assertTrue(msg.contains(file.toString()), msg);
            assertTrue(msg.contains("'fc1.weight' has shape [3, 5] in the file but [3, 4] in the model"), msg);
            assertTrue(msg.contains("'fc2.weight' has shape [5, 2] in the file but [4, 2] in the model"), msg);
            assertSameState(before, other);
        }
    }

    /** A model with one extra parameter and without fc2.bias, to exercise missing and unexpected names. */
    static final class Variant extends Module {
        Variant(long seed) {
            TwoLayerNet base = new TwoLayerNet(3, 5, 2, DType.FLOAT32, seed);
            registerModule("fc1", base.fc1);
            registerModule("fc2", new Module() {
                {
                    registerParameter("weight", base.fc2.weight);
                }
            });
            registerBuffer("counter", base.counter);
            registerParameter("extra", Tensor.ones(DType.FLOAT32, 2));
        }
    }

    @Test
    void missingAndUnexpectedNamesStrictVersusNonStrict() throws IOException {
        TwoLayerNet saved = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 1);
        Path file = dir.resolve("m.safetensors");
        Checkpoints.saveModel(file, saved, Map.of());

        Variant v = new Variant(5);
        Map<String, double[]> before = snapshot(v);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.loadModel(file, v, true));
        assertTrue(e.getMessage().contains("missing [extra]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected [fc2.bias]"), e.getMessage());
        assertSameState(before, v);

        LoadReport r = Checkpoints.loadModel(file, v, false);
        assertEquals(List.of("extra"), r.missing());
        assertEquals(List.of("fc2.bias"), r.unexpected());
        assertTrue(!r.isComplete());
        assertArrayEquals(
                saved.fc2.weight.toDoubleArray(),
                v.namedParameters().get("fc2.weight").toDoubleArray());
        assertArrayEquals(
                before.get("extra"), v.namedParameters().get("extra").toDoubleArray(), "missing tensor left as it was");
    }

    @Test
    void dtypeMismatchIsAnErrorUnlessConversionIsAsked() throws IOException {
        TwoLayerNet f64 = new TwoLayerNet(3, 5, 2, DType.FLOAT64, 1);
        Path file = dir.resolve("m64.safetensors");
        Checkpoints.saveModel(file, f64, Map.of());
        TwoLayerNet f32 = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 3);
        Map<String, double[]> before = snapshot(f32);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.loadModel(file, f32, true));
        assertTrue(
                e.getMessage().contains("is FLOAT64 (stored F64) in the file but FLOAT32 in the model"),
                e.getMessage());
        assertSameState(before, f32);

        LoadReport r = Checkpoints.loadModel(file, f32, true, DTypePolicy.CONVERT);
        assertEquals(5, r.converted().size());
        float[] expected = f64.fc1.weight.toFloatArray();
        assertArrayEquals(expected, f32.fc1.weight.floatData());
    }

    @Test
    void corruptFileLeavesTheModelUntouched() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Checkpoints.saveModel(file, new TwoLayerNet(3, 5, 2, DType.FLOAT32, 1), Map.of());
        byte[] b = Files.readAllBytes(file);
        b[b.length - 5] ^= 0x10;
        Files.write(file, b);
        TwoLayerNet m = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 2);
        Map<String, double[]> before = snapshot(m);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.loadModel(file, m, true));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertSameState(before, m);
    }

    @Test
    void reservedConfigKeysAreRejected() {
        TwoLayerNet m = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 1);
        assertThrows(
                IllegalArgumentException.class,
                () -> Checkpoints.saveModel(dir.resolve("x.safetensors"), m, Map.of("pointgrad.kind", "x")));
        assertTrue(!Files.exists(dir.resolve("x.safetensors")));
    }

    private static void trainSteps(TwoLayerNet m, TestSgd opt, SplittableRandom rng, int steps) {
        for (int s = 0; s < steps; s++) {
            Tensor x = Tensor.randn(rng, DType.FLOAT32, 4, 3);
            Tensor y = Tensor.randn(rng, DType.FLOAT32, 4, 2);
            opt.zeroGrad();
            m.forward(x).sub(y).square().mean().backward();
            opt.step();
        }
    }

    @Test
    void resumedTrainingMatchesUninterruptedTrainingExactly() throws IOException {
        TwoLayerNet m = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 1);
        TestSgd opt = new TestSgd(m.namedParameters(), 0.05, 0.9);
        SplittableRandom rng = new SplittableRandom(11);
        trainSteps(m, opt, rng, 3);
        opt.setLearningRate(0.02);
        Path ckpt = dir.resolve("ckpt");
        Checkpoints.saveTraining(ckpt, m, opt, 1, 3, Map.of("rng", "split-of-11", "note", "after epoch 1"));
        assertTrue(Files.exists(ckpt.resolve(Checkpoints.MODEL_FILE))
                && Files.exists(ckpt.resolve(Checkpoints.generationFile(1))));

        SplittableRandom rngA = new SplittableRandom(99);
        trainSteps(m, opt, rngA, 2);

        TwoLayerNet m2 = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 77);
        TestSgd opt2 = new TestSgd(m2.namedParameters(), 1.0, 0.9);
        TrainingCheckpoint tc = Checkpoints.loadTraining(ckpt, m2, opt2, true);
        assertEquals(1, tc.epoch());
        assertEquals(3, tc.step());
        assertEquals(0.02, tc.learningRate());
        assertEquals(0.02, opt2.learningRate());
        assertEquals(3, opt2.stepCount());
        assertEquals(Map.of("rng", "split-of-11", "note", "after epoch 1"), tc.extra());
        assertTrue(tc.model().isComplete());
        trainSteps(m2, opt2, new SplittableRandom(99), 2);
        assertSameState(snapshot(m), m2);
    }

    @Test
    void damagedNewestGenerationFallsBackToThePreviousOneBeforeAnythingChanges() throws IOException {
        TwoLayerNet m = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 1);
        TestSgd opt = new TestSgd(m.namedParameters(), 0.05, 0.9);
        trainSteps(m, opt, new SplittableRandom(1), 1);
        Path c = dir.resolve("c");
        Checkpoints.saveTraining(c, m, opt, 0, 1, Map.of());
        Map<String, double[]> afterFirst = snapshot(m);
        trainSteps(m, opt, new SplittableRandom(2), 1);
        Checkpoints.saveTraining(c, m, opt, 0, 2, Map.of());
        assertEquals(
                List.of(c.resolve(Checkpoints.generationFile(2)), c.resolve(Checkpoints.generationFile(1))),
                Checkpoints.generations(c));
        byte[] bytes = Files.readAllBytes(c.resolve(Checkpoints.generationFile(2)));
        bytes[bytes.length - 3] ^= 0x10;
        Files.write(c.resolve(Checkpoints.generationFile(2)), bytes);

        TwoLayerNet m2 = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 5);
        TestSgd opt2 = new TestSgd(m2.namedParameters(), 0.5, 0.9);
        TrainingCheckpoint tc = Checkpoints.loadTraining(c, m2, opt2, true);
        assertEquals(1, tc.step());
        assertEquals(c.resolve(Checkpoints.generationFile(1)), tc.file());
        assertEquals(1, tc.skipped().size());
        assertTrue(
                tc.skipped().get(0).contains("checkpoint-000002.safetensors")
                        && tc.skipped().get(0).contains("checksum"),
                tc.skipped().get(0));
        assertSameState(afterFirst, m2);

        Files.write(c.resolve(Checkpoints.generationFile(1)), new byte[10]);
        TwoLayerNet m3 = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 6);
        Map<String, double[]> before = snapshot(m3);
        CheckpointException e = assertThrows(
                CheckpointException.class,
                () -> Checkpoints.loadTraining(c, m3, new TestSgd(m3.namedParameters(), 0.5, 0.9), true));
        assertTrue(
                e.getMessage().contains("checkpoint-000002.safetensors")
                        && e.getMessage().contains("older generation"),
                e.getMessage());
        assertSameState(before, m3);
    }

    @Test
    void savesKeepTwoGenerationsAndRemoveTempFilesOfAKilledWrite() throws IOException {
        TwoLayerNet m = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 1);
        TestSgd opt = new TestSgd(m.namedParameters(), 0.05, 0.9);
        Path c = dir.resolve("c");
        Files.createDirectories(c);
        Path staleModel = Files.write(c.resolve(".model.safetensors.123.tmp"), new byte[0]);
        Path staleGen = Files.write(c.resolve(".checkpoint-000004.safetensors.456.tmp"), new byte[1 << 10]);
        Path foreign = Files.write(c.resolve(".notes.txt.1.tmp"), new byte[1]);
        for (int i = 1; i <= 4; i++) Checkpoints.saveTraining(c, m, opt, i, i, Map.of());
        assertEquals(
                List.of(c.resolve(Checkpoints.generationFile(4)), c.resolve(Checkpoints.generationFile(3))),
                Checkpoints.generations(c));
        assertTrue(!Files.exists(staleModel) && !Files.exists(staleGen), "stale temp files removed");
        assertTrue(Files.exists(foreign), "temp files of other writers are left alone");
    }

    @Test
    void noCheckpointIsAnErrorNamingTheFolder() {
        TwoLayerNet m = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 1);
        CheckpointException e = assertThrows(
                CheckpointException.class,
                () -> Checkpoints.loadTraining(dir, m, new TestSgd(m.namedParameters(), 0.5, 0.9), true));
        assertTrue(
                e.getMessage().startsWith(dir.toString()) && e.getMessage().contains("no training checkpoint"),
                e.getMessage());
    }

    @Test
    void optimizerRejectingItsStateLeavesTheModelUnchanged() throws IOException {
        TwoLayerNet m = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 1);
        TestSgd opt = new TestSgd(m.namedParameters(), 0.05, 0.9);
        trainSteps(m, opt, new SplittableRandom(1), 1);
        Checkpoints.saveTraining(dir.resolve("c"), m, opt, 0, 1, Map.of());

        TwoLayerNet m2 = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 5);
        Map<String, Tensor> renamed = new LinkedHashMap<>();
        m2.namedParameters().forEach((k, v) -> renamed.put(k.equals("fc1.weight") ? "other.weight" : k, v));
        TestSgd opt2 = new TestSgd(renamed, 0.5, 0.9);
        Map<String, double[]> before = snapshot(m2);
        CheckpointException e = assertThrows(
                CheckpointException.class, () -> Checkpoints.loadTraining(dir.resolve("c"), m2, opt2, true));
        assertTrue(
                e.getMessage().contains("optimizer rejected") && e.getMessage().contains(Checkpoints.generationFile(1)),
                e.getMessage());
        assertSameState(before, m2);
    }
}
