package org.pointgrad.vae.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.io.Checkpoints;
import org.pointgrad.nn.optim.Adam;
import org.pointgrad.nn.schedule.Cosine;
import org.pointgrad.nn.schedule.Schedule;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.model.VaeConfig;

/** A short training run on small sizes, on every build: the loss falls, sigma's weights move, specificity below 1. */
class ShortTrainingTest {
    static TrainingData data;

    @BeforeAll
    static void data() {
        data = TrainingData.syntheticAirplanes(40, 128, 3);
    }

    static TrainConfig config(Path out, int epochs, boolean ae) {
        return config(out, epochs, ae, 3e-3, Schedule.constant(), 0);
    }

    static TrainConfig config(Path out, int epochs, boolean ae, double lr, Schedule lrSchedule, double minutes) {
        VaeConfig small = VaeConfig.defaults()
                .withEncoderWidths(3, 32, 64)
                .withHeadWidth(32)
                .withLatent(8)
                .withPatches(4)
                .withHidden(32)
                .withAutoencoder(ae);
        return TrainConfig.builder(out)
                .model(small)
                .points(128)
                .batch(8)
                .lr(lr)
                .lrSchedule(lrSchedule)
                .beta(1e-3)
                .epochs(epochs)
                .minutes(minutes)
                .seed(5)
                .evalShapes(8)
                .build();
    }

    /** The lr column of metrics.csv, one value per epoch. */
    static double[] lrColumn(Path run) throws Exception {
        var lines = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals("lr", lines.get(0).split(",")[2]);
        return lines.stream()
                .skip(1)
                .mapToDouble(l -> Double.parseDouble(l.split(",")[2]))
                .toArray();
    }

    @Test
    void shortRunLowersChamferMovesSigmaAndIsSpecific(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Trainer t = new Trainer(config(dir, 6, false), data, new PrintStream(log, true, StandardCharsets.UTF_8));
        var initial = new PointCloudVae(config(dir, 6, false).model(), new SplittableRandom(5));
        Map<String, Tensor> before = initial.namedParameters();
        Trainer.Result r = t.run(false);
        var h = r.history();
        assertEquals(6, h.size());
        assertTrue(
                h.get(h.size() - 1).trainChamfer() < 0.7 * h.get(0).trainChamfer(),
                () -> "train Chamfer did not fall: " + h.get(0).trainChamfer() + " -> "
                        + h.get(h.size() - 1).trainChamfer());
        // The initial weights are reproducible from the seed, so compare sigma's head against them.
        Tensor lvBefore = before.get("encoder.logvar.weight");
        Tensor lvAfter = r.model().namedParameters().get("encoder.logvar.weight");
        double diff = 0;
        for (int i = 0; i < lvAfter.numel(); i++) diff += Math.abs(lvAfter.getFlat(i) - lvBefore.getFlat(i));
        assertTrue(diff > 1e-3, "logvar weights did not move: " + diff);
        for (EpochMetrics m : h) assertEquals("mu:ok logvar:ok", m.headFlags(), "epoch " + m.epoch());
        assertTrue(
                h.get(h.size() - 1).specificity() < 1.0,
                "specificity " + h.get(h.size() - 1).specificity());
        assertTrue(Files.exists(dir.resolve("metrics.csv")));
        assertTrue(Files.exists(dir.resolve("model.safetensors")));
        assertEquals(7, Files.readAllLines(dir.resolve("metrics.csv")).size());
    }

    @Test
    void resumedRunMatchesAnUninterruptedOne(@TempDir Path a, @TempDir Path b) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Trainer.Result full = new Trainer(config(a, 4, false), data, quiet).run(false);
        Trainer first = new Trainer(config(b, 4, false), data, quiet);
        first.stopAtStep(8); // 4 steps per epoch: the end of epoch 1
        assertTrue(first.run(false).interrupted());
        Trainer.Result resumed = new Trainer(config(b, 4, false), data, quiet).run(true);
        Map<String, Tensor> pa = full.model().namedParameters(),
                pb = resumed.model().namedParameters();
        for (String name : pa.keySet()) {
            assertArrayEquals(pa.get(name).toFloatArray(), pb.get(name).toFloatArray(), name);
        }
        assertEquals(
                full.history().get(3).trainChamfer(), resumed.history().get(3).trainChamfer());
        // Epoch 1 was resumed after its last step: its row still reports that step's schedules.
        assertEquals(full.history().get(1).beta(), resumed.history().get(1).beta());
        assertEquals(full.history().get(1).lr(), resumed.history().get(1).lr());
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
        Map<String, Tensor> pa = full.model().namedParameters(),
                pb = resumed.model().namedParameters();
        for (String name : pa.keySet())
            assertArrayEquals(pa.get(name).toFloatArray(), pb.get(name).toFloatArray(), name);
    }

    @Test
    void cosineScheduleLowersTheLrColumnEveryEpoch(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        new Trainer(config(dir, 4, false, 3e-3, new Cosine(0.1, 0), 0), data, quiet).run(false);
        double[] lr = lrColumn(dir);
        assertEquals(4, lr.length);
        for (int e = 1; e < lr.length; e++)
            assertTrue(lr[e] < lr[e - 1], "lr did not fall at epoch " + e + ": " + Arrays.toString(lr));
        // The column holds the rate of each epoch's last step (4 steps per epoch: fractional epoch e + 3/4).
        assertTrue(lr[0] < 3e-3 && lr[0] > 0.9 * 3e-3, "epoch 0 lr " + lr[0]);
        assertTrue(lr[3] < 0.2 * 3e-3 && lr[3] >= 0.1 * 3e-3 * (1 - 1e-5), "last lr " + lr[3]);
    }

    @Test
    void constantScheduleKeepsTheBaseLr(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        new Trainer(config(dir, 2, false, 2e-3, Schedule.constant(), 0), data, quiet).run(false);
        for (double v : lrColumn(dir)) assertEquals(2e-3, v, 1e-12);
    }

    @Test
    void cosineRunStoppedMidEpochResumesExactlyWithTheOriginalLrSettings(@TempDir Path a, @TempDir Path b)
            throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Trainer.Result full = new Trainer(config(a, 4, false, 3e-3, new Cosine(0.05, 0), 0), data, quiet).run(false);
        Trainer stopping = new Trainer(config(b, 4, false, 3e-3, new Cosine(0.05, 0), 0), data, quiet);
        stopping.stopAtStep(10); // 4 steps per epoch: half-way through epoch 2
        assertTrue(stopping.run(false).interrupted());
        Trainer.Result resumed = new Trainer(config(b, 4, false, 3e-3, new Cosine(0.05, 0), 0), data, quiet).run(true);
        Map<String, Tensor> pa = full.model().namedParameters(),
                pb = resumed.model().namedParameters();
        for (String name : pa.keySet())
            assertArrayEquals(pa.get(name).toFloatArray(), pb.get(name).toFloatArray(), name);
        assertArrayEquals(lrColumn(a), lrColumn(b));
        assertEquals(
                full.history().get(3).trainChamfer(), resumed.history().get(3).trainChamfer());
        assertEquals(3e-3, resumed.baseLr());
        assertEquals("cosine:0.05", resumed.lrSchedule().describe());
    }

    @Test
    void resumeWithADifferentSettingIsRefusedNamingItAndLeavesTheRunAlone(@TempDir Path b) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Trainer stopping = new Trainer(config(b, 4, false, 3e-3, new Cosine(0.05, 0), 0), data, quiet);
        stopping.stopAtStep(6);
        assertTrue(stopping.run(false).interrupted());
        var gens = Checkpoints.generations(b);
        byte[] before = Files.readAllBytes(gens.get(0));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Trainer(config(b, 4, false, 1e-2, new Cosine(0.05, 0), 0), data, quiet).run(true));
        assertTrue(
                e.getMessage().contains("lr 0.003")
                        && e.getMessage().contains("0.01")
                        && e.getMessage().contains("keeps its settings"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new Trainer(config(b, 9, false, 3e-3, new Cosine(0.05, 0), 0), data, quiet).run(true));
        assertTrue(e.getMessage().contains("epochs 4"), e.getMessage());
        assertEquals(gens, Checkpoints.generations(b));
        assertArrayEquals(before, Files.readAllBytes(gens.get(0)));
    }

    @Test
    void divergenceStopsAtTheFirstNonFiniteStepNamingItAndKeepsTheLastGoodCheckpoint(@TempDir Path b) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        new Trainer(config(b, 1, false, 3e-3, Schedule.constant(), 0), data, quiet).run(false);
        byte[] good = Files.readAllBytes(b.resolve("model.safetensors"));
        // An lr of 1e30 makes the weights overflow after the first update: every later step is non-finite.
        Path c = b.resolve("big");
        DivergenceException e = assertThrows(
                DivergenceException.class,
                () -> new Trainer(config(c, 3, false, 1e30, Schedule.constant(), 0), data, quiet).run(false));
        assertTrue(
                e.getMessage().startsWith("training diverged at epoch 0, step 2 of the epoch (global step 2)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("anomaly mode: ") || e.getMessage().contains("not finite"), e.getMessage());
        assertTrue(!Autograd.isAnomalyMode(), "anomaly mode restored");
        assertEquals(List.of(), Checkpoints.generations(c), "no checkpoint of a diverged model");
        assertArrayEquals(good, Files.readAllBytes(b.resolve("model.safetensors")));
    }

    @Test
    void timeBudgetPlansEpochsAfterEpochOneAndKeepsTheStartLrUntilThen(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // 0.1 minutes: several epochs of this tiny model, so the plan is made at the end of epoch 1.
        Trainer.Result r = new Trainer(
                        config(dir, 0, false, 3e-3, new Cosine(0.05, 0), 0.1),
                        data,
                        new PrintStream(log, true, StandardCharsets.UTF_8))
                .run(false);
        assertTrue(
                r.history().size() >= 3,
                "expected at least 3 epochs in 6 s, got " + r.history().size());
        double[] lr = lrColumn(dir);
        assertEquals(3e-3, lr[0], 0.0, "epoch 0 must run at the base lr (no plan yet)");
        assertEquals(3e-3, lr[1], 0.0, "epoch 1 must run at the base lr (no plan yet)");
        assertTrue(lr[lr.length - 1] < 3e-3, "lr never decayed: " + Arrays.toString(lr));
        double planned = RunCheckpoint.load(dir, 3e-3).state().plannedEpochs();
        assertTrue(planned >= 2 && Double.isFinite(planned), "planned " + planned);
        // The plan made after epoch 1, or the last one it was lowered to when later epochs ran slower.
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(
                text.contains("planned epochs: " + (long) planned + " (")
                        || text.contains("-> " + (long) planned + " ("),
                text);
    }

    @Test
    void stopAfterTheLastEpochLeavesNoTornFilesAndAResumeWritesTheRest(@TempDir Path b) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Trainer first = new Trainer(config(b, 1, false), data, quiet);
        first.stopAtStep(4); // the last step of the only epoch
        assertTrue(first.run(false).interrupted());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // Ctrl-C once training is done: the pipeline stops before the priors.
        RunPipeline.Outcome stopped = RunPipeline.run(
                config(b, 1, false),
                data,
                true,
                4,
                new PrintStream(log, true, StandardCharsets.UTF_8),
                Trainer::requestStop);
        assertTrue(stopped.interrupted());
        assertTrue(
                log.toString(StandardCharsets.UTF_8).contains("interrupted after training, before the priors"),
                log.toString(StandardCharsets.UTF_8));
        assertTrue(!Files.exists(b.resolve("eval.json")) && !Files.exists(b.resolve("loss.png")));
        RunPipeline.Outcome done = RunPipeline.run(config(b, 1, false), data, true, 4, quiet, null);
        assertTrue(!done.interrupted());
        assertEquals(1, done.history().size());
        for (String f : new String[] {"eval.json", "loss.png", "report.html", "prior_gmm.safetensors"}) {
            assertTrue(Files.size(b.resolve(f)) > 0, f);
        }
        try (var files = Files.list(b)) {
            assertEquals(
                    List.of(),
                    files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                            .toList());
        }
    }

    @Test
    void runStateThatDisagreesWithTheCheckpointIsRefused(@TempDir Path b) throws Exception {
        var model = new PointCloudVae(config(b, 1, false).model(), new SplittableRandom(1));
        var opt = new Adam(model.namedParameters(), 1e-3);
        Map<String, String> extra = new LinkedHashMap<>(new RunState(4, 0, 16, 0, 0, 1.0, 24).toMetadata());
        Checkpoints.saveTraining(b, model, model.config().toMetadata(), opt, 24, 96, extra);
        IOException e = assertThrows(IOException.class, () -> RunCheckpoint.load(b, 1e-3));
        assertTrue(e.getMessage().contains("run.epoch 4") && e.getMessage().contains("epoch 24"), e.getMessage());
    }

    @Test
    void aRunOfAnotherRunFormatIsNotResumed(@TempDir Path b) throws Exception {
        PointCloudVae model = new PointCloudVae(config(b, 1, false).model(), new SplittableRandom(1));
        Adam opt = new Adam(model.namedParameters(), 1e-3);
        Map<String, String> extra = new LinkedHashMap<>(new RunState(1, 0, 4, 0, 0, 1.0, 2).toMetadata());
        extra.remove("run.format");
        Checkpoints.saveTraining(b, model, model.config().toMetadata(), opt, 1, 4, extra);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new Trainer(config(b, 2, false), data, quiet).run(true));
        assertTrue(e.getMessage().contains("run format 1, this pointvae resumes format 2 only"), e.getMessage());
        assertTrue(
                e.getMessage().contains("--overwrite") && e.getMessage().lines().count() == 1, e.getMessage());
    }
}
