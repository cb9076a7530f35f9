package org.pointgrad.vae.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.vae.model.VaeConfig;
import org.pointgrad.vae.schedule.KlSchedule;

/** A short training run on small sizes, on every build: the loss falls, sigma's weights move, specificity below 1. */
class ShortTrainingTest {
    static TrainingData data;

    @BeforeAll
    static void data() {
        data = TrainingData.syntheticAirplanes(40, 128, 3);
    }

    static TrainConfig config(Path out, int epochs, boolean ae) {
        VaeConfig small = VaeConfig.defaults().withEncoderWidths(3, 32, 64).withHeadWidth(32).withLatent(8).withPatches(4)
                .withHidden(32).withAutoencoder(ae);
        return new TrainConfig(out, small, 128, 8, 3e-3, 1e-3, KlSchedule.constant(), 0, epochs, 0, 5, 8, false);
    }

    @Test
    void shortRunLowersChamferMovesSigmaAndIsSpecific(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Trainer t = new Trainer(config(dir, 6, false), data, new PrintStream(log, true, StandardCharsets.UTF_8));
        var initial = new org.pointgrad.vae.model.PointCloudVae(config(dir, 6, false).model(), new java.util.SplittableRandom(5));
        Map<String, Tensor> before = initial.namedParameters();
        Trainer.Result r = t.run(false);
        var h = r.history();
        assertEquals(6, h.size());
        assertTrue(h.get(h.size() - 1).trainChamfer() < 0.7 * h.get(0).trainChamfer(),
                () -> "train Chamfer did not fall: " + h.get(0).trainChamfer() + " -> " + h.get(h.size() - 1).trainChamfer());
        // The initial weights are reproducible from the seed, so compare sigma's head against them.
        Tensor lvBefore = before.get("encoder.logvar.weight");
        Tensor lvAfter = r.model().namedParameters().get("encoder.logvar.weight");
        double diff = 0;
        for (int i = 0; i < lvAfter.numel(); i++) diff += Math.abs(lvAfter.getFlat(i) - lvBefore.getFlat(i));
        assertTrue(diff > 1e-3, "logvar weights did not move: " + diff);
        for (EpochMetrics m : h) assertEquals("mu:ok logvar:ok", m.headFlags(), "epoch " + m.epoch());
        assertTrue(h.get(h.size() - 1).specificity() < 1.0, "specificity " + h.get(h.size() - 1).specificity());
        assertTrue(Files.exists(dir.resolve("metrics.csv")));
        assertTrue(Files.exists(dir.resolve("model.safetensors")));
        assertEquals(7, Files.readAllLines(dir.resolve("metrics.csv")).size());
    }

    @Test
    void resumedRunMatchesAnUninterruptedOne(@TempDir Path a, @TempDir Path b) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Trainer.Result full = new Trainer(config(a, 4, false), data, quiet).run(false);
        new Trainer(config(b, 2, false), data, quiet).run(false);
        Trainer.Result resumed = new Trainer(config(b, 4, false), data, quiet).run(true);
        Map<String, Tensor> pa = full.model().namedParameters(), pb = resumed.model().namedParameters();
        for (String name : pa.keySet()) {
            assertArrayEquals(pa.get(name).toFloatArray(), pb.get(name).toFloatArray(), name);
        }
        assertEquals(full.history().get(3).trainChamfer(), resumed.history().get(3).trainChamfer());
    }

    @Test
    void stopRequestWritesACheckpointMidEpochAndResumeIsExact(@TempDir Path a, @TempDir Path b) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Trainer.Result full = new Trainer(config(a, 2, false), data, quiet).run(false);
        Trainer stopping = new Trainer(config(b, 2, false), data, quiet);
        stopping.requestStop();
        Trainer.Result cut = stopping.run(false);
        assertTrue(cut.interrupted());
        Trainer.Result resumed = new Trainer(config(b, 2, false), data, quiet).run(true);
        Map<String, Tensor> pa = full.model().namedParameters(), pb = resumed.model().namedParameters();
        for (String name : pa.keySet()) assertArrayEquals(pa.get(name).toFloatArray(), pb.get(name).toFloatArray(), name);
    }
}
