package org.pointgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

/** Damage a checkpoint can suffer: a full disk during a save, and any single changed byte of its header. */
class CheckpointRobustnessTest {
    @TempDir
    Path dir;

    @AfterEach
    void realDisk() {
        AtomicFiles.useStorage(null);
    }

    private static void train(TwoLayerNet m, TestSgd opt, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 4, 3);
        Tensor y = Tensor.randn(rng, DType.FLOAT32, 4, 2);
        opt.zeroGrad();
        m.forward(x).sub(y).square().mean().backward();
        opt.step();
    }

    private static float[] weights(TwoLayerNet m) {
        return m.fc1.weight.floatData().clone();
    }

    private List<String> tempFiles() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(AtomicFiles.TEMP_SUFFIX))
                    .toList();
        }
    }

    @Test
    void fullDiskDuringASaveKeepsThePreviousGenerationAndResumeWorksOnceThereIsSpace() throws IOException {
        TwoLayerNet m = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 1);
        TestSgd opt = new TestSgd(m.namedParameters(), 0.05, 0.9);
        train(m, opt, 1);
        Checkpoints.saveTraining(dir, m, opt, 1, 1, Map.of("k", "v"));
        float[] saved = weights(m);
        long genSize = Files.size(dir.resolve(Checkpoints.generationFile(1)));
        byte[] modelFile = Files.readAllBytes(dir.resolve(Checkpoints.MODEL_FILE));
        train(m, opt, 2);
        // The disk fills inside the generation write, then (next attempt) inside the model file after it.
        for (long free : new long[] {100, genSize + 50}) {
            AtomicFiles.useStorage(new FullDiskStorage(free));
            IOException e = assertThrows(
                    IOException.class, () -> Checkpoints.saveTraining(dir, m, opt, 2, 2, Map.of("k", "v")));
            assertTrue(
                    e.getMessage().contains("No space left on device")
                            && e.getMessage().contains(dir.toString()),
                    e.getMessage());
            assertEquals(List.of(), tempFiles());
            assertArrayEquals(
                    modelFile, Files.readAllBytes(dir.resolve(Checkpoints.MODEL_FILE)), "model file unchanged");
            TwoLayerNet back = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 9);
            TrainingCheckpoint tc =
                    Checkpoints.loadTraining(dir, back, new TestSgd(back.namedParameters(), 0.5, 0.9), true);
            assertTrue(tc.skipped().isEmpty());
            if (free == 100) {
                assertEquals(1, tc.step());
                assertArrayEquals(saved, weights(back));
            } else {
                // The generation itself was complete: it is the newest, and model.safetensors follows on the next save.
                assertEquals(2, tc.step());
                assertArrayEquals(weights(m), weights(back));
            }
        }
        AtomicFiles.useStorage(null);
        Checkpoints.saveTraining(dir, m, opt, 3, 3, Map.of("k", "v"));
        TwoLayerNet back = new TwoLayerNet(3, 5, 2, DType.FLOAT32, 9);
        assertEquals(
                3,
                Checkpoints.loadTraining(dir, back, new TestSgd(back.namedParameters(), 0.5, 0.9), true)
                        .step());
        Checkpoints.loadModel(dir.resolve(Checkpoints.MODEL_FILE), back, true);
        assertArrayEquals(weights(m), weights(back));
    }

    @Test
    void everySingleByteChangeOfAHeaderIsRejectedWithTheFileNamedOrHarmless() throws IOException {
        TwoLayerNet m = new TwoLayerNet(3, 4, 2, DType.FLOAT32, 1);
        TestSgd opt = new TestSgd(m.namedParameters(), 0.05, 0.9);
        train(m, opt, 1);
        Checkpoints.saveTraining(dir, m, opt, 24, 96, Map.of("run.epoch", "24", "tanh_output", "true"));
        // CRC32C detects every error burst of up to 32 bits, so every single-byte change of a header with a checksum is
        // caught; the test tries the eight one-bit flips and eight other values at every byte of both files (all 255
        // values with -Dpointgrad.fuzz.everyValue=true, about 30x longer).
        boolean everyValue = Boolean.getBoolean("pointgrad.fuzz.everyValue");
        SplittableRandom rng = new SplittableRandom(16);
        for (Path file : List.of(dir.resolve(Checkpoints.generationFile(1)), dir.resolve(Checkpoints.MODEL_FILE))) {
            byte[] bytes = Files.readAllBytes(file);
            SafeTensorsFile original = SafeTensors.decode(bytes, file);
            long headerEnd =
                    8 + ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            int rejected = 0, harmless = 0;
            for (int pos = 0; pos < headerEnd; pos++) {
                byte keep = bytes[pos];
                int[] deltas = new int[everyValue ? 255 : 16];
                for (int i = 0; i < deltas.length; i++)
                    deltas[i] = everyValue ? i + 1 : i < 8 ? 1 << i : 1 + rng.nextInt(255);
                for (int delta : deltas) {
                    bytes[pos] = (byte) (keep ^ delta);
                    try {
                        SafeTensorsFile f = SafeTensors.decode(bytes, file);
                        assertSame(original, f, pos, delta);
                        harmless++;
                    } catch (CheckpointException e) {
                        if (!e.getMessage().startsWith(file.toString())
                                || e.getMessage().contains("\n")) {
                            fail("byte " + pos + " ^ " + delta + ": not a one-line error naming the file: "
                                    + e.getMessage());
                        }
                        rejected++;
                    } catch (RuntimeException e) {
                        fail("byte " + pos + " ^ " + delta + ": " + e, e);
                    }
                }
                bytes[pos] = keep;
            }
            long tried = headerEnd * (everyValue ? 255 : 16);
            assertEquals(tried, rejected + harmless);
            assertTrue(rejected > 0.99 * tried, file + ": rejected " + rejected + ", harmless " + harmless);
        }
    }

    private static void assertSame(SafeTensorsFile a, SafeTensorsFile b, int pos, int delta) {
        String where = "byte " + pos + " ^ " + delta + " was accepted";
        assertEquals(a.metadata(), b.metadata(), where);
        assertEquals(a.tensors().keySet(), b.tensors().keySet(), where);
        for (String k : a.tensors().keySet()) {
            assertEquals(a.tensors().get(k).dtype(), b.tensors().get(k).dtype(), where);
            assertArrayEquals(a.tensors().get(k).shape(), b.tensors().get(k).shape(), where);
            assertArrayEquals(
                    a.tensors().get(k).toDoubleArray(), b.tensors().get(k).toDoubleArray(), where);
        }
    }
}
